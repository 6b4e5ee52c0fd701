import type { K8sObject } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { workloadsByNamespace } from '../coverage.js';
import {
  hasLabelFilter,
  inactiveReason,
  includesAllNamespaces,
  selectsNamespace,
  templateOf,
  ttlOf,
  type BackupTemplate,
} from '../velero.js';

const OPT_IN_ANNOTATION = 'backup.velero.io/backup-volumes';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function subset(small: string[], large: string[]): boolean {
  return small.every((item) => large.includes(item));
}

/** Whether `wide` backs up at least everything `narrow` does (conservative: unsure is no). */
export function coversSuperset(wide: BackupTemplate, narrow: BackupTemplate): boolean {
  if (hasLabelFilter(wide) && !(same(wide.labelSelector, narrow.labelSelector) && same(wide.orLabelSelectors, narrow.orLabelSelectors))) {
    return false;
  }
  const resourceFiltered = wide.includedResources.length > 0 || wide.excludedResources.length > 0;
  if (resourceFiltered && !(same(wide.includedResources, narrow.includedResources) && same(wide.excludedResources, narrow.excludedResources))) {
    return false;
  }
  const exclusionsKept = subset(wide.excludedNamespaces, narrow.excludedNamespaces);
  if (includesAllNamespaces(narrow)) return includesAllNamespaces(wide) && exclusionsKept;
  return narrow.includedNamespaces.every((pattern) => {
    if (!/[*?[]/.test(pattern)) return selectsNamespace(wide, pattern) || narrow.excludedNamespaces.includes(pattern);
    return (includesAllNamespaces(wide) || wide.includedNamespaces.includes(pattern)) && exclusionsKept;
  });
}

/** Another active schedule keeping backups at least `minTtl` that covers what this one does. */
export function longerRetentionCover(schedules: readonly K8sObject[], schedule: K8sObject, minTtl: number): K8sObject | undefined {
  const narrow = templateOf(schedule);
  return schedules.find((other) => {
    if (other === schedule || inactiveReason(other)) return false;
    const wide = templateOf(other);
    const ttl = ttlOf(wide);
    return ttl !== undefined && ttl >= minTtl && coversSuperset(wide, narrow);
  });
}

function optedIn(annotations: Record<string, string> | undefined, volume: string): boolean {
  const value = annotations?.[OPT_IN_ANNOTATION];
  return value !== undefined && value.split(',').map((item) => item.trim()).includes(volume);
}

/**
 * Persistent data in the namespaces a template selects that would not be backed up without
 * volume snapshots or file-system backup: PersistentVolumeClaims and StatefulSet claim
 * templates, unless the pods that mount them opt the volume in with the
 * `backup.velero.io/backup-volumes` annotation.
 */
export function unprotectedClaims(inventory: InventoryView, template: BackupTemplate): string[] {
  const found: string[] = [];
  const byNamespace = workloadsByNamespace(inventory);
  const templateClaims = new Set<string>();
  for (const [namespace, workloads] of byNamespace) {
    if (!selectsNamespace(template, namespace)) continue;
    for (const workload of workloads) {
      if (workload.resource.kind !== 'StatefulSet') continue;
      const claimTemplates = (workload.object.spec as { volumeClaimTemplates?: unknown } | undefined)?.volumeClaimTemplates;
      if (!Array.isArray(claimTemplates)) continue;
      for (const claim of claimTemplates as Array<{ metadata?: { name?: unknown } }>) {
        const name = typeof claim?.metadata?.name === 'string' ? claim.metadata.name : undefined;
        if (!name) continue;
        templateClaims.add(`${namespace}/${name}-${workload.resource.name}-`);
        if (!optedIn(workload.podMetadata.annotations, name)) found.push(`${namespace}/${name} (StatefulSet ${workload.resource.name})`);
      }
    }
  }
  for (const claim of inventory.ofKind('PersistentVolumeClaim')) {
    const namespace = claim.metadata?.namespace ?? 'default';
    const name = claim.metadata?.name ?? '';
    if (!selectsNamespace(template, namespace)) continue;
    const generated = [...templateClaims].some((prefix) => `${namespace}/${name}`.startsWith(prefix) && /-\d+$/.test(name));
    if (generated) continue;
    const mounted = (byNamespace.get(namespace) ?? []).some((workload) =>
      (workload.podSpec.volumes ?? []).some(
        (volume) =>
          (volume.persistentVolumeClaim as { claimName?: unknown } | undefined)?.claimName === name &&
          optedIn(workload.podMetadata.annotations, volume.name ?? ''),
      ),
    );
    if (!mounted) found.push(`${namespace}/${name}`);
  }
  return found;
}
