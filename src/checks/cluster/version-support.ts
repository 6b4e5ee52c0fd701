/**
 * Where a cluster's Kubernetes version stands in the EKS support calendar, from
 * DescribeClusterVersions (`versionStatus`, else the older `status`, else the dates).
 */
import type { InventoryView } from '../../inventory/index.js';
import { kubernetesMinor } from './addon-version.js';
import { eksCall, missingReason, type EksCluster, type EksClusterVersion } from './eks-data.js';
import { parseAwsTime } from './scan-time.js';

export type SupportStatus = 'STANDARD_SUPPORT' | 'EXTENDED_SUPPORT' | 'UNSUPPORTED';

export interface VersionSupport {
  version: string;
  status: SupportStatus;
  /** The DescribeClusterVersions entry; absent when the version is older than any listed. */
  info?: EksClusterVersion;
  endOfStandard?: number;
  endOfExtended?: number;
  /** The oldest version listed, when the cluster's is older than all of them. */
  oldestListed?: string;
}

const LEGACY_STATUS: Record<string, SupportStatus> = {
  'standard-support': 'STANDARD_SUPPORT',
  'extended-support': 'EXTENDED_SUPPORT',
  unsupported: 'UNSUPPORTED',
};

function compareMinor(a: string | undefined, b: string | undefined): number {
  const left = kubernetesMinor(a) ?? [0, 0];
  const right = kubernetesMinor(b) ?? [0, 0];
  return left[0] - right[0] || left[1] - right[1];
}

/** For `requires`: why the cluster or the version calendar is missing. */
export function versionDataMissing(inventory: InventoryView): string | undefined {
  if (!inventory.aws?.eks?.cluster) return missingReason(inventory, [eksCall(inventory, 'DescribeCluster')]);
  if (!inventory.aws.eks.clusterVersions) return missingReason(inventory, [{ service: 'eks', operation: 'DescribeClusterVersions' }]);
  return undefined;
}

/** The support status of the cluster's version at `now`, or why it cannot be told. */
export function versionSupport(cluster: EksCluster, versions: readonly EksClusterVersion[], now: number): VersionSupport | string {
  const version = cluster.version;
  if (!version) return 'DescribeCluster returned no cluster.version';
  const info = versions.find((entry) => entry.clusterVersion === version);
  if (!info) {
    const listed = versions.map((entry) => entry.clusterVersion).filter((entry): entry is string => !!entry);
    const oldest = listed.sort(compareMinor)[0];
    if (oldest !== undefined && compareMinor(version, oldest) < 0) return { version, status: 'UNSUPPORTED', oldestListed: oldest };
    return `Kubernetes ${version} is not among the versions DescribeClusterVersions listed`;
  }
  const endOfStandard = parseAwsTime(info.endOfStandardSupportDate);
  const endOfExtended = parseAwsTime(info.endOfExtendedSupportDate);
  let status: SupportStatus | undefined = info.versionStatus ?? LEGACY_STATUS[info.status ?? ''];
  if (status === undefined && endOfStandard !== undefined) {
    status = now < endOfStandard ? 'STANDARD_SUPPORT' : endOfExtended === undefined || now < endOfExtended ? 'EXTENDED_SUPPORT' : 'UNSUPPORTED';
  }
  if (status === undefined) return `DescribeClusterVersions gave neither a status nor support dates for Kubernetes ${version}`;
  const support: VersionSupport = { version, status, info };
  if (endOfStandard !== undefined) support.endOfStandard = endOfStandard;
  if (endOfExtended !== undefined) support.endOfExtended = endOfExtended;
  return support;
}

/** The next minor version, for upgrade commands (`1.31` → `1.32`). */
export function nextMinor(version: string): string {
  const minor = kubernetesMinor(version);
  return minor ? `${minor[0]}.${minor[1] + 1}` : '<next version>';
}
