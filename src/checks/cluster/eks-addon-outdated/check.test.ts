import { describeCheck } from '../../test-support/check-tester.js';
import { addon, addonVersion, awsWith, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

/** DescribeAddonVersions(kubernetesVersion=1.35), as the collector stores it per add-on. */
const addonVersions = {
  'vpc-cni': [
    addonVersion('v1.21.1-eksbuild.1', { '1.35': false, '1.34': false }),
    addonVersion('v1.21.0-eksbuild.4', { '1.35': true, '1.34': true }),
    addonVersion('v1.20.9-eksbuild.1', { '1.35': false, '1.34': false }),
    addonVersion('v1.19.10-eksbuild.1', { '1.35': false, '1.34': false }),
    addonVersion('v1.19.2-eksbuild.1', { '1.35': false, '1.34': false }),
  ],
  coredns: [
    addonVersion('v1.13.3-eksbuild.1', { '1.35': false }),
    addonVersion('v1.13.2-eksbuild.3', { '1.35': true }),
    addonVersion('v1.13.2-eksbuild.1', { '1.35': false }),
    addonVersion('v1.12.4-eksbuild.1', { '1.35': false }),
  ],
  'kube-proxy': [addonVersion('v1.35.1-eksbuild.4', { '1.35': false }), addonVersion('v1.35.0-eksbuild.2', { '1.35': true })],
  'aws-ebs-csi-driver': [addonVersion('v1.52.1-eksbuild.1', { '1.35': false }), addonVersion('v1.51.0-eksbuild.1', { '1.35': false })],
};

const ARN = (name: string) => addon(name, 'v0').addonArn as string;

const withAddons = (...addons: Array<ReturnType<typeof addon>>) =>
  awsWith({ cluster: describeCluster(), eks: { addons, addonVersions } });

describeCheck(check, {
  pass: [
    {
      name: 'every add-on at or above its default version',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(
        addon('vpc-cni', 'v1.21.0-eksbuild.4'),
        addon('coredns', 'v1.13.2-eksbuild.3'),
        addon('kube-proxy', 'v1.35.0-eksbuild.2'),
      ),
    },
    {
      name: 'no default marked: the latest version is the reference',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('aws-ebs-csi-driver', 'v1.52.1-eksbuild.1')),
    },
  ],
  fail: [
    {
      name: 'vpc-cni a minor version behind the default',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('vpc-cni', 'v1.20.9-eksbuild.1'), addon('kube-proxy', 'v1.35.0-eksbuild.2')),
      expect: [
        {
          resource: ARN('vpc-cni'),
          path: 'addonVersion',
          severity: 'medium',
          message: 'Add-on vpc-cni runs v1.20.9-eksbuild.1, below the default version v1.21.0-eksbuild.4 for Kubernetes 1.35; latest is v1.21.1-eksbuild.1',
        },
      ],
    },
    {
      name: 'an older eksbuild of the default upstream release',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('coredns', 'v1.13.2-eksbuild.1')),
      expect: [{ resource: ARN('coredns'), message: 'runs v1.13.2-eksbuild.1, below the default version v1.13.2-eksbuild.3 for Kubernetes 1.35; latest is v1.13.3-eksbuild.1' }],
    },
    {
      name: '1.19.2 is older than 1.19.10 (string order would say otherwise)',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { compareTo: 'latest' },
      aws: withAddons(addon('vpc-cni', 'v1.19.2-eksbuild.1')),
      expect: [{ resource: ARN('vpc-cni'), message: 'below the latest version v1.21.1-eksbuild.1 for Kubernetes 1.35' }],
    },
    {
      name: 'compareTo latest flags an add-on sitting on the default',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { compareTo: 'latest' },
      aws: withAddons(addon('kube-proxy', 'v1.35.0-eksbuild.2')),
      expect: [{ resource: ARN('kube-proxy'), message: 'below the latest version v1.35.1-eksbuild.4' }],
    },
    {
      name: 'left behind by a cluster upgrade: no longer compatible',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('coredns', 'v1.11.4-eksbuild.2')),
      expect: [
        {
          resource: ARN('coredns'),
          severity: 'high',
          message: 'runs v1.11.4-eksbuild.2, which EKS does not list as compatible with Kubernetes 1.35 (oldest compatible: v1.12.4-eksbuild.1, default: v1.13.2-eksbuild.3)',
        },
      ],
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
      name: 'DescribeAddonVersions denied for one add-on',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeAddonVersions', 'eks-pod-identity-agent')],
      aws: withAddons(addon('eks-pod-identity-agent', 'v1.3.8-eksbuild.2')),
      expect: [{ resource: ARN('eks-pod-identity-agent'), message: /eks:DescribeAddonVersions for eks-pod-identity-agent failed during collection/ }],
    },
    {
      name: 'DescribeCluster denied (the default version depends on the Kubernetes version)',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      aws: awsWith({ eks: { addons: [addon('vpc-cni', 'v1.21.0-eksbuild.4')], addonVersions } }),
      expect: [{ message: /eks:DescribeCluster for prod failed during collection/ }],
    },
  ],
});
