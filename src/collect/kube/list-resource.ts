import type { K8sObject } from '../../model/index.js';
import type { ServedResource } from './discovery.js';
import { KubeApiError, type KubeHttp } from './kube-http.js';
import { groupVersionOf } from './resources.js';
import { normalizeItem } from './sanitize.js';

/** Asks for `PartialObjectMetadataList`: the server sends metadata and no data. */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

export interface ListOptions {
  pageSize: number;
  fieldSelector?: string;
  /** Called after each page with the number of items so far. */
  onPage?: (count: number) => void;
}

/** Restarts of a list whose continue token expired (410) before giving up. */
const MAX_RESTARTS = 2;

/**
 * Every item of a resource across all namespaces, page by page (`limit`/`continue`). Each page
 * is parsed, its items kept and the page dropped before the next is asked for, so no raw
 * response is held beside the objects made from it. A continue token that expires mid-list
 * (410 Gone: the cluster compacted past the list's resourceVersion) restarts the list, since
 * mixing pages of two versions could miss or repeat objects.
 */
export async function listResource(http: KubeHttp, resource: ServedResource, options: ListOptions): Promise<K8sObject[]> {
  const apiVersion = groupVersionOf(resource.group, resource.version);
  const accept = resource.spec.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json';
  let items: K8sObject[] = [];
  let token: string | undefined;
  let restarts = 0;
  const seen = new Set<string>();
  for (;;) {
    const query = new URLSearchParams({ limit: String(options.pageSize) });
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    if (token) query.set('continue', token);
    let page: unknown;
    try {
      page = await http.getJson(`${resource.path}?${query.toString()}`, accept);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 410 && token && restarts < MAX_RESTARTS) {
        restarts++;
        items = [];
        token = undefined;
        seen.clear();
        continue;
      }
      throw error;
    }
    const { list, next } = pageContents(page, resource);
    for (const item of list) items.push(normalizeItem(item, apiVersion, resource.kind));
    options.onPage?.(items.length);
    if (!next) return items;
    // A server that hands back the token it was given would page forever.
    if (next === token || seen.has(next)) {
      throw new KubeApiError(200, undefined, `the list of ${resource.name} repeated its continue token`, resource.path);
    }
    seen.add(next);
    token = next;
  }
}

function pageContents(page: unknown, resource: ServedResource): { list: Array<Record<string, unknown>>; next?: string } {
  if (typeof page !== 'object' || page === null || !Array.isArray((page as { items?: unknown }).items)) {
    throw new KubeApiError(200, undefined, `the list of ${resource.name} has no items`, resource.path);
  }
  const { items, metadata } = page as { items: unknown[]; metadata?: { continue?: unknown } };
  const list = items.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
  const next = typeof metadata?.continue === 'string' && metadata.continue !== '' ? metadata.continue : undefined;
  return next ? { list, next } : { list };
}
