import type { K8sObject } from '../../../model/index.js';
import { isEmptySelector, selectorMatches } from '../../../inventory/index.js';
import { defineCheck, type CheckContext } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { stringListOption } from '../../targets.js';
import {
  clientTarget,
  configurationTargets,
  coversPods,
  describeRules,
  describeSelector,
  failurePolicyOf,
  NAMESPACE_NAME_LABEL,
  urlLocation,
  webhooksOf,
  type ConfigurationTarget,
  type Webhook,
} from '../../logging/mon-admission-webhooks-inventory/admission-webhooks.js';
import { securityEngineOf } from './security-engines.js';

type MessageId = 'failOpen' | 'excludesNamespaces' | 'onlyNamespaces' | 'excludesByLabel' | 'objectOptOut';

function namespaceLabels(namespace: K8sObject): Record<string, string> {
  // The API server sets this label on every namespace; manifests often leave it out.
  return { ...(namespace.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: namespace.metadata?.name ?? '' };
}

function listed(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function labelBased(webhook: Webhook): boolean {
  const selector = webhook.namespaceSelector;
  return (
    Object.keys(selector?.matchLabels ?? {}).some((key) => key !== NAMESPACE_NAME_LABEL) ||
    (selector?.matchExpressions ?? []).some((requirement) => requirement.key !== NAMESPACE_NAME_LABEL)
  );
}

export const check = defineCheck<ConfigurationTarget, MessageId>({
  id: 'sc-webhook-fail-open',
  title: 'Security webhooks with `failurePolicy: Ignore` or broad `namespaceSelector` exclusions',
  severity: 'medium',
  area: 'supply-chain',
  description:
    'A policy webhook (Kyverno, Gatekeeper, Sigstore policy-controller, Ratify, Kubewarden, or any validating webhook on pods) with `failurePolicy: Ignore` admits everything while it is down, overloaded or being attacked. Namespaces left out by its namespaceSelector beyond kube-system and the engine\'s own namespace are never checked, and an objectSelector on a policy engine lets whoever writes an object opt it out with a label.',
  remediation:
    'Set `failurePolicy: Fail` and run the engine highly available; narrow namespaceSelector exclusions to kube-system and the engine\'s own namespace; drop objectSelectors from policy webhooks.',
  messages: {
    failOpen:
      '{{engine}} webhook "{{webhook}}" has failurePolicy Ignore{{implicit}}: while it is unavailable, {{rules}} are admitted unchecked',
    excludesNamespaces: '{{engine}} webhook "{{webhook}}" never checks namespaces {{namespaces}} (namespaceSelector excludes them)',
    onlyNamespaces: '{{engine}} webhook "{{webhook}}" only checks namespaces {{namespaces}}; every other namespace is exempt',
    excludesByLabel:
      '{{engine}} webhook "{{webhook}}" does not check namespaces {{namespaces}}: their labels fall outside its namespaceSelector ({{selector}})',
    objectOptOut:
      '{{engine}} webhook "{{webhook}}" has an objectSelector ({{selector}}): whoever creates an object can exempt it through its labels',
  },
  links: [
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
    'https://kyverno.io/docs/installation/customization/',
  ],
  options: { allowedExcludedNamespaces: ['kube-system'] },
  targets: (inventory) => configurationTargets(inventory),
  evaluate({ object }, context) {
    const mutating = object.kind === 'MutatingWebhookConfiguration';
    for (const webhook of webhooksOf(object)) {
      const client = clientTarget(webhook);
      // Served on the control plane host itself (EKS's own webhooks): AWS runs and configures them.
      if (client.type === 'url' && urlLocation(client.host) === 'control-plane') continue;
      const engine = securityEngineOf(webhook);
      // Mutating webhooks outside the policy engines (sidecar injectors, credential injection) enforce nothing.
      if (!engine && (mutating || !coversPods(webhook.rules))) continue;
      // A generated webhook without rules (e.g. Kyverno's -ignore one with no such policy) intercepts nothing.
      if (webhook.rules.length === 0) continue;
      const base = { engine: engine?.name ?? 'Pod admission', webhook: webhook.name };
      const failure = failurePolicyOf(webhook);
      if (failure.policy === 'Ignore') {
        const path = [...webhook.path, 'failurePolicy'];
        context.fail(
          'failOpen',
          { ...base, rules: describeRules(webhook.rules), implicit: failure.explicit ? '' : ' (the v1beta1 default)' },
          {
            path,
            fix: {
              kind: 'suggestion',
              description: engine?.hint ?? 'Set failurePolicy to Fail once the webhook runs with several replicas',
              operations: [{ op: failure.explicit ? 'replace' : 'add', path: toJsonPointer(path), value: 'Fail' }],
            },
          },
        );
      }
      evaluateNamespaceSelector(webhook, Boolean(engine), base, context);
      if (engine && !isEmptySelector(webhook.objectSelector)) {
        context.fail('objectOptOut', { ...base, selector: describeSelector(webhook.objectSelector) }, {
          path: [...webhook.path, 'objectSelector'],
        });
      }
    }
  },
});

function evaluateNamespaceSelector(
  webhook: Webhook,
  isEngine: boolean,
  base: { engine: string; webhook: string },
  context: CheckContext<MessageId>,
): void {
  const selector = webhook.namespaceSelector;
  if (!selector) return;
  const client = clientTarget(webhook);
  const allowedOption = stringListOption(context.options, 'allowedExcludedNamespaces');
  const allowed = new Set([...allowedOption, ...(client.type === 'service' ? [client.namespace] : [])]);
  const selectorPath = [...webhook.path, 'namespaceSelector'];
  const reported = new Set<string>();
  (selector.matchExpressions ?? []).forEach((requirement, index) => {
    if (requirement.key !== NAMESPACE_NAME_LABEL) return;
    const values = requirement.values ?? [];
    const path = [...selectorPath, 'matchExpressions', index];
    if (requirement.operator === 'NotIn') {
      const extra = values.filter((name) => !allowed.has(name));
      extra.forEach((name) => reported.add(name));
      if (extra.length > 0) context.fail('excludesNamespaces', { ...base, namespaces: listed(extra) }, { path });
    } else if (requirement.operator === 'In' && isEngine) {
      context.fail('onlyNamespaces', { ...base, namespaces: listed(values) }, { path });
    }
  });
  const pinned = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (pinned !== undefined && isEngine) {
    context.fail('onlyNamespaces', { ...base, namespaces: pinned }, { path: [...selectorPath, 'matchLabels', NAMESPACE_NAME_LABEL] });
  }
  // Label-based opt-in/opt-out selectors are judged on the namespaces the input shows.
  if (!isEngine || !labelBased(webhook)) return;
  const namespaces = context.inventory.ofKind('Namespace');
  if (namespaces.length === 0) {
    context.notEvaluated('the namespaceSelector depends on namespace labels and the input has no Namespace objects', {
      path: selectorPath,
    });
    return;
  }
  const excluded = namespaces
    .filter((namespace) => !selectorMatches(selector, namespaceLabels(namespace)))
    .map((namespace) => namespace.metadata?.name ?? '')
    .filter((name) => !allowed.has(name) && !reported.has(name) && pinned === undefined)
    .sort();
  if (excluded.length > 0) {
    context.fail('excludesByLabel', { ...base, namespaces: listed(excluded), selector: describeSelector(selector) }, { path: selectorPath });
  }
}
