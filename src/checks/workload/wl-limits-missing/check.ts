import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { listFailure } from '../../recovery/whole-cluster.js';
import { setFieldOperation } from '../add-field-patch.js';
import { missingResources } from '../container-resources.js';

export const check = defineCheck<Workload, 'memory' | 'cpu'>({
  id: 'wl-limits-missing',
  title: 'CPU or memory limit missing',
  severity: 'low',
  area: 'workload',
  description:
    'A container without a memory limit can take all of its node\'s memory: the kernel then OOM-kills other pods and the kubelet evicts them, so one leak or one attacker-driven allocation takes down its neighbours (medium). A missing CPU limit only lets it starve neighbours of CPU time (low; some teams leave CPU unlimited on purpose, see the `requireCpuLimit` option). Limits a namespace LimitRange defaults, and pod-level limits, count.',
  remediation:
    'Set `resources.limits.memory` on every container (equal to the memory request avoids overcommit), and a CPU limit where your policy wants one; or give the namespace a LimitRange with defaults.',
  messages: {
    memory: 'Container "{{container}}" has no memory limit, and no LimitRange in namespace "{{namespace}}" defaults one',
    cpu: 'Container "{{container}}" has no CPU limit, and no LimitRange in namespace "{{namespace}}" defaults one',
  },
  links: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  options: {
    /** Report missing CPU limits too; set false where CPU limits are avoided on purpose (throttling). */
    requireCpuLimit: true,
  },
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const requireCpu = context.options.requireCpuLimit !== false;
    const limitRangesMissing = listFailure(context.inventory, '', 'limitranges');
    for (const missing of missingResources(workload, context.inventory, 'limits')) {
      if (missing.resource === 'cpu' && !requireCpu) continue;
      const { ref, path, resource, request } = missing;
      if (limitRangesMissing) {
        context.notEvaluated(`Container "${ref.name}" sets no ${resource} limit, and a LimitRange could default one: ${limitRangesMissing}`, {
          container: ref.name,
          path,
        });
        continue;
      }
      const fix =
        request === undefined
          ? undefined
          : {
              kind: 'suggestion' as const,
              description: `Set the ${resource} limit to the ${resource} request (${String(request)})`,
              operations: [setFieldOperation(workload.object, path, request)],
            };
      context.fail(
        resource,
        { container: ref.name, namespace: workload.namespace },
        { container: ref.name, path, ...(resource === 'memory' ? { severity: 'medium' as const } : {}), ...(fix ? { fix } : {}) },
      );
    }
  },
});
