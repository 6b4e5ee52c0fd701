/**
 * Which AWS principals sign in to Kubernetes as which user and groups: EKS access entries
 * (`username`, `kubernetesGroups`) and the aws-auth ConfigMap (`mapRoles`, `mapUsers`). aws-auth
 * counts only while EKS reads it (authentication mode other than API). A username may carry
 * templates (`system:node:{{EC2PrivateDNSName}}`, `{{SessionName}}`): it then stands for every
 * user name the template can produce.
 */
import type { ResourceRef } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { awsAuthConfigMap, awsAuthIgnored, parseMappings, type MappingKey } from './aws-auth.js';
import { isNodeEntryType } from './access-entries.js';
import type { SubjectRef } from '../rbac/subjects.js';

export interface KubernetesIdentityMapping {
  principalArn: string;
  source: 'access-entry' | 'aws-auth';
  /** The Kubernetes user name, possibly with `{{…}}` templates. */
  username: string;
  groups: readonly string[];
  /** The object that declares the mapping, as checks report it. */
  resource: ResourceRef;
  /** Field of the mapping in that object (`data.mapRoles[2]`, `kubernetesGroups`). */
  path: string;
}

/** EKS puts EC2, Fargate and hybrid node entries in system:nodes; they carry no groups of their own. */
const NODE_GROUPS = ['system:nodes'];
const AWS_AUTH_KEYS: readonly MappingKey[] = ['mapRoles', 'mapUsers'];

/** Every mapping of the inventory, computed once. Unparseable aws-auth data maps nobody. */
export function kubernetesIdentityMappings(inventory: InventoryView): readonly KubernetesIdentityMapping[] {
  return inventory.cached('identity:kubernetes-identity-mappings', () => [...accessEntryMappings(inventory), ...awsAuthMappings(inventory)]);
}

function accessEntryMappings(inventory: InventoryView): KubernetesIdentityMapping[] {
  const records = inventory.aws?.eks?.accessEntries;
  if (!Array.isArray(records)) return [];
  const out: KubernetesIdentityMapping[] = [];
  for (const record of records) {
    const entry: unknown = record?.accessEntry;
    if (entry === null || typeof entry !== 'object') continue;
    const { principalArn, username, kubernetesGroups, type } = entry as Record<string, unknown>;
    if (typeof principalArn !== 'string' || principalArn === '') continue;
    const groups = Array.isArray(kubernetesGroups) ? kubernetesGroups.filter((group): group is string => typeof group === 'string') : [];
    const nodeEntry = isNodeEntryType(typeof type === 'string' ? type : undefined);
    out.push({
      principalArn,
      source: 'access-entry',
      username: typeof username === 'string' && username !== '' ? username : nodeEntry ? 'system:node:{{EC2PrivateDNSName}}' : principalArn,
      groups: nodeEntry ? [...new Set([...groups, ...NODE_GROUPS])] : groups,
      resource: { kind: 'AccessEntry', name: principalArn },
      path: 'kubernetesGroups',
    });
  }
  return out;
}

function awsAuthMappings(inventory: InventoryView): KubernetesIdentityMapping[] {
  if (awsAuthIgnored(inventory)) return [];
  const configMap = awsAuthConfigMap(inventory);
  if (!configMap) return [];
  const out: KubernetesIdentityMapping[] = [];
  for (const key of AWS_AUTH_KEYS) {
    const parsed = parseMappings(configMap, key);
    if (!parsed?.ok) continue;
    for (const mapping of parsed.value) {
      out.push({
        principalArn: mapping.arn,
        source: 'aws-auth',
        username: mapping.username ?? mapping.arn,
        groups: mapping.groups,
        resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'aws-auth' },
        path: `data.${key}[${mapping.index}]`,
      });
    }
  }
  return out;
}

const TEMPLATE = /\{\{[^}]*\}\}/;
const patterns = new Map<string, RegExp>();

/** Whether a mapped user name (template or not) can be `name`. */
export function usernameMatches(mapped: string, name: string): boolean {
  if (!TEMPLATE.test(mapped)) return mapped === name;
  let pattern = patterns.get(mapped);
  if (!pattern) {
    const source = mapped
      .split(/\{\{[^}]*\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+');
    patterns.set(mapped, (pattern = new RegExp(`^${source}$`)));
  }
  return pattern.test(name);
}

/** The mappings that sign in as this user, or into this group; none for service accounts. */
export function mappingsOf(mappings: readonly KubernetesIdentityMapping[], subject: SubjectRef): KubernetesIdentityMapping[] {
  switch (subject.kind) {
    case 'User':
      return mappings.filter((mapping) => usernameMatches(mapping.username, subject.name));
    case 'Group':
      return mappings.filter((mapping) => mapping.groups.includes(subject.name));
    case 'ServiceAccount':
      return [];
  }
}
