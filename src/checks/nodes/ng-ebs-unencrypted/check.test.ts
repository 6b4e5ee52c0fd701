import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, denied, launchTemplateVersion, nodegroup, nodegroupArn, withLaunchTemplate } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const BR_LT = 'lt-0b0771e70c4e70001';

describeCheck(check, {
  pass: [
    {
      name: 'encryption by default on (overrides an explicit false)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('system'), withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: {
          ebsEncryptionByDefault: true,
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 80, VolumeType: 'gp3', Encrypted: false } }] })],
        },
      },
    },
    {
      name: 'every mapping encrypted with a KMS key (Bottlerocket OS and data volumes)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('br', { amiType: 'BOTTLEROCKET_x86_64' }), BR_LT, 2)] },
        ec2: {
          ebsEncryptionByDefault: false,
          launchTemplateVersions: [
            launchTemplateVersion(BR_LT, 2, {
              BlockDeviceMappings: [
                { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 4, VolumeType: 'gp3', Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' } },
                { DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 100, VolumeType: 'gp3', Encrypted: true } },
              ],
            }),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'group without a template, and a template with an unset and an explicit false mapping',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('system'), withLaunchTemplate(nodegroup('general'), LT, 3)] },
        ec2: {
          ebsEncryptionByDefault: false,
          launchTemplateVersions: [
            launchTemplateVersion(LT, 3, {
              BlockDeviceMappings: [
                { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 80, VolumeType: 'gp3' } },
                { DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 200, VolumeType: 'gp3', Encrypted: false } },
                { DeviceName: '/dev/sdc', VirtualName: 'ephemeral0' },
              ],
            }),
          ],
        },
      },
      expect: [
        { resource: nodegroupArn('system'), path: 'launchTemplate', message: /node group system: the root volume \(20 GiB\) is unencrypted/ },
        { resource: nodegroupArn('general'), path: 'LaunchTemplateData.BlockDeviceMappings[0].Ebs.Encrypted', message: /volume \/dev\/xvda is unencrypted: launch template ng-lt .* does not set Encrypted/ },
        { resource: nodegroupArn('general'), path: 'LaunchTemplateData.BlockDeviceMappings[1].Ebs.Encrypted', message: /volume \/dev\/xvdb is unencrypted: .* sets Encrypted false/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'encryption-by-default denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('system')] }, ec2: {} },
      errors: [denied('ec2', 'GetEbsEncryptionByDefault')],
      expect: [{ resource: nodegroupArn('system'), path: 'launchTemplate', message: /ec2:GetEbsEncryptionByDefault failed during collection \(AccessDenied/ }],
    },
    {
      name: 'custom AMI without Encrypted: the snapshot decides',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('custom', { amiType: 'CUSTOM' }), LT, 1)] },
        ec2: { ebsEncryptionByDefault: false, launchTemplateVersions: [launchTemplateVersion(LT, 1, { ImageId: 'ami-0c0ffee000000001', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 50 } }] })] },
      },
      expect: [{ message: /encrypted only if its snapshot is/ }],
    },
  ],
});
