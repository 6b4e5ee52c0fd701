import { defineCheck } from '../../define-check.js';
import { clusterScope } from '../../recovery/whole-cluster.js';
import {
  clientTarget,
  configurationTargets,
  describeRules,
  describeSelector,
  failurePolicyOf,
  urlLocation,
  webhooksOf,
  type ConfigurationTarget,
} from './admission-webhooks.js';

export const check = defineCheck<ConfigurationTarget, 'webhook' | 'externalUrl'>({
  id: 'mon-admission-webhooks-inventory',
  title: 'Inventory of validating/mutating webhooks (unknown/rogue webhooks)',
  severity: 'info',
  area: 'logging',
  description:
    'Admission webhooks see (and mutating ones rewrite) every object they match, Secrets included. An unknown webhook is a classic persistence and exfiltration mechanism. This check lists each webhook with where it sends requests, what it intercepts and how it fails, for review; webhooks that send requests to a URL outside the cluster are raised to medium.',
  remediation:
    'Review each webhook: remove those nobody owns, restrict RBAC on webhook configurations (CIS 4.1.11), and prefer in-cluster Services over external URLs.',
  messages: {
    webhook:
      '{{kind}} "{{configuration}}" webhook "{{webhook}}" calls {{target}}; rules: {{rules}}; failurePolicy: {{failurePolicy}}; namespaceSelector: {{namespaceSelector}}; objectSelector: {{objectSelector}}',
    externalUrl:
      '{{kind}} "{{configuration}}" webhook "{{webhook}}" sends admission requests outside the cluster to {{target}}; rules: {{rules}}; failurePolicy: {{failurePolicy}}; namespaceSelector: {{namespaceSelector}}; objectSelector: {{objectSelector}}',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/'],
  targets: (inventory) => configurationTargets(inventory),
  evaluate({ object }, context) {
    const whole = clusterScope(context.inventory).whole;
    for (const webhook of webhooksOf(object)) {
      const client = clientTarget(webhook);
      const failure = failurePolicyOf(webhook);
      const data = {
        kind: object.kind === 'MutatingWebhookConfiguration' ? 'Mutating' : 'Validating',
        configuration: object.metadata?.name ?? '',
        webhook: webhook.name,
        rules: describeRules(webhook.rules),
        failurePolicy: failure.explicit ? failure.policy : `${failure.policy} (default)`,
        namespaceSelector: describeSelector(webhook.namespaceSelector),
        objectSelector: describeSelector(webhook.objectSelector),
      };
      if (client.type === 'url') {
        const location = urlLocation(client.host);
        const path = [...webhook.path, 'clientConfig', 'url'];
        if (location === 'external') {
          context.fail('externalUrl', { ...data, target: client.url }, { path, severity: 'medium' });
        } else {
          const where = location === 'control-plane' ? 'on the control plane host' : 'a cluster Service name';
          context.fail('webhook', { ...data, target: `URL ${client.url} (${where})` }, { path });
        }
        continue;
      }
      if (client.type === 'service') {
        const missing = whole && !context.inventory.get('Service', client.namespace, client.name) ? ', which does not exist' : '';
        const target = `service ${client.namespace}/${client.name}:${client.port}${client.path}${missing}`;
        context.fail('webhook', { ...data, target }, { path: [...webhook.path, 'clientConfig', 'service'] });
        continue;
      }
      context.fail('webhook', { ...data, target: 'no clientConfig target' }, { path: [...webhook.path, 'clientConfig'] });
    }
  },
});
