/**
 * One cluster of a fleet scan, both sides, the way `scan cluster` does it: collect with the
 * account's credentials (AWS side) and an EKS token signed from them (Kubernetes side, endpoint
 * and CA from discovery, never the user's kubeconfig), pass the inventory through the canonical
 * snapshot form, and scan it. The caller's AbortSignal (the attempt's deadline) cancels the
 * calls in flight on both sides and keeps any from starting after it.
 */
import type { CheckMeta, CollectionError, InventorySource, ScanResult } from '../model/index.js';
import { DiscoveryError, eksConnection, KubeApiError, KubeConnectionError } from '../collect/kube/index.js';
import { snapshotOf, inventoryFromSnapshot } from '../inventory/snapshot.js';
import {
  causes,
  classifyAwsError,
  FleetFailure,
  FleetTimeoutError,
  isThrottlingCode,
  messageOf,
  type DiscoveredCluster,
  type Failure,
  type FailureKind,
} from '../fleet/index.js';
import { collectCluster } from './cluster-source.js';
import type { CliIo } from './io.js';
import type { LoadedPolicy } from './policy-loader.js';
import { scanInventory } from './scan-pipeline.js';
import { VERSION } from './version.js';

export interface ClusterScan {
  result: ScanResult;
  catalogue: CheckMeta[];
  source: InventorySource;
  collectionErrors: readonly CollectionError[];
}

export interface ClusterScanRequest {
  cluster: DiscoveredCluster;
  policy: LoadedPolicy;
  signal: AbortSignal;
  /** The attempt's time budget: no single Kubernetes request waits longer. */
  timeoutMs: number;
}

export async function scanFleetCluster(request: ClusterScanRequest, io: CliIo): Promise<ClusterScan> {
  const { cluster, signal } = request;
  const { credentials } = cluster;
  if (!cluster.endpoint) throw new FleetFailure('failed', `has no API endpoint (cluster status ${cluster.status ?? 'unknown'})`);
  const connection = eksConnection({
    cluster: cluster.name,
    region: cluster.region,
    credentials,
    server: cluster.endpoint,
    ...(cluster.caData ? { caData: cluster.caData } : {}),
    contextName: cluster.arn,
  });
  const collection = await collectCluster(
    { name: cluster.name, region: cluster.region, credentials, connection, signal, requestTimeoutMs: request.timeoutMs, kubeletConfig: false },
    io,
    () => {},
  );
  // A throttled DescribeCluster leaves the whole AWS side empty: try the cluster again rather
  // than record a scan whose AWS checks all say "not evaluated".
  const describe = collection.inventory.errors.find((error) => error.source === 'aws' && error.operation === 'DescribeCluster');
  if (describe && isThrottlingCode(describe.code === undefined ? undefined : String(describe.code))) {
    throw new FleetFailure('throttled', `eks:DescribeCluster was throttled: ${describe.message}`);
  }
  const snapshot = snapshotOf(collection.inventory, { toolVersion: VERSION });
  const { inventory, inputErrors } = inventoryFromSnapshot(snapshot, `cluster ${cluster.arn}`);
  signal.throwIfAborted();
  const collectedAt = inventory.source.collectedAt;
  const { result, catalogue } = scanInventory({ inventory, inputErrors }, request.policy, {
    includePassed: false,
    attackPaths: true,
    ...(collectedAt ? { now: new Date(collectedAt) } : {}),
  });
  return { result, catalogue, source: inventory.source, collectionErrors: inventory.errors };
}

function statusKind(status: number): FailureKind {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'network';
  if (status === 401 || status === 403) return 'denied';
  return 'failed';
}

/** What went wrong with a cluster, and whether another attempt may help. */
export function classifyClusterError(error: unknown): Failure {
  const message = messageOf(error);
  for (const entry of causes(error)) {
    if (entry instanceof FleetTimeoutError) return { kind: 'timeout', message };
    if (entry instanceof KubeConnectionError) return { kind: entry.message.includes('did not answer') ? 'timeout' : 'network', message };
    if (entry instanceof KubeApiError) return { kind: statusKind(entry.status), message };
    // Discovery names the refused request's status only in its message.
    if (entry instanceof DiscoveryError) return { kind: statusKind(Number(/\(HTTP (\d{3})\)/.exec(entry.message)?.[1] ?? 0)), message };
  }
  return { kind: classifyAwsError(error), message };
}
