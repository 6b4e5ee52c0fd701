import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { longRunningWorkloads, probedContainers } from '../probe-targets.js';

export const check = defineCheck<Workload, 'missing'>({
  id: 'wl-readiness-probe',
  title: 'Readiness probe missing',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'Without a readiness probe a container counts as ready as soon as it starts: Services send it traffic before it can answer and keep sending while it is overloaded, and rollouts proceed over broken replicas. Jobs, CronJobs and run-to-completion pods are not evaluated, nor init containers.',
  remediation: 'Add a `readinessProbe` that reports whether the container can serve requests now.',
  messages: {
    missing: 'Container "{{container}}" has no readiness probe',
  },
  links: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
  targets: (inventory) => longRunningWorkloads(inventory),
  evaluate(workload, context) {
    for (const { container, name, path } of probedContainers(workload)) {
      if (container.readinessProbe !== undefined && container.readinessProbe !== null) continue;
      context.fail('missing', { container: name }, { container: name, path: [...path, 'readinessProbe'] });
    }
  },
});
