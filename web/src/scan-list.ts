import { useApi, type Load } from './api/client.js';
import type { ClusterSummary, ClustersAnswer, ScanRow, ScansAnswer } from './api/types.js';
import { withQuery } from './with-query.js';

/** Scans listed per request: the newest, which is plenty for the retention `scan` keeps per cluster. */
const SCANS_LISTED = 500;
/** The server reads at most this many characters of `group=` or `cluster=` (its free-text bound). */
const MAX_TEXT_PARAM = 200;

export interface ScanList {
  /** Newest first: the store's newest scans, in a fleet those of the chosen cluster too, and the scan the address names. */
  scans: ScanRow[];
  /** Every cluster or target with a scan, worst first. */
  clusters: ClusterSummary[];
  /** The scan the address names, else the newest; undefined when the store does not hold it. */
  selected: ScanRow | undefined;
  /** The cluster or target of the selected scan (or of the scan the address names). */
  cluster: ClusterSummary | undefined;
}

/**
 * What the header and the views choose from. In a fleet the store's newest scans may all be other
 * clusters', so the chosen cluster's own scans are asked for too: by group, or by name when the
 * group key is too long to send (a name two clusters in two accounts may share, so only the
 * group's scans are kept). An address can name a scan older than both lists (an idle cluster's,
 * bookmarked): that scan is looked up alone, which names its cluster.
 */
export function useScanList(requested: string | null): Load<ScanList> {
  const recent = useApi<ScansAnswer>(`/api/scans?limit=${SCANS_LISTED}`);
  const clusters = useApi<ClustersAnswer>('/api/clusters');
  const groups = clusters.state === 'ready' ? clusters.data.clusters : [];
  const newest = recent.state === 'ready' ? recent.data.scans : [];
  const unlisted = recent.state === 'ready' && clusters.state === 'ready' && requested !== null && unlistedScan(requested, newest, groups);
  const lookup = useApi<ScansAnswer>(unlisted ? `/api/scans?id=${requested}` : undefined);
  const named = unlisted && lookup.state === 'ready' ? lookup.data.scans : [];
  const cluster = clusterOf(requested, [...newest, ...named], groups);
  const ownPath = groups.length > 1 && cluster ? ownScansPath(cluster) : undefined;
  const own = useApi<ScansAnswer>(ownPath);
  if (recent.state !== 'ready') return recent;
  if (clusters.state !== 'ready') return clusters;
  if (unlisted && lookup.state !== 'ready') return lookup;
  // Without its own list the picker still offers the cluster's scans among the newest.
  if (ownPath !== undefined && own.state === 'loading') return own;
  const ownScans = own.state === 'ready' && cluster ? own.data.scans.filter((scan) => scan.groupKey === cluster.groupKey) : [];
  // The named scan is kept even when its group has more than SCANS_LISTED newer ones.
  const scans = merged(newest, [...ownScans, ...named]);
  const selected = requested === null ? scans[0] : scans.find((scan) => String(scan.id) === requested);
  return { state: 'ready', data: { scans, clusters: groups, selected, cluster } };
}

/** What the server takes as a scan id; anything else is no scan of the store. */
const SCAN_ID = /^[1-9]\d*$/;

/**
 * Whether the address names a scan that neither the list nor a group's newest holds: one worth
 * looking up. It may be older than the list reaches (an idle cluster's), or newer than the list
 * (recorded since it was read, as a link from the fleet view can name).
 */
function unlistedScan(requested: string, scans: ScanRow[], groups: ClusterSummary[]): boolean {
  if (!SCAN_ID.test(requested) || !Number.isSafeInteger(Number(requested))) return false;
  return !scans.some((scan) => String(scan.id) === requested) && !groups.some((group) => String(group.latest.id) === requested);
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
