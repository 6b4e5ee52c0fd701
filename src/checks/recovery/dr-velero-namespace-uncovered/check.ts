import { defineCheck } from '../../define-check.js';
import { namespaceTargets, stringListOption, type NamespaceTarget } from '../../targets.js';
import { namespaceCoverage, veleroNamespaces, workloadsByNamespace } from '../coverage.js';
import { VELERO_GROUP, veleroObjects } from '../velero.js';
import { listFailure } from '../whole-cluster.js';

export const check = defineCheck<NamespaceTarget, 'notIncluded' | 'partly'>({
  id: 'dr-velero-namespace-uncovered',
  title: 'Namespaces not covered by any Schedule',
  severity: 'medium',
  area: 'recovery',
  description:
    'A namespace counts as covered when one active Velero Schedule selects it (includedNamespaces empty, `*`, its name or a matching glob; not in excludedNamespaces) and would back up all of its workloads: resource filters keep their kinds and any labelSelector/orLabelSelectors match each workload\'s own labels. Paused schedules and schedules that failed validation cover nothing. System namespaces and the namespace Velero runs in are not evaluated.',
  remediation:
    'Add the namespace to a Schedule (or use `includedNamespaces: ["*"]` with explicit exclusions), remove it from `excludedNamespaces`, or label its workloads so the schedule\'s label selector matches them.',
  messages: {
    notIncluded: 'Namespace "{{namespace}}" is not included in any Velero Schedule',
    partly: 'Namespace "{{namespace}}" is not fully backed up: {{reasons}}',
  },
  links: ['https://velero.io/docs/main/resource-filtering/'],
  options: { excludeNamespaces: [] },
  requires(inventory) {
    const failure = listFailure(inventory, VELERO_GROUP, 'schedules');
    if (failure) return failure;
    if (veleroObjects(inventory, 'Schedule').length === 0) {
      return 'the input has no Velero Schedule, so namespace coverage is not evaluated (see dr-velero-absent)';
    }
    return undefined;
  },
  targets(inventory, options) {
    const exclude = [...stringListOption(options, 'excludeNamespaces'), ...veleroNamespaces(inventory)];
    return namespaceTargets(inventory, { exclude });
  },
  evaluate(target, context) {
    const schedules = veleroObjects(context.inventory, 'Schedule');
    const workloads = workloadsByNamespace(context.inventory).get(target.namespace) ?? [];
    const coverage = namespaceCoverage(schedules, target.namespace, workloads);
    if (coverage.covered) return;
    const [first] = coverage.misses;
    if (!first) return context.fail('notIncluded', { namespace: target.namespace });
    context.fail(
      'partly',
      { namespace: target.namespace, reasons: coverage.misses.map((miss) => miss.reason).join('; ') },
      { object: first.schedule, path: first.path },
    );
  },
});
