import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';

export const check = defineCheck<Workload, 'naked'>({
  id: 'wl-naked-pod',
  title: 'Pod without a controller',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'A Pod created directly, with no Deployment, StatefulSet, DaemonSet or Job owning it, is not recreated when its node fails, drains or evicts it, and cannot be rolled out or scaled. In a live cluster such pods are often leftovers of `kubectl run` debugging sessions.',
  remediation: 'Run the pod from a controller (a Deployment, or a Job for one-off work), or delete it if it is a leftover.',
  messages: {
    naked: 'Pod "{{name}}" has no owner: nothing recreates it if its node fails or it is evicted',
  },
  links: ['https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs'],
  targets: (inventory) => inventory.workloads().filter((workload) => workload.resource.kind === 'Pod'),
  evaluate(workload, context) {
    const owners = workload.object.metadata?.ownerReferences ?? [];
    if (owners.length > 0) return;
    context.fail('naked', { name: workload.resource.name }, { path: ['metadata', 'ownerReferences'] });
  },
});
