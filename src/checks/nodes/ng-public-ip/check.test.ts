import { describeCheck } from '../../test-support/check-tester.js';
import {
  allSubnets,
  CLUSTER_SOURCE,
  denied,
  instance,
  launchTemplateVersion,
  nodegroup,
  nodegroupArn,
  PUBLIC_SUBNETS,
  PRIVATE_SUBNETS,
  withLaunchTemplate,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';

describeCheck(check, {
  pass: [
    {
      name: 'private subnets, no public addresses',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        ec2: { subnets: allSubnets(), instances: [instance('i-0aaa0000000000001', 'general')] },
      },
    },
    {
      name: 'public subnets but the launch template turns public IPs off',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('edge', { subnets: PUBLIC_SUBNETS }), LT, 1)] },
        ec2: {
          subnets: allSubnets(),
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: ['sg-0c1a55e0000000001'] }] })],
          instances: [],
        },
      },
    },
    {
      name: 'launch template unreadable: the running instances, without public addresses, decide',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('edge', { subnets: PUBLIC_SUBNETS }), LT, 1)] },
        ec2: { subnets: allSubnets(), instances: [instance('i-0edg0000000000001', 'edge', { SubnetId: PUBLIC_SUBNETS[0] })] },
      },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT)],
    },
  ],
  fail: [
    {
      name: 'node group in public subnets that map public IPs, confirmed by an instance',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('edge', { subnets: [PRIVATE_SUBNETS[0]!, ...PUBLIC_SUBNETS] })] },
        ec2: {
          subnets: allSubnets(),
          instances: [instance('i-0edg0000000000001', 'edge', { PublicIpAddress: '34.245.10.20', SubnetId: PUBLIC_SUBNETS[0] })],
        },
      },
      expect: [
        {
          resource: nodegroupArn('edge'),
          path: 'subnets[1]',
          message:
            /subnets subnet-0publ000000000001, subnet-0publ000000000002 assign public IPs on launch \(MapPublicIpOnLaunch\); running instances have public IPv4 addresses: i-0edg0000000000001 \(34\.245\.10\.20\)/,
        },
      ],
    },
    {
      name: 'launch template associates a public IP; a Karpenter node has one',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 2)] },
        ec2: {
          subnets: allSubnets(),
          launchTemplateVersions: [launchTemplateVersion(LT, 2, { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }] })],
          instances: [
            instance('i-0kar0000000000001', undefined, {
              PublicIpAddress: '52.18.1.2',
              Tags: [
                { Key: 'eks:cluster-name', Value: 'prod' },
                { Key: 'karpenter.sh/nodepool', Value: 'spot' },
              ],
            }),
          ],
        },
      },
      expect: [
        { resource: nodegroupArn('general'), path: 'LaunchTemplateData.NetworkInterfaces[0].AssociatePublicIpAddress' },
        { resource: 'NodePool/spot', path: 'PublicIpAddress', message: /Karpenter NodePool spot gives nodes public IP addresses/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'public subnets, but the launch template that may override them is unreadable and no instance runs',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('edge', { subnets: PUBLIC_SUBNETS }), LT, 1)] },
        ec2: { subnets: allSubnets(), instances: [] },
      },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT)],
      expect: [{ resource: nodegroupArn('edge'), message: /ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed.*no running instance/ }],
    },
    {
      name: 'subnets denied and the group has no running instance',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('general', { scalingConfig: { minSize: 0, maxSize: 3, desiredSize: 0 } })] }, ec2: { instances: [] } },
      errors: [denied('ec2', 'DescribeSubnets')],
      expect: [{ resource: nodegroupArn('general'), message: /ec2:DescribeSubnets failed during collection \(AccessDenied/ }],
    },
    {
      name: 'no node data at all',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups')],
      expect: [{ message: /eks:ListNodegroups failed/ }],
    },
  ],
});
