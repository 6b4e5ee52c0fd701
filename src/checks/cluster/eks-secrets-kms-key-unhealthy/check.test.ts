import type { AwsData } from '../../../model/index.js';
import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, awsWith, CLUSTER_SOURCE, denied, describeCluster, merge, SECRETS_KEY_ARN } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

type KeyRecord = NonNullable<NonNullable<AwsData['kms']>['keys']>[number];

function key(metadata: Partial<KeyRecord['KeyMetadata']> = {}, rotation: boolean | 'not collected' = true): KeyRecord {
  const record: KeyRecord = {
    KeyMetadata: merge<KeyRecord['KeyMetadata']>(
      {
        AWSAccountId: ACCOUNT,
        KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        Arn: SECRETS_KEY_ARN,
        CreationDate: '2024-03-12T09:14:02.000Z',
        Enabled: true,
        Description: 'EKS prod Secrets envelope encryption',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'Enabled',
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        MultiRegion: false,
      },
      metadata,
    ),
  };
  if (rotation !== 'not collected') record.KeyRotationEnabled = rotation;
  return record;
}

const withKey = (record: KeyRecord | undefined, cluster = describeCluster()) =>
  awsWith({ cluster, kms: { keys: record ? [record] : [] } });

describeCheck(check, {
  pass: [
    {
      name: 'enabled customer key with rotation',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withKey(key()),
    },
    {
      name: 'imported key material cannot rotate automatically, so it is not flagged',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withKey(key({ Origin: 'EXTERNAL' }, false)),
    },
    {
      name: 'cluster names the key by alias; DescribeKey resolved it',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withKey(
        key(),
        describeCluster({ encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/prod-eks-secrets` } }] }),
      ),
    },
  ],
  fail: [
    {
      name: 'rotation off',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withKey(key({}, false)),
      expect: [{ resource: SECRETS_KEY_ARN, path: 'KeyRotationEnabled', message: 'does not rotate' }],
    },
    {
      name: 'key scheduled for deletion, and the cluster says so too (reported once)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withKey(
        key({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: '2026-12-04T00:00:00.000Z', PendingDeletionWindowInDays: 7 }),
        describeCluster({
          health: { issues: [{ code: 'KmsKeyMarkedForDeletion', message: 'The KMS key is marked for deletion.', resourceIds: [SECRETS_KEY_ARN] }] },
        }),
      ),
      expect: [{ resource: SECRETS_KEY_ARN, path: 'KeyMetadata.KeyState', severity: 'high', message: 'is PendingDeletion (deletion on 2026-12-04)' }],
    },
    {
      name: 'EKS grant revoked while the key itself is fine',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withKey(
        key(),
        describeCluster({ health: { issues: [{ code: 'KmsGrantRevoked', message: 'The grant for the KMS key has been revoked.', resourceIds: [SECRETS_KEY_ARN] }] } }),
      ),
      expect: [{ resource: SECRETS_KEY_ARN, severity: 'high', message: 'reports KmsGrantRevoked for its Secrets key' }],
    },
    {
      name: 'cluster reports the key disabled even though DescribeKey was denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('kms', 'DescribeKey', SECRETS_KEY_ARN)],
      aws: withKey(undefined, describeCluster({ health: { issues: [{ code: 'KmsKeyDisabled', message: 'The KMS key is disabled.' }] } })),
      expect: [{ resource: SECRETS_KEY_ARN, message: 'KmsKeyDisabled' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeKey denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('kms', 'DescribeKey', SECRETS_KEY_ARN)],
      aws: withKey(undefined),
      expect: [{ resource: SECRETS_KEY_ARN, message: /kms:DescribeKey for arn:aws:kms:.* failed during collection \(AccessDenied/ }],
    },
    {
      name: 'GetKeyRotationStatus denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('kms', 'GetKeyRotationStatus', SECRETS_KEY_ARN)],
      aws: withKey(key({}, 'not collected')),
      expect: [{ resource: SECRETS_KEY_ARN, message: /kms:GetKeyRotationStatus for .* failed during collection/ }],
    },
    {
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ message: /eks:DescribeCluster for prod failed during collection \(AccessDenied/ }],
    },
  ],
});
