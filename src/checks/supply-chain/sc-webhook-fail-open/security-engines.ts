import type { Webhook } from '../../logging/mon-admission-webhooks-inventory/admission-webhooks.js';
import { clientTarget } from '../../logging/mon-admission-webhooks-inventory/admission-webhooks.js';

interface Engine {
  name: string;
  webhookName: RegExp;
  service: (namespace: string, name: string) => boolean;
  /** Where a failure policy is changed, since these engines manage their own webhooks. */
  hint: string;
}

/** Policy engines whose webhooks enforce security policy, by webhook name or backing Service. */
const ENGINES: Engine[] = [
  {
    name: 'Kyverno',
    webhookName: /\.kyverno\.svc(-(fail|ignore))?$/,
    service: (_namespace, name) => name === 'kyverno-svc',
    hint: 'Kyverno generates this webhook from its policies: set `failurePolicy: Fail` on the ClusterPolicies/Policies (or the admission controller\'s forceFailurePolicyIgnore off)',
  },
  {
    name: 'Gatekeeper',
    webhookName: /\.gatekeeper\.sh$/,
    service: (_namespace, name) => name === 'gatekeeper-webhook-service',
    hint: 'Set the Helm value validatingWebhookFailurePolicy (or mutatingWebhookFailurePolicy) to Fail',
  },
  {
    name: 'Sigstore policy-controller',
    webhookName: /(^|\.)sigstore\.dev$/,
    service: (namespace) => namespace === 'cosign-system',
    hint: 'Set the policy-controller webhook failurePolicy to Fail',
  },
  {
    name: 'Ratify',
    webhookName: /ratify/,
    service: (namespace, name) => name.includes('ratify') || namespace === 'ratify-service',
    hint: 'Set the Ratify (or fronting Gatekeeper) webhook failurePolicy to Fail',
  },
  {
    name: 'Kubewarden',
    webhookName: /\.kubewarden\.admission$/,
    service: (namespace) => namespace === 'kubewarden',
    hint: 'Set `failurePolicy: Fail` on the Kubewarden ClusterAdmissionPolicy',
  },
];

export interface EngineMatch {
  name: string;
  hint: string;
}

export function securityEngineOf(webhook: Webhook): EngineMatch | undefined {
  const client = clientTarget(webhook);
  const engine = ENGINES.find(
    (candidate) =>
      candidate.webhookName.test(webhook.name) || (client.type === 'service' && candidate.service(client.namespace, client.name)),
  );
  return engine ? { name: engine.name, hint: engine.hint } : undefined;
}
