import type { CollectionError, InventoryObject, K8sObject, Origin } from '../../model/index.js';
import { discoverResources, type ServedResource } from './discovery.js';
import { KubeApiError, KubeConnectionError, KubeHttp } from './kube-http.js';
import { KubeconfigError, loadKubeconfig, type KubeConnection } from './kubeconfig.js';
import { collectKubeletConfigs } from './kubelet-config.js';
import { listResource } from './list-resource.js';
import { mapWithConcurrency } from './pool.js';
import { RESOURCES, type ResourceSpec } from './resources.js';
import { listSecrets } from './secrets.js';

export interface CollectKubernetesOptions {
  /** An explicit kubeconfig file; else KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  context?: string;
  /** Where KUBECONFIG and HOME are read from (the process environment unless given). */
  env?: NodeJS.ProcessEnv;
  /** A ready connection (built-in EKS authentication) instead of the kubeconfig. */
  connection?: KubeConnection;
  /** Read each node's kubelet configuration through the node proxy (needs `nodes/proxy`). */
  kubeletConfig?: boolean;
  /** Items per list request (`limit`). */
  pageSize?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Once aborted, requests in flight are cut, no more are sent, and the collection rejects with its reason. */
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** The resources to list; every kind the checks read unless given. */
  resources?: readonly ResourceSpec[];
}

export interface KubernetesCollection {
  objects: InventoryObject[];
  kubeletConfigs?: Record<string, Record<string, unknown>>;
  errors: CollectionError[];
  context: string;
  server: string;
  /** HTTP requests made. */
  requests: number;
}

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_CONCURRENCY = 4;

/** Every object collected from the API shares this origin. */
const API_ORIGIN: Origin = Object.freeze({ type: 'api', api: 'k8s' });

/**
 * Lists every kind the checks read, across all namespaces, read-only. Secrets cross the wire as
 * metadata only. A kind the cluster does not serve is skipped; a list the server refuses (403)
 * or fails is recorded in `errors` with the resource named `group/version/plural` (`v1/plural`
 * for the core group), and the rest is still collected. Only a server that cannot be reached or
 * asked what it serves makes the whole collection fail.
 */
export async function collectKubernetes(options: CollectKubernetesOptions = {}): Promise<KubernetesCollection> {
  const connection = options.connection ?? requireKubeconfig(options);
  const http = new KubeHttp(connection.config, connection.server, options.timeoutMs, options.signal);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const progress = options.onProgress ?? ((): void => {});

  progress(`discovering the API of ${connection.server}`);
  const discovered = await discoverResources(http, options.resources ?? RESOURCES);
  const errors: CollectionError[] = [...discovered.errors];
  let listed = 0;
  const lists = await mapWithConcurrency(discovered.resources, concurrency, async (resource) => {
    const onPage = (count: number): void => progress(`listing ${resource.name}: ${count} (${listed} objects so far)`);
    try {
      const objects = await listOne(http, resource, pageSize, onPage, errors);
      listed += objects.length;
      return objects;
    } catch (error) {
      // Every failure is recorded, 404 included: discovery said the resource is served, so a
      // missing list (or a page of it) is data lost, and the checks must say so.
      if (!(error instanceof KubeApiError) && !(error instanceof KubeConnectionError)) throw error;
      errors.push(listError(resource, error));
      return [];
    }
  });

  const objects: InventoryObject[] = [];
  for (const list of lists) for (const object of list) objects.push({ object, origin: API_ORIGIN });

  const collection: KubernetesCollection = {
    objects,
    errors,
    context: connection.context,
    server: connection.server,
    requests: 0,
  };
  if (options.kubeletConfig) {
    const nodes = objects
      .filter(({ object }) => object.kind === 'Node' && object.apiVersion === 'v1' && object.metadata?.name)
      .map(({ object }) => object.metadata!.name!);
    progress(`reading the kubelet configuration of ${nodes.length} nodes`);
    // Without the node list there is nothing to read configz from: leave the configs unknown
    // (not `{}`, which would read as "no node has a finding").
    const nodesFailed = errors.some((error) => error.resource === 'v1/nodes');
    if (!nodesFailed) {
      const kubelet = await collectKubeletConfigs(http, nodes, concurrency);
      collection.kubeletConfigs = kubelet.configs;
      errors.push(...kubelet.errors);
    }
  }
  collection.requests = http.requests;
  return collection;
}

function requireKubeconfig(options: CollectKubernetesOptions): KubeConnection {
  const connection = loadKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env: options.env });
  if (!connection) throw new KubeconfigError('no kubeconfig found (looked at KUBECONFIG and ~/.kube/config); pass --kubeconfig');
  return connection;
}

async function listOne(
  http: KubeHttp,
  resource: ServedResource,
  pageSize: number,
  onPage: (count: number) => void,
  errors: CollectionError[],
): Promise<K8sObject[]> {
  if (resource.group !== '' || resource.plural !== 'secrets') return listResource(http, resource, { pageSize, onPage });
  const listing = await listSecrets(http, resource, { pageSize, onPage });
  if (listing.typeFailure) {
    const { type, error } = listing.typeFailure;
    const failed = listError(resource, error instanceof Error ? error : new Error(String(error)));
    errors.push({ ...failed, message: `listing Secrets of type ${type} failed, so Secret types are incomplete: ${failed.message}` });
  }
  return listing.secrets;
}

function listError(resource: ServedResource, error: Error): CollectionError {
  return {
    source: 'kubernetes',
    operation: 'list',
    resource: resource.name,
    ...(error instanceof KubeApiError ? { code: error.status } : {}),
    message: error.message,
  };
}
