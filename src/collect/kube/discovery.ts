import type { CollectionError } from '../../model/index.js';
import { KubeApiError, type KubeHttp } from './kube-http.js';
import { groupVersionOf, groupVersionPath, resourceName, type ResourceSpec } from './resources.js';
import { isRecord } from '../../inventory/index.js';

/** A resource the cluster serves, in the version the collector lists it in. */
export interface ServedResource {
  spec: ResourceSpec;
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** `v1/pods`, `apps/v1/deployments`: how errors and checks name it. */
  name: string;
  /** The cluster-wide list path: `/api/v1/pods`. */
  path: string;
}

interface GroupVersions {
  preferred?: string;
  versions: string[];
}

interface ApiResource {
  name?: unknown;
  kind?: unknown;
  namespaced?: unknown;
  verbs?: unknown;
}

/** The API server cannot be asked what it serves: nothing can be collected. */
export class DiscoveryError extends Error {}

/**
 * Finds which of the wanted resources the cluster serves. Only the group versions the specs
 * need are fetched. A group the cluster lacks is skipped; a group version whose discovery fails
 * (an aggregated API that is down, a denied request) is recorded against each resource that
 * needed it, so the checks that read them say why they could not decide.
 */
export async function discoverResources(
  http: KubeHttp,
  specs: readonly ResourceSpec[],
): Promise<{ resources: ServedResource[]; errors: CollectionError[] }> {
  const groups = await servedGroups(http);
  // Settled promises only: a list fetched ahead and never awaited must not reject unhandled.
  const lists = new Map<string, Promise<Map<string, ApiResource> | Error>>();
  const resourceList = (group: string, version: string): Promise<Map<string, ApiResource> | Error> => {
    const key = groupVersionOf(group, version);
    let pending = lists.get(key);
    if (!pending) {
      pending = fetchResourceList(http, group, version).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      lists.set(key, pending);
    }
    return pending;
  };

  const plans = specs.flatMap((spec) => {
    const served = groups.get(spec.group);
    return served ? [{ spec, candidates: candidateVersions(spec, served) }] : [];
  });
  // Ask for every first-choice group version at once; later choices only when needed.
  for (const { spec, candidates } of plans) if (candidates[0]) void resourceList(spec.group, candidates[0]);

  const resources: ServedResource[] = [];
  const errors: CollectionError[] = [];
  for (const { spec, candidates } of plans) {
    let failure: { version: string; error: KubeApiError } | undefined;
    let found: ServedResource | undefined;
    for (const version of candidates) {
      const list = await resourceList(spec.group, version);
      if (list instanceof KubeApiError) {
        failure ??= { version, error: list };
        continue;
      }
      if (list instanceof Error) throw list;
      const entry = list.get(spec.plural);
      if (!entry || typeof entry.kind !== 'string' || !canList(entry)) continue;
      found = {
        spec,
        group: spec.group,
        version,
        plural: spec.plural,
        kind: entry.kind,
        namespaced: entry.namespaced === true,
        name: resourceName(spec.group, version, spec.plural),
        path: `${groupVersionPath(spec.group, version)}/${spec.plural}`,
      };
      break;
    }
    if (found) resources.push(found);
    else if (failure) {
      errors.push({
        source: 'kubernetes',
        operation: 'list',
        resource: resourceName(spec.group, failure.version, spec.plural),
        code: failure.error.status,
        message: `discovery of ${groupVersionOf(spec.group, failure.version)} failed: ${failure.error.message}`,
      });
    }
  }
  return { resources, errors };
}

function candidateVersions(spec: ResourceSpec, served: GroupVersions): string[] {
  if (spec.versions.length > 0) return spec.versions.filter((version) => served.versions.includes(version));
  const preferred = served.preferred ? [served.preferred] : [];
  return [...preferred, ...served.versions.filter((version) => version !== served.preferred)];
}

function canList(entry: ApiResource): boolean {
  // Old aggregated servers omit verbs; listing is then worth a try.
  return !Array.isArray(entry.verbs) || entry.verbs.includes('list');
}

async function servedGroups(http: KubeHttp): Promise<Map<string, GroupVersions>> {
  const groups = new Map<string, GroupVersions>();
  const [core, named] = await Promise.all([discoveryDocument(http, '/api'), discoveryDocument(http, '/apis')]);
  const coreVersions = Array.isArray(core.versions) ? core.versions.filter((v): v is string => typeof v === 'string') : [];
  groups.set('', { preferred: coreVersions[0], versions: coreVersions });
  for (const group of Array.isArray(named.groups) ? (named.groups as unknown[]) : []) {
    if (!isRecord(group) || typeof group.name !== 'string') continue;
    const versions = (Array.isArray(group.versions) ? group.versions : [])
      .map((entry) => (isRecord(entry) && typeof entry.version === 'string' ? entry.version : undefined))
      .filter((version): version is string => version !== undefined);
    const preferred = isRecord(group.preferredVersion) && typeof group.preferredVersion.version === 'string'
      ? group.preferredVersion.version
      : versions[0];
    groups.set(group.name, { preferred, versions });
  }
  return groups;
}

async function discoveryDocument(http: KubeHttp, path: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await http.getJson(path);
  } catch (error) {
    if (error instanceof KubeApiError) {
      const hint = error.status === 401 ? ' (the credentials were rejected: check the kubeconfig user or the EKS token)' : '';
      throw new DiscoveryError(`the API server refused ${path} (HTTP ${error.status}): ${error.message}${hint}`);
    }
    throw error;
  }
  if (!isRecord(body)) throw new DiscoveryError(`the API server answered ${path} with no discovery document`);
  return body;
}

async function fetchResourceList(http: KubeHttp, group: string, version: string): Promise<Map<string, ApiResource> | KubeApiError> {
  let body: unknown;
  try {
    body = await http.getJson(groupVersionPath(group, version));
  } catch (error) {
    if (error instanceof KubeApiError) return error;
    throw error;
  }
  const byName = new Map<string, ApiResource>();
  const resources = isRecord(body) && Array.isArray(body.resources) ? (body.resources as unknown[]) : [];
  for (const resource of resources) {
    if (isRecord(resource) && typeof resource.name === 'string' && !resource.name.includes('/')) {
      byName.set(resource.name, resource);
    }
  }
  return byName;
}

