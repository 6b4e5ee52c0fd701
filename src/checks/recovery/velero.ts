import type { EvidencePath, K8sObject } from '../../model/index.js';
import { selectorMatches, type InventoryView, type LabelSelector } from '../../inventory/index.js';
import { parseGoDuration } from './clock.js';

export const VELERO_GROUP = 'velero.io';

/** Velero's own default when a backup template has no `ttl`. */
export const DEFAULT_TTL_MS = 720 * 3_600_000;

/** The parts of a Velero BackupSpec the checks read, type-checked on the way in. */
export interface BackupTemplate {
  includedNamespaces: string[];
  excludedNamespaces: string[];
  includedResources: string[];
  excludedResources: string[];
  labelSelector: LabelSelector | undefined;
  orLabelSelectors: LabelSelector[];
  ttl: string | undefined;
  snapshotVolumes: boolean | undefined;
  defaultVolumesToFsBackup: boolean | undefined;
}

export function veleroObjects(inventory: InventoryView, kind: string): K8sObject[] {
  return inventory.ofKindInGroup(kind, VELERO_GROUP);
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function selector(value: unknown): LabelSelector | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

export function spec(object: K8sObject): Record<string, unknown> {
  return record(object.spec);
}

export function status(object: K8sObject): Record<string, unknown> | undefined {
  return object.status === undefined ? undefined : record(object.status);
}

export function templateOf(schedule: K8sObject): BackupTemplate {
  const template = record(spec(schedule).template);
  return {
    includedNamespaces: strings(template.includedNamespaces),
    excludedNamespaces: strings(template.excludedNamespaces),
    // The newer namespace-scoped filters behave like the old ones for namespaced workloads.
    includedResources: [...strings(template.includedResources), ...strings(template.includedNamespaceScopedResources)],
    excludedResources: [...strings(template.excludedResources), ...strings(template.excludedNamespaceScopedResources)],
    labelSelector: selector(template.labelSelector),
    orLabelSelectors: Array.isArray(template.orLabelSelectors)
      ? template.orLabelSelectors.map(selector).filter((item): item is LabelSelector => item !== undefined)
      : [],
    ttl: typeof template.ttl === 'string' ? template.ttl : undefined,
    snapshotVolumes: typeof template.snapshotVolumes === 'boolean' ? template.snapshotVolumes : undefined,
    defaultVolumesToFsBackup:
      typeof template.defaultVolumesToFsBackup === 'boolean' ? template.defaultVolumesToFsBackup : undefined,
  };
}

/** Retention of a template in ms; Velero's 30-day default when unset, undefined if unparseable. */
export function ttlOf(template: BackupTemplate): number | undefined {
  if (template.ttl === undefined || template.ttl === '') return DEFAULT_TTL_MS;
  return parseGoDuration(template.ttl);
}

/** Paused, or rejected by Velero's validation: such a schedule takes no backups. */
export function inactiveReason(schedule: K8sObject): { reason: string; path: EvidencePath } | undefined {
  if (spec(schedule).paused === true) return { reason: 'is paused', path: ['spec', 'paused'] };
  if (status(schedule)?.phase === 'FailedValidation') {
    return { reason: 'failed validation', path: ['status', 'phase'] };
  }
  return undefined;
}

/**
 * Velero's namespace patterns: `*` alone means every namespace; `*`, `?`, `[abc]` and `[a-z]`
 * are globs (Velero 1.18; older releases take the name literally, which no real namespace
 * name distinguishes, since namespace names cannot hold those characters).
 */
export function namespacePatternMatches(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  if (!/[*?[]/.test(pattern)) return pattern === namespace;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) return false;
      source += `[${pattern.slice(i + 1, close).replace(/[\\^]/g, '\\$&')}]`;
      i = close;
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(namespace);
}

export function includesAllNamespaces(template: BackupTemplate): boolean {
  return template.includedNamespaces.length === 0 || template.includedNamespaces.includes('*');
}

/** Index into `excludedNamespaces` that leaves the namespace out, or -1. */
export function exclusionIndex(template: BackupTemplate, namespace: string): number {
  return template.excludedNamespaces.findIndex((pattern) => namespacePatternMatches(pattern, namespace));
}

/** Whether the template's namespace filters select the namespace (exclusions win). */
export function selectsNamespace(template: BackupTemplate, namespace: string): boolean {
  const included =
    includesAllNamespaces(template) ||
    template.includedNamespaces.some((pattern) => namespacePatternMatches(pattern, namespace));
  return included && exclusionIndex(template, namespace) < 0;
}

export function hasLabelFilter(template: BackupTemplate): boolean {
  return template.labelSelector !== undefined || template.orLabelSelectors.length > 0;
}

/** Velero applies `labelSelector` to each resource's own labels; `orLabelSelectors` is any-of. */
export function labelsSelected(template: BackupTemplate, labels: Record<string, string> | undefined): boolean {
  if (template.labelSelector) return selectorMatches(template.labelSelector, labels);
  if (template.orLabelSelectors.length > 0) return template.orLabelSelectors.some((item) => selectorMatches(item, labels));
  return true;
}

const SHORT_NAMES: Record<string, string> = {
  deploy: 'deployments',
  sts: 'statefulsets',
  ds: 'daemonsets',
  rs: 'replicasets',
  po: 'pods',
  cj: 'cronjobs',
  rc: 'replicationcontrollers',
  pvc: 'persistentvolumeclaims',
};

/** `Deployment` → `deployments`, the name Velero's resource filters use. */
export function pluralOf(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

function normalizeResource(entry: string): string {
  const name = (entry.toLowerCase().split('.')[0] ?? '').trim();
  const known = SHORT_NAMES[name];
  if (known) return known;
  return name.endsWith('s') || name === '*' ? name : `${name}s`;
}

/** Whether the resource filters keep resources of this plural (`deployments`). */
export function keepsResource(template: BackupTemplate, plural: string): boolean {
  const included = template.includedResources.map(normalizeResource);
  const excluded = template.excludedResources.map(normalizeResource);
  if (excluded.includes('*') || excluded.includes(plural)) return false;
  return included.length === 0 || included.includes('*') || included.includes(plural);
}
