import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { cliName, clusterMissing, missingReason, type EksCluster } from '../eks-data.js';
import { findKey, KMS_ISSUE_CODES, secretsKey } from '../secrets-encryption.js';

type KeyTarget = Target & { cluster: EksCluster; keyArn: string };

/** Key states in which the control plane cannot decrypt Secrets at all. */
const BROKEN_STATES = new Set(['Disabled', 'PendingDeletion', 'PendingReplicaDeletion', 'Unavailable']);

/** Cluster issue codes that restate a key state this check already reports from DescribeKey. */
const SAME_AS_STATE: Record<string, string> = { KmsKeyDisabled: 'Disabled', KmsKeyMarkedForDeletion: 'PendingDeletion' };

function keyTargets(inventory: InventoryView): KeyTarget[] {
  const cluster = inventory.aws?.eks?.cluster;
  const key = cluster ? secretsKey(cluster) : undefined;
  if (!cluster || !key) return [];
  return [{ resource: { kind: 'KMSKey', name: key.keyArn }, cluster, keyArn: key.keyArn }];
}

export const check = defineCheck<KeyTarget, 'keyState' | 'clusterIssue' | 'notRotated'>({
  id: 'eks-secrets-kms-key-unhealthy',
  title: 'Secrets KMS key disabled/pending deletion or not rotated',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'The KMS key in `encryptionConfig` unlocks every Secret of the cluster. Disabled, scheduled for deletion or with its grant revoked, the API server can no longer read Secrets (and after deletion they are lost for good); without rotation the same key material protects them indefinitely.',
  remediation:
    'Re-enable the key or cancel its deletion (`aws kms enable-key`, `aws kms cancel-key-deletion`), restore the EKS grant if it was revoked, and turn on automatic rotation: `aws kms enable-key-rotation --key-id <key>`.',
  messages: {
    keyState: 'Secrets key of cluster "{{cluster}}" is {{state}}{{detail}}: the API server cannot decrypt Secrets',
    clusterIssue: 'Cluster "{{cluster}}" reports {{code}} for its Secrets key: {{message}}',
    notRotated: 'Secrets key of cluster "{{cluster}}" does not rotate its key material automatically',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
  ],
  requires: clusterMissing,
  targets: keyTargets,
  evaluate({ cluster, keyArn }, context) {
    const name = cliName(cluster, context.inventory);
    const record = findKey(context.inventory, keyArn);
    const metadata = record?.KeyMetadata;
    const state = metadata?.KeyState;
    const brokenState = state !== undefined && state !== 'Enabled';

    for (const issue of cluster.health?.issues ?? []) {
      const code = issue.code ?? '';
      if (!KMS_ISSUE_CODES.has(code) || (brokenState && SAME_AS_STATE[code] === state)) continue;
      context.fail('clusterIssue', { cluster: name, code, message: issue.message ?? 'no message' }, { severity: 'high' });
    }
    if (!metadata) {
      context.notEvaluated(missingReason(context.inventory, [{ service: 'kms', operation: 'DescribeKey', target: keyArn }]));
      return;
    }
    if (brokenState) {
      const detail = state === 'PendingDeletion' && metadata.DeletionDate ? ` (deletion on ${metadata.DeletionDate.slice(0, 10)})` : '';
      context.fail('keyState', { cluster: name, state, detail }, {
        path: ['KeyMetadata', 'KeyState'],
        severity: BROKEN_STATES.has(state) ? 'high' : 'medium',
        fix: {
          kind: 'suggestion',
          description: state === 'PendingDeletion' ? `aws kms cancel-key-deletion --key-id ${keyArn} && aws kms enable-key --key-id ${keyArn}` : `aws kms enable-key --key-id ${keyArn}`,
          operations: [{ op: 'replace', path: '/KeyMetadata/KeyState', value: 'Enabled' }],
        },
      });
      return;
    }
    // AWS-managed keys rotate by themselves; imported and external-store keys cannot rotate automatically.
    const rotatable = metadata.KeyManager === 'CUSTOMER' && (metadata.Origin ?? 'AWS_KMS') === 'AWS_KMS';
    if (!rotatable) return;
    if (record.KeyRotationEnabled === undefined) {
      context.notEvaluated(missingReason(context.inventory, [{ service: 'kms', operation: 'GetKeyRotationStatus', target: keyArn }]));
    } else if (!record.KeyRotationEnabled) {
      context.fail('notRotated', { cluster: name }, {
        path: ['KeyRotationEnabled'],
        fix: {
          kind: 'suggestion',
          description: `aws kms enable-key-rotation --key-id ${keyArn}`,
          operations: [{ op: 'replace', path: '/KeyRotationEnabled', value: true }],
        },
      });
    }
  },
});
