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

describeCheck(check, {
  pass: [
    {
      name: 'no key anywhere',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('system'), withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: {
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { MetadataOptions: { HttpTokens: 'required' } })],
          instances: [instance('i-0kar0000000000001', undefined, { Tags: [{ Key: 'karpenter.sh/nodepool', Value: 'default' }] })],
        },
      },
    },
  ],
  fail: [
    {
      name: 'remote access key, launch template key, and a key on self-managed instances',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('legacy', { remoteAccess: { ec2SshKey: 'ops-key', sourceSecurityGroups: ['sg-0bastion000000001'] } }), withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: {
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { KeyName: 'platform-2024' })],
          instances: [
            instance('i-0asg0000000000001', undefined, { KeyName: 'old-workers', Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'workers' }] }),
            instance('i-0asg0000000000002', undefined, { KeyName: 'old-workers', Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'workers' }] }),
          ],
        },
      },
      expect: [
        { resource: nodegroupArn('legacy'), path: 'remoteAccess.ec2SshKey', message: 'Nodes of node group legacy accept SSH key pair "ops-key" (remoteAccess.ec2SshKey)' },
        { resource: nodegroupArn('general'), path: 'LaunchTemplateData.KeyName', message: /"platform-2024" \(KeyName of launch template ng-lt/ },
        { resource: 'AutoScalingGroup/workers', path: 'KeyName', message: /instances i-0asg0000000000001, i-0asg0000000000002/ },
      ],
    },
    {
      name: 'launch template not readable: the running instances show the key',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] }, ec2: { instances: [instance('i-0aaa0000000000001', 'general', { KeyName: 'platform-2024' })] } },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions')],
      expect: [{ resource: nodegroupArn('general'), path: 'KeyName' }],
    },
  ],
  notEvaluated: [
    {
      name: 'launch template denied and no running instance',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] }, ec2: { instances: [] } },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT)],
      expect: [{ resource: nodegroupArn('general'), message: /ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed/ }],
    },
    {
      name: 'nothing collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups'), denied('ec2', 'DescribeInstances')],
    },
  ],
});
