import { describeCheck } from '../../test-support/check-tester.js';
import {
  CLUSTER_SOURCE,
  denied,
  instance,
  launchTemplateVersion,
  nodegroup,
  nodegroupArn,
  withLaunchTemplate,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const optional = { HttpTokens: 'optional' as const, HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' as const };

describeCheck(check, {
  pass: [
    {
      name: 'launch template requires IMDSv2',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 3)] },
        ec2: {
          launchTemplateVersions: [
            launchTemplateVersion(LT, 2, { MetadataOptions: optional }),
            launchTemplateVersion(LT, 3, { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }),
          ],
          instances: [],
        },
      },
    },
    {
      name: 'no launch template: the running instances require IMDSv2; a Karpenter pool with the endpoint disabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        ec2: {
          instances: [
            instance('i-0aaa0000000000001', 'general'),
            instance('i-0kar0000000000001', undefined, {
              Tags: [
                { Key: 'eks:cluster-name', Value: 'prod' },
                { Key: 'karpenter.sh/nodepool', Value: 'default' },
              ],
              MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'disabled', HttpPutResponseHopLimit: 1 },
            }),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'launch template version in use allows IMDSv1 ($Latest would not matter: the pinned version decides)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 2)] },
        ec2: {
          launchTemplateVersions: [
            launchTemplateVersion(LT, 2, { MetadataOptions: optional }),
            launchTemplateVersion(LT, 3, { MetadataOptions: { HttpTokens: 'required' } }),
          ],
          instances: [],
        },
      },
      expect: [
        {
          resource: `Nodegroup/${nodegroupArn('general')}`,
          path: 'LaunchTemplateData.MetadataOptions.HttpTokens',
          message: /node group general allows IMDSv1 \(HttpTokens "optional" in launch template ng-lt \(lt-0a1b2c3d4e5f60001\) version 2\)/,
        },
      ],
    },
    {
      name: 'template leaves HttpTokens unset: instances tell; a self-managed Auto Scaling group too',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('gpu'), LT, 1)] },
        ec2: {
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { InstanceType: 'g5.xlarge' })],
          instances: [
            instance('i-0gpu0000000000001', 'gpu', { MetadataOptions: optional }),
            instance('i-0gpu0000000000002', 'gpu'),
            instance('i-0asg0000000000001', undefined, {
              Tags: [
                { Key: 'eks:cluster-name', Value: 'prod' },
                { Key: 'aws:autoscaling:groupName', Value: 'prod-legacy-workers' },
              ],
              MetadataOptions: optional,
            }),
          ],
        },
      },
      expect: [
        { resource: nodegroupArn('gpu'), path: 'MetadataOptions.HttpTokens', message: /1 instance \(i-0gpu0000000000001\)/ },
        { resource: 'AutoScalingGroup/prod-legacy-workers', path: 'MetadataOptions.HttpTokens' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'node groups and instances denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups'), denied('ec2', 'DescribeInstances')],
      expect: [{ resource: 'Cluster/prod', message: /eks:ListNodegroups failed during collection \(AccessDenied/ }],
    },
    {
      name: 'launch template denied and no instance data',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 4)] } },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT), denied('ec2', 'DescribeInstances')],
      expect: [{ message: /ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed during collection.*ec2:DescribeInstances failed/ }],
    },
    {
      name: 'a manifests scan has no AWS data',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      expect: [{ message: /a manifests scan does not have/ }],
    },
  ],
});
