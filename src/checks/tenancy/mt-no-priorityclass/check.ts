import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';

export const check = defineCheck<Workload, 'unset'>({
  id: 'mt-no-priorityclass',
  title: 'No PriorityClass on workloads (preemption abuse)',
  severity: 'info',
  area: 'tenancy',
  description:
    'Pods without a priority class all get priority 0 (or none) unless a global default class exists. Under pressure the scheduler cannot tell critical workloads from batch jobs, and any tenant allowed to use a higher class can preempt them.',
  remediation:
    'Define PriorityClasses for your tiers (and one with `globalDefault: true`), set `priorityClassName` on each workload, and restrict high classes to the namespaces that need them with a ResourceQuota `scopeSelector` on PriorityClass.',
  messages: {
    unset: '{{kind}} "{{name}}" sets no priorityClassName and the cluster has no global default PriorityClass',
  },
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const className = workload.podSpec.priorityClassName;
    if (typeof className === 'string' && className !== '') return;
    const classes = context.inventory.ofKindInGroup('PriorityClass', 'scheduling.k8s.io');
    // Admission gives pods without a class the global default one.
    if (classes.some((priorityClass) => priorityClass.globalDefault === true)) return;
    const path = [...workload.podSpecPath, 'priorityClassName'];
    const candidate = classes
      .map((priorityClass) => priorityClass.metadata?.name ?? '')
      .filter((name) => name !== '' && !name.startsWith('system-'))
      .sort()[0];
    context.fail('unset', { kind: workload.resource.kind, name: workload.resource.name }, {
      path,
      fix: {
        kind: 'suggestion',
        description: candidate
          ? `Set priorityClassName (for example "${candidate}", defined in the cluster)`
          : 'Set priorityClassName to a PriorityClass that matches this workload\'s tier',
        operations: [{ op: 'add', path: toJsonPointer(path), value: candidate ?? 'CHOOSE-A-PRIORITY-CLASS' }],
      },
    });
  },
});
