import { defineCheck } from '../../define-check.js';
import { kubernetesMinor } from '../addon-version.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';
import { secretsKey } from '../secrets-encryption.js';

/** From Kubernetes 1.28 EKS envelope-encrypts all API data with an AWS-owned key by default. */
function hasDefaultEncryption(version: string | undefined): boolean {
  const minor = kubernetesMinor(version);
  return minor !== undefined && (minor[0] > 1 || (minor[0] === 1 && minor[1] >= 28));
}

export const check = defineCheck<ClusterTarget, 'noKey' | 'awsOwnedOnly'>({
  id: 'eks-secrets-encryption-disabled',
  title: 'Envelope encryption of Secrets with KMS not configured',
  severity: 'high',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Without a customer-managed KMS key in `encryptionConfig`, Secrets in etcd are protected only by EBS disk encryption (Kubernetes before 1.28) or by an AWS-owned key (1.28 and later). Either way you cannot restrict, audit in CloudTrail or revoke the key that unlocks every Secret of the cluster. CIS EKS 5.3.1 asks for a customer key.',
  remediation:
    'Associate a symmetric customer-managed KMS key: `aws eks associate-encryption-config --cluster-name <cluster> --encryption-config \'[{"resources":["secrets"],"provider":{"keyArn":"<key ARN>"}}]\'`. This cannot be undone; existing Secrets are re-encrypted when next written.',
  messages: {
    noKey: 'Cluster "{{cluster}}" (Kubernetes {{version}}) does not envelope-encrypt Secrets with a KMS key: only the etcd disk is encrypted',
    awsOwnedOnly: 'Cluster "{{cluster}}" encrypts Secrets only with the AWS-owned default key: no customer-managed KMS key you can restrict, audit or revoke',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html',
  ],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    if (secretsKey(cluster)) return;
    const name = cliName(cluster, context.inventory);
    const fix = {
      kind: 'suggestion' as const,
      description: `aws eks associate-encryption-config --cluster-name ${name} --encryption-config '[{"resources":["secrets"],"provider":{"keyArn":"<key ARN>"}}]' (irreversible)`,
      operations: [{ op: 'add' as const, path: '/encryptionConfig', value: [{ resources: ['secrets'], provider: { keyArn: '<key ARN>' } }] }],
    };
    if (hasDefaultEncryption(cluster.version)) {
      // The data is encrypted, only not under the customer's control: a lesser gap.
      context.fail('awsOwnedOnly', { cluster: name }, { path: ['encryptionConfig'], fix, severity: 'medium' });
    } else {
      context.fail('noKey', { cluster: name, version: cluster.version ?? 'unknown' }, { path: ['encryptionConfig'], fix });
    }
  },
});
