/**
 * The labels a generated policy selects a workload's pods by: the controller's own
 * `spec.selector.matchLabels` when it has one (stable across rollouts, and what the controller
 * itself counts its pods by), else every label of the pod template.
 */
import { getIn, isRecord, selectorMatches, type Workload } from '../../inventory/index.js';

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') return undefined;
    labels[key] = item;
  }
  return labels;
}

/** matchLabels selecting the workload's pods; undefined when its pods carry no label at all. */
export function workloadPodLabels(workload: Workload): Record<string, string> | undefined {
  const template = stringMap(workload.podMetadata.labels) ?? {};
  const selector = getIn(workload.object, ['spec', 'selector']);
  const matchLabels = isRecord(selector) && selector.matchExpressions === undefined ? stringMap(selector.matchLabels) : undefined;
  // A Job's selector is generated (controller-uid) and a manifest rarely has it; the template's labels are what pods carry.
  if (workload.resource.kind !== 'Job' && matchLabels && Object.keys(matchLabels).length > 0 && selectorMatches({ matchLabels }, template)) {
    return sortedLabels(matchLabels);
  }
  return Object.keys(template).length > 0 ? sortedLabels(template) : undefined;
}

export function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
