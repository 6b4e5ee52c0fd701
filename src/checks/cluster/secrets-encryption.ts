/** The KMS key EKS uses for envelope encryption of Secrets (`cluster.encryptionConfig[]`). */
import type { AwsSnapshotData } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import type { EksCluster } from './eks-data.js';

export type KmsKeyRecord = NonNullable<NonNullable<AwsSnapshotData['kms']>['keys']>[number];

export interface SecretsKey {
  keyArn: string;
  /** Index in `encryptionConfig`. */
  index: number;
}

/** The customer KMS key that encrypts Secrets, if any entry names `secrets` and a key. */
export function secretsKey(cluster: EksCluster): SecretsKey | undefined {
  const configs = cluster.encryptionConfig ?? [];
  for (const [index, config] of configs.entries()) {
    const keyArn = config.provider?.keyArn;
    if (keyArn && (config.resources ?? []).includes('secrets')) return { keyArn, index };
  }
  return undefined;
}

function keyIdOf(arnOrId: string): string {
  const slash = arnOrId.lastIndexOf(':key/');
  return slash >= 0 ? arnOrId.slice(slash + ':key/'.length) : arnOrId;
}

/**
 * The collected DescribeKey record for a key named by ARN, key id or (when the cluster names
 * an alias, which DescribeKey resolves) the only key collected.
 */
export function findKey(inventory: InventoryView, keyArn: string): KmsKeyRecord | undefined {
  const keys = inventory.aws?.kms?.keys ?? [];
  const wanted = keyIdOf(keyArn);
  const match = keys.find((key) => key.KeyMetadata.Arn === keyArn || key.KeyMetadata.KeyId === wanted);
  if (match) return match;
  return keyArn.includes(':alias/') && keys.length === 1 ? keys[0] : undefined;
}

/** `ClusterIssue` codes that report a problem with the Secrets key. */
export const KMS_ISSUE_CODES: ReadonlySet<string> = new Set(['KmsKeyDisabled', 'KmsKeyMarkedForDeletion', 'KmsKeyNotFound', 'KmsGrantRevoked']);
