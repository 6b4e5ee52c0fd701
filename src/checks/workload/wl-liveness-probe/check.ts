import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { longRunningWorkloads, probedContainers } from '../probe-targets.js';

export const check = defineCheck<Workload, 'missing'>({
  id: 'wl-liveness-probe',
  title: 'Liveness probe missing',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'Without a liveness probe the kubelet restarts a container only when its process exits: a deadlocked or wedged process keeps its pod alive and failing. Jobs, CronJobs and run-to-completion pods are not evaluated, nor init containers.',
  remediation:
    'Add a `livenessProbe` that fails only when a restart would help (a cheap local health endpoint, not a dependency check), with a `startupProbe` for slow starters.',
  messages: {
    missing: 'Container "{{container}}" has no liveness probe',
  },
  links: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
  targets: (inventory) => longRunningWorkloads(inventory),
  evaluate(workload, context) {
    for (const { container, name, path } of probedContainers(workload)) {
      if (container.livenessProbe !== undefined && container.livenessProbe !== null) continue;
      context.fail('missing', { container: name }, { container: name, path: [...path, 'livenessProbe'] });
    }
  },
});
