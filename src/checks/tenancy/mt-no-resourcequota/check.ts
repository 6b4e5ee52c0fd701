import type { K8sObject } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import type { NamespaceTarget } from '../../targets.js';
import { policyUndecidable, tenantNamespaces } from '../namespace-scope.js';

/** Quota keys that cap compute; a quota on object counts alone does not stop a noisy tenant. */
const COMPUTE_KEYS = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

function hardKeys(quota: K8sObject): string[] {
  const spec = quota.spec as { hard?: unknown } | undefined;
  const hard = spec?.hard;
  return hard !== null && typeof hard === 'object' && !Array.isArray(hard) ? Object.keys(hard) : [];
}

export const check = defineCheck<NamespaceTarget, 'missing' | 'noCompute'>({
  id: 'mt-no-resourcequota',
  title: 'Namespace without ResourceQuota',
  severity: 'low',
  area: 'tenancy',
  description:
    'Without a ResourceQuota capping CPU and memory, one namespace can take every resource of the nodes and starve the others (denial of service between tenants).',
  remediation:
    'Create a ResourceQuota in each tenant namespace with `spec.hard` limits on `requests.cpu`, `requests.memory`, `limits.cpu` and `limits.memory` (and object counts where useful).',
  messages: {
    missing: 'Namespace "{{namespace}}" has no ResourceQuota',
    noCompute:
      'Namespace "{{namespace}}" has ResourceQuota "{{quota}}" but none caps CPU or memory (only {{keys}})',
  },
  links: ['https://kubernetes.io/docs/concepts/policy/resource-quotas/'],
  options: { excludeNamespaces: [] },
  targets: (inventory, options) => tenantNamespaces(inventory, options),
  evaluate(target, context) {
    const quotas = context.inventory.byNamespace('ResourceQuota').get(target.namespace) ?? [];
    if (quotas.some((quota) => hardKeys(quota).some((key) => COMPUTE_KEYS.has(key)))) return;
    if (quotas.length > 0) {
      const quota = quotas[0] as K8sObject;
      const keys = hardKeys(quota);
      context.fail(
        'noCompute',
        { namespace: target.namespace, quota: quota.metadata?.name ?? '', keys: keys.length > 0 ? keys.join(', ') : 'no limits' },
        { object: quota, path: ['spec', 'hard'] },
      );
      return;
    }
    const undecidable = policyUndecidable(context.inventory, target, 'resourcequotas');
    if (undecidable) return context.notEvaluated(undecidable);
    context.fail('missing', { namespace: target.namespace });
  },
});
