/**
 * The aws-auth ConfigMap (kube-system/aws-auth): IAM principals mapped to Kubernetes users and
 * groups. Its `data.mapRoles`, `data.mapUsers` and `data.mapAccounts` are YAML documents inside
 * strings; a value that does not parse or does not have the documented shape is reported as
 * not evaluated, never read as "no mappings".
 */
import { parse, YAMLParseError } from 'yaml';
import type { K8sObject } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';

export { authenticationMode, awsAuthIgnored } from '../rbac/eks-access-mode.js';

export type MappingKey = 'mapRoles' | 'mapUsers';

export interface AwsAuthMapping {
  index: number;
  arn: string;
  username?: string;
  groups: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function awsAuthConfigMap(inventory: InventoryView): K8sObject | undefined {
  return inventory.get('ConfigMap', 'kube-system', 'aws-auth');
}

function dataOf(configMap: K8sObject): Record<string, unknown> {
  const data = configMap.data;
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

function parseYaml(text: string, key: string): Parsed<unknown> {
  try {
    return { ok: true, value: parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: `data.${key} is not valid YAML (${reason})` };
  }
}

/** The entries of mapRoles or mapUsers; undefined when the key is absent or empty. */
export function parseMappings(configMap: K8sObject, key: MappingKey): Parsed<AwsAuthMapping[]> | undefined {
  const text = dataOf(configMap)[key];
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const parsed = parseYaml(text, key);
  if (!parsed.ok) return parsed;
  if (parsed.value === null || parsed.value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(parsed.value)) return { ok: false, error: `data.${key} is not a YAML list` };
  const arnKey = key === 'mapRoles' ? 'rolearn' : 'userarn';
  const mappings: AwsAuthMapping[] = [];
  for (const [index, entry] of (parsed.value as unknown[]).entries()) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      return { ok: false, error: `data.${key}[${index}] is not a mapping` };
    }
    const record = entry as Record<string, unknown>;
    const arn = record[arnKey];
    if (typeof arn !== 'string' || arn === '') return { ok: false, error: `data.${key}[${index}] has no ${arnKey}` };
    const groups = record.groups ?? [];
    if (!Array.isArray(groups) || groups.some((group) => typeof group !== 'string')) {
      return { ok: false, error: `data.${key}[${index}].groups is not a list of strings` };
    }
    const mapping: AwsAuthMapping = { index, arn, groups: groups as string[] };
    if (typeof record.username === 'string') mapping.username = record.username;
    mappings.push(mapping);
  }
  return { ok: true, value: mappings };
}

/** Account ids of mapAccounts; undefined when absent or empty. */
export function parseAccounts(configMap: K8sObject): Parsed<string[]> | undefined {
  const text = dataOf(configMap).mapAccounts;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const parsed = parseYaml(text, 'mapAccounts');
  if (!parsed.ok) return parsed;
  if (parsed.value === null || parsed.value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(parsed.value) || (parsed.value as unknown[]).some((item) => typeof item !== 'string' && typeof item !== 'number')) {
    return { ok: false, error: 'data.mapAccounts is not a YAML list of account ids' };
  }
  return { ok: true, value: (parsed.value as Array<string | number>).map(String) };
}

/** Why aws-auth cannot be judged: ConfigMaps were not collected. */
export function awsAuthRequires(inventory: InventoryView): string | undefined {
  if (awsAuthConfigMap(inventory)) return undefined;
  const failed = inventory.errors.find((error) => error.source === 'kubernetes' && /(^|\/)configmaps$/.test(error.resource ?? ''));
  return failed ? `ConfigMaps could not be collected (${failed.resource ?? failed.operation}: ${failed.message})` : undefined;
}

/** The aws-auth ConfigMap as the only target, when it exists. */
export function awsAuthTargets(inventory: InventoryView): Array<{ resource: { apiVersion: string; kind: string; namespace: string; name: string }; object: K8sObject }> {
  const object = awsAuthConfigMap(inventory);
  return object ? [{ resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'aws-auth' }, object }] : [];
}
