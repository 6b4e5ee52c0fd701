import type { EvidencePath, K8sObject } from '../../model/index.js';
import type { InventoryView, Workload } from '../../inventory/index.js';
import {
  exclusionIndex,
  inactiveReason,
  includesAllNamespaces,
  keepsResource,
  labelsSelected,
  namespacePatternMatches,
  pluralOf,
  spec,
  templateOf,
  veleroObjects,
} from './velero.js';

/** Why one schedule that could have backed up a namespace does not back all of it up. */
export interface CoverageMiss {
  schedule: K8sObject;
  path: EvidencePath;
  reason: string;
}

export type Coverage = { covered: true; by: K8sObject } | { covered: false; misses: CoverageMiss[] };

export function workloadsByNamespace(inventory: InventoryView): Map<string, Workload[]> {
  return inventory.cached('recovery:workloadsByNamespace', () => {
    const map = new Map<string, Workload[]>();
    for (const workload of inventory.workloads()) {
      let list = map.get(workload.namespace);
      if (!list) map.set(workload.namespace, (list = []));
      list.push(workload);
    }
    return map;
  });
}

/** Namespaces that hold Velero's own objects: Velero does not need to back itself up. */
export function veleroNamespaces(inventory: InventoryView): Set<string> {
  const names = new Set<string>();
  for (const kind of ['Schedule', 'BackupStorageLocation']) {
    for (const object of veleroObjects(inventory, kind)) {
      if (object.metadata?.namespace) names.add(object.metadata.namespace);
    }
  }
  return names;
}

function firstPresent(template: Record<string, unknown>, fields: string[]): string {
  return fields.find((field) => template[field] !== undefined) ?? (fields[0] as string);
}

function describe(workload: Workload): string {
  return `${workload.resource.kind}/${workload.resource.name}`;
}

function listed(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * A namespace is covered when one active schedule (not paused, not failed validation) selects
 * it by its namespace filters (`*`, globs, exclusions win) and would back up every workload in
 * it: its resource filters keep every workload kind present, and its `labelSelector` /
 * `orLabelSelectors` match every workload's own labels (Velero filters each resource by its
 * labels, so an unlabelled Deployment is left out). A namespace without workloads is covered by
 * a schedule that selects it. Schedules that name other namespaces are irrelevant, not misses.
 */
export function namespaceCoverage(schedules: readonly K8sObject[], namespace: string, workloads: readonly Workload[]): Coverage {
  const misses: CoverageMiss[] = [];
  for (const schedule of schedules) {
    const name = schedule.metadata?.name ?? '';
    const template = templateOf(schedule);
    const raw = (spec(schedule).template ?? {}) as Record<string, unknown>;
    const named = includesAllNamespaces(template) || template.includedNamespaces.some((pattern) => namespacePatternMatches(pattern, namespace));
    if (!named) continue;
    const excluded = exclusionIndex(template, namespace);
    if (excluded >= 0) {
      misses.push({
        schedule,
        path: ['spec', 'template', 'excludedNamespaces', excluded],
        reason: `schedule "${name}" excludes it`,
      });
      continue;
    }
    const inactive = inactiveReason(schedule);
    if (inactive) {
      misses.push({ schedule, path: inactive.path, reason: `schedule "${name}" ${inactive.reason}` });
      continue;
    }
    const kinds = [...new Set(workloads.map((workload) => workload.resource.kind))];
    const leftOutKinds = kinds.filter((kind) => !keepsResource(template, pluralOf(kind)));
    if (leftOutKinds.length > 0) {
      const field = firstPresent(raw, [
        'excludedResources',
        'excludedNamespaceScopedResources',
        'includedResources',
        'includedNamespaceScopedResources',
      ]);
      misses.push({
        schedule,
        path: ['spec', 'template', field],
        reason: `schedule "${name}" leaves out ${leftOutKinds.map(pluralOf).join(', ')}`,
      });
      continue;
    }
    const unselected = workloads.filter((workload) => !labelsSelected(template, workload.object.metadata?.labels));
    if (unselected.length > 0) {
      const field = template.labelSelector ? 'labelSelector' : 'orLabelSelectors';
      misses.push({
        schedule,
        path: ['spec', 'template', field],
        reason: `schedule "${name}" backs up only labelled resources and its ${field} does not match ${listed(unselected.map(describe))}`,
      });
      continue;
    }
    return { covered: true, by: schedule };
  }
  return { covered: false, misses };
}
