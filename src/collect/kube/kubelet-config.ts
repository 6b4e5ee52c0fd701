import type { CollectionError } from '../../model/index.js';
import { KubeApiError, KubeConnectionError, type KubeHttp } from './kube-http.js';
import { mapWithConcurrency } from './pool.js';

/** How errors name the node proxy endpoint the kubelet configuration is read through. */
export const NODE_PROXY_RESOURCE = 'v1/nodes/proxy';

/**
 * Each node's kubelet configuration, read through the API server's node proxy
 * (`/api/v1/nodes/<node>/proxy/configz`, which needs `get` on `nodes/proxy`). A node that
 * cannot be read (denied, kubelet unreachable) is recorded and the others still read.
 */
export async function collectKubeletConfigs(
  http: KubeHttp,
  nodes: readonly string[],
  concurrency: number,
): Promise<{ configs: Record<string, Record<string, unknown>>; errors: CollectionError[] }> {
  const configs: Record<string, Record<string, unknown>> = {};
  const errors: CollectionError[] = [];
  await mapWithConcurrency(nodes, concurrency, async (node) => {
    try {
      const body = await http.getJson(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`);
      const config = typeof body === 'object' && body !== null ? (body as { kubeletconfig?: unknown }).kubeletconfig : undefined;
      if (typeof config === 'object' && config !== null && !Array.isArray(config)) configs[node] = config as Record<string, unknown>;
      else errors.push(failure(node, undefined, 'the kubelet answered /configz without a kubeletconfig'));
    } catch (error) {
      // Anything but the API's answer or an unreachable node (the caller's abort) is not a gap to record.
      if (!(error instanceof KubeApiError) && !(error instanceof KubeConnectionError)) throw error;
      errors.push(failure(node, error instanceof KubeApiError ? error.status : undefined, error.message));
    }
  });
  return { configs, errors };
}

function failure(node: string, code: number | undefined, message: string): CollectionError {
  return { source: 'kubernetes', operation: 'get', resource: NODE_PROXY_RESOURCE, target: node, ...(code !== undefined ? { code } : {}), message };
}
