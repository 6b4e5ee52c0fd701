/** What the identity checks read of the EKS cluster itself (DescribeCluster) and of the scan source. */
import type { AwsSnapshotData, Target } from '../../model/index.js';
import { awsMissingReason, type InventoryView } from '../../inventory/index.js';
import { parseArn } from './iam-arn.js';

export type EksCluster = NonNullable<NonNullable<AwsSnapshotData['eks']>['cluster']>;

export interface ClusterFacts {
  cluster: EksCluster | undefined;
  /** The cluster ARN when known, else its name. */
  id: string;
  name: string;
  arn?: string;
  account?: string;
  region?: string;
  partition: string;
  /** The OIDC issuer without `https://`: the prefix of IRSA condition keys and the provider path. */
  issuer?: string;
}

export function clusterFacts(inventory: InventoryView): ClusterFacts {
  return inventory.cached('identity:cluster-facts', () => {
    const cluster = inventory.aws?.eks?.cluster;
    const arn = cluster?.arn;
    const parsed = parseArn(arn);
    const name = cluster?.name ?? inventory.source.cluster ?? 'cluster';
    const facts: ClusterFacts = { cluster, id: arn ?? name, name, partition: parsed?.partition ?? 'aws' };
    if (arn) facts.arn = arn;
    const account = parsed?.account || inventory.source.accountId;
    const region = parsed?.region || inventory.source.region;
    if (account) facts.account = account;
    if (region) facts.region = region;
    const issuer = cluster?.identity?.oidc?.issuer;
    if (issuer) facts.issuer = issuerPath(issuer);
    return facts;
  });
}

/** `https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/` → `oidc.eks.eu-west-1.amazonaws.com/id/ABC`. */
export function issuerPath(issuer: string): string {
  return issuer.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

export function describeClusterMissing(inventory: InventoryView): string | undefined {
  return inventory.aws?.eks?.cluster ? undefined : awsMissingReason(inventory, { service: 'eks', operation: 'DescribeCluster' });
}

export function eksClusterTarget(inventory: InventoryView): Target {
  return { resource: { kind: 'EKSCluster', name: clusterFacts(inventory).id } };
}

/** A target that only carries why data is missing: evaluated, it reports not evaluated. */
export interface MissingDataTarget extends Target {
  missing: string;
}

export function isMissingDataTarget(target: Target): target is MissingDataTarget {
  return typeof (target as Partial<MissingDataTarget>).missing === 'string';
}
