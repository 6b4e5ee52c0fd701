import { useApi, type Load } from './api/client.js';
import type { ClusterSummary, ClustersAnswer, ScanRow, ScansAnswer } from './api/types.js';
import { withQuery } from './with-query.js';

/** Scans listed per request: the newest, which is plenty for the retention `scan` keeps per cluster. */
export const SCANS_LISTED = 500;
/** The server reads at most this many characters of `group=` or `cluster=` (its free-text bound). */
const MAX_TEXT_PARAM = 200;

export interface ScanList {
  /** Newest first: the store's newest scans and, in a fleet, those of the chosen cluster too. */
  scans: ScanRow[];
  /** Every cluster or target with a scan, worst first. */
  clusters: ClusterSummary[];
  /** The scan the address names, else the newest; undefined when it names one not listed. */
  selected: ScanRow | undefined;
  /** The cluster or target of the selected scan (or of the scan the address names). */
  cluster: ClusterSummary | undefined;
}

/**
 * What the header and the views choose from. In a fleet the store's newest scans may all be other
 * clusters', so the chosen cluster's own scans are asked for too: by group, or by name when the
 * group key is too long to send (a name two clusters in two accounts may share, so only the
 * group's scans are kept).
 */
export function useScanList(requested: string | null): Load<ScanList> {
  const recent = useApi<ScansAnswer>(`/api/scans?limit=${SCANS_LISTED}`);
  const clusters = useApi<ClustersAnswer>('/api/clusters');
  const groups = clusters.state === 'ready' ? clusters.data.clusters : [];
  const newest = recent.state === 'ready' ? recent.data.scans : [];
  const cluster = clusterOf(requested, newest, groups);
  const ownPath = groups.length > 1 && cluster ? ownScansPath(cluster) : undefined;
  const own = useApi<ScansAnswer>(ownPath);
  if (recent.state !== 'ready') return recent;
  if (clusters.state !== 'ready') return clusters;
  // Without its own list the picker still offers the cluster's scans among the newest.
  if (ownPath !== undefined && own.state === 'loading') return own;
  const ownScans = own.state === 'ready' && cluster ? own.data.scans.filter((scan) => scan.groupKey === cluster.groupKey) : [];
  const scans = merged(newest, ownScans);
  const selected = requested === null ? scans[0] : scans.find((scan) => String(scan.id) === requested);
  return { state: 'ready', data: { scans, clusters: groups, selected, cluster } };
}

/** The group of the scan the address names (or of the newest), found among the listed scans or as a group's newest scan. */
function clusterOf(requested: string | null, scans: ScanRow[], groups: ClusterSummary[]): ClusterSummary | undefined {
  const scan = requested === null ? scans[0] : scans.find((row) => String(row.id) === requested);
  const groupKey = scan?.groupKey ?? groups.find((group) => String(group.latest.id) === requested)?.groupKey;
  return groupKey === undefined ? undefined : groups.find((group) => group.groupKey === groupKey);
}

function ownScansPath(cluster: ClusterSummary): string | undefined {
  if (cluster.groupKey.length <= MAX_TEXT_PARAM) return withQuery('/api/scans', { group: cluster.groupKey, limit: SCANS_LISTED });
  const name = cluster.cluster ?? cluster.target;
  return name && name.length <= MAX_TEXT_PARAM ? withQuery('/api/scans', { cluster: name, limit: SCANS_LISTED }) : undefined;
}

function merged(a: ScanRow[], b: ScanRow[]): ScanRow[] {
  const byId = new Map<number, ScanRow>();
  for (const scan of [...a, ...b]) byId.set(scan.id, scan);
  return [...byId.values()].sort((x, y) => y.id - x.id);
}
