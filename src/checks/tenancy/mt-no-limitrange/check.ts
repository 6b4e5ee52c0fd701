import type { K8sObject } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import type { NamespaceTarget } from '../../targets.js';
import { policyUndecidable, tenantNamespaces } from '../namespace-scope.js';

interface LimitItem {
  type?: unknown;
  default?: unknown;
  defaultRequest?: unknown;
  max?: unknown;
}

function items(range: K8sObject): LimitItem[] {
  const limits = (range.spec as { limits?: unknown } | undefined)?.limits;
  return Array.isArray(limits) ? limits.filter((item): item is LimitItem => item !== null && typeof item === 'object') : [];
}

function nonEmpty(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

/** A Container or Pod item with defaults or a maximum bounds containers that declare nothing. */
function boundsContainers(range: K8sObject): boolean {
  return items(range).some(
    (item) =>
      (item.type === 'Container' || item.type === 'Pod') &&
      (nonEmpty(item.default) || nonEmpty(item.defaultRequest) || nonEmpty(item.max)),
  );
}

export const check = defineCheck<NamespaceTarget, 'missing' | 'noContainerLimits'>({
  id: 'mt-no-limitrange',
  title: 'Namespace without LimitRange',
  severity: 'low',
  area: 'tenancy',
  description:
    'A LimitRange gives containers that declare no resources a default request and limit, and caps what one container may ask for. Without it, such containers are unbounded (and, with a compute ResourceQuota, rejected).',
  remediation:
    'Create a LimitRange with a `type: Container` item setting `default`, `defaultRequest` and `max` for cpu and memory in each tenant namespace.',
  messages: {
    missing: 'Namespace "{{namespace}}" has no LimitRange',
    noContainerLimits:
      'Namespace "{{namespace}}" has LimitRange "{{range}}" but it sets no default or maximum for containers or pods',
  },
  links: ['https://kubernetes.io/docs/concepts/policy/limit-range/'],
  options: { excludeNamespaces: [] },
  targets: (inventory, options) => tenantNamespaces(inventory, options),
  evaluate(target, context) {
    const ranges = context.inventory.byNamespace('LimitRange').get(target.namespace) ?? [];
    if (ranges.some(boundsContainers)) return;
    if (ranges.length > 0) {
      const range = ranges[0] as K8sObject;
      context.fail(
        'noContainerLimits',
        { namespace: target.namespace, range: range.metadata?.name ?? '' },
        { object: range, path: ['spec', 'limits'] },
      );
      return;
    }
    const undecidable = policyUndecidable(context.inventory, target, 'limitranges');
    if (undecidable) return context.notEvaluated(undecidable);
    context.fail('missing', { namespace: target.namespace });
  },
});
