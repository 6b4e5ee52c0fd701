import type { Workload } from '../../../inventory/index.js';
import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget, isSystemNamespace, stringListOption } from '../../targets.js';
import { numberOption } from '../../recovery/clock.js';
import { clusterScope } from '../../recovery/whole-cluster.js';

export const check = defineCheck<Target, 'allDefault' | 'single'>({
  id: 'mt-no-namespace-boundaries',
  title: 'Workloads not separated into namespaces',
  severity: 'info',
  area: 'tenancy',
  description:
    'Namespaces are the boundary that RBAC, quotas, NetworkPolicies and Pod Security Admission apply to. When every workload shares one namespace, none of them can be scoped per application or team.',
  remediation:
    'Give each application or team its own namespace and move its workloads, Roles, quotas and policies there.',
  messages: {
    allDefault: 'All {{count}} user workloads run in the default namespace: there is no administrative boundary between them',
    single: 'All {{count}} user workloads of the cluster run in namespace "{{namespace}}": there is no administrative boundary between them',
  },
  links: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  options: { minWorkloads: 2, excludeNamespaces: [] },
  targets: (inventory) => [clusterTarget(inventory)],
  evaluate(_target, context) {
    const exclude = stringListOption(context.options, 'excludeNamespaces');
    const workloads = context.inventory.workloads().filter((workload) => !isSystemNamespace(workload.namespace, exclude));
    if (workloads.length === 0) return context.notEvaluated('the input has no user workloads');
    const namespaces = new Set(workloads.map((workload) => workload.namespace));
    if (namespaces.size > 1 || workloads.length < numberOption(context.options, 'minWorkloads', 2)) return;
    const first = workloads[0] as Workload;
    // A manifest set shows one repository: one namespace for it is normal unless it is `default`.
    if (first.namespace !== 'default' && !clusterScope(context.inventory).whole) return;
    const path = first.object.metadata?.namespace === undefined ? ['metadata'] : ['metadata', 'namespace'];
    context.fail(first.namespace === 'default' ? 'allDefault' : 'single', { count: workloads.length, namespace: first.namespace }, {
      object: first.object,
      path,
    });
  },
});
