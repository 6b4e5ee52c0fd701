import { describeCheck } from '../../test-support/check-tester.js';
import { addon, awsWith, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const ARN = (name: string) => addon(name, 'v0').addonArn as string;
const withAddons = (...addons: Array<ReturnType<typeof addon>>) => awsWith({ cluster: describeCluster(), eks: { addons } });

describeCheck(check, {
  pass: [
    {
      name: 'every add-on ACTIVE without issues',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('vpc-cni', 'v1.21.0-eksbuild.4'), addon('coredns', 'v1.13.2-eksbuild.3'), addon('kube-proxy', 'v1.35.0-eksbuild.2')),
    },
  ],
  fail: [
    {
      name: 'EBS CSI driver degraded by a missing IAM permission',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(
        addon('vpc-cni', 'v1.21.0-eksbuild.4'),
        addon('aws-ebs-csi-driver', 'v1.52.1-eksbuild.1', {
          status: 'DEGRADED',
          health: {
            issues: [
              {
                code: 'InsufficientNumberOfReplicas',
                message: 'The add-on is unhealthy because it doesn\'t have the desired number of replicas.',
                resourceIds: ['kube-system/ebs-csi-controller'],
              },
            ],
          },
        }),
      ),
      expect: [
        {
          resource: ARN('aws-ebs-csi-driver'),
          path: 'health.issues[0]',
          message: 'Add-on aws-ebs-csi-driver (DEGRADED) reports InsufficientNumberOfReplicas: The add-on is unhealthy because it doesn\'t have the desired number of replicas. (kube-system/ebs-csi-controller)',
        },
      ],
    },
    {
      name: 'update failed with no issue recorded',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('coredns', 'v1.13.2-eksbuild.3', { status: 'UPDATE_FAILED' })),
      expect: [{ resource: ARN('coredns'), path: 'status', message: 'Add-on coredns is UPDATE_FAILED' }],
    },
    {
      name: 'an ACTIVE add-on with a configuration conflict',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(
        addon('kube-proxy', 'v1.35.0-eksbuild.2', {
          health: { issues: [{ code: 'ConfigurationConflict', message: 'Conflicts found when trying to apply. Will not continue due to resolve conflicts mode.' }] },
        }),
      ),
      expect: [{ resource: ARN('kube-proxy'), path: 'health.issues[0]', message: '(ACTIVE) reports ConfigurationConflict' }],
    },
  ],
  notEvaluated: [
    {
      name: 'ListAddons denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('eks', 'ListAddons', 'prod')],
      expect: [{ message: /eks:ListAddons for prod failed during collection \(AccessDenied/ }],
    },
    {
      name: 'an add-on caught mid-update',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('vpc-cni', 'v1.21.0-eksbuild.4', { status: 'UPDATING' })),
      expect: [{ resource: ARN('vpc-cni'), message: 'was UPDATING when collected' }],
    },
  ],
});
