import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { listFailure } from '../../recovery/whole-cluster.js';
import { missingResources } from '../container-resources.js';

export const check = defineCheck<Workload, 'missing'>({
  id: 'wl-requests-missing',
  title: 'CPU or memory request missing',
  severity: 'low',
  area: 'workload',
  description:
    'Without requests the scheduler places a container as if it needed nothing: nodes get overcommitted, the pod lands in the BestEffort QoS class and is the first evicted under pressure. A limit without a request counts, as does a LimitRange default or a pod-level request: the API server derives the request from them.',
  remediation: 'Set `resources.requests.cpu` and `resources.requests.memory` from observed usage, or give the namespace a LimitRange with `defaultRequest`.',
  messages: {
    missing: 'Container "{{container}}" has no {{resource}} request, and no LimitRange in namespace "{{namespace}}" defaults one',
  },
  links: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const limitRangesMissing = listFailure(context.inventory, '', 'limitranges');
    for (const { ref, path, resource } of missingResources(workload, context.inventory, 'requests')) {
      const label = resource === 'cpu' ? 'CPU' : 'memory';
      if (limitRangesMissing) {
        context.notEvaluated(`Container "${ref.name}" sets no ${label} request, and a LimitRange could default one: ${limitRangesMissing}`, {
          container: ref.name,
          path,
        });
        continue;
      }
      context.fail('missing', { container: ref.name, resource: label, namespace: workload.namespace }, { container: ref.name, path });
    }
  },
});
