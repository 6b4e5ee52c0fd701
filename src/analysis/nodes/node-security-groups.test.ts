import { describe, expect, it } from 'vitest';
import { nodeSecurityGroupTargets } from './node-security-groups.js';
import { cluster, CLUSTER_SG, clusterSecurityGroup, denied, instance, launchTemplateVersion, nodegroup, nodegroupArn, withLaunchTemplate } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

const LT = 'lt-0a1b2c3d4e5f60001';

function summary(targets: ReturnType<typeof nodeSecurityGroupTargets>): Array<[string, string | string[]]> {
  return targets.map((target) => [target.resource.name, target.unknown ?? target.users]);
}

describe('node security groups', () => {
  it('collects launch template groups, the cluster group, the remote-access group and instance groups', () => {
    const inventory = view({
      eks: {
        cluster: cluster(),
        nodegroups: [
          withLaunchTemplate(nodegroup('named'), LT, 1),
          withLaunchTemplate(nodegroup('unnamed'), 'lt-0b', 1),
          nodegroup('ssh', { resources: { remoteAccessSecurityGroup: 'sg-remote' } }),
        ],
      },
      ec2: {
        securityGroups: [clusterSecurityGroup()],
        launchTemplateVersions: [
          launchTemplateVersion(LT, 1, { SecurityGroupIds: ['sg-a'], NetworkInterfaces: [{ DeviceIndex: 1, Groups: ['sg-b'] }] }),
          launchTemplateVersion('lt-0b', 1, {}),
        ],
        instances: [instance('i-1', 'named', { SecurityGroups: [{ GroupId: 'sg-a' }] }), instance('i-2', undefined, { SecurityGroups: [{ GroupId: 'sg-self' }] }), instance('i-3', undefined, { SecurityGroups: [{ GroupId: 'sg-self' }] })],
      },
    });
    expect(summary(nodeSecurityGroupTargets(inventory))).toEqual([
      ['sg-a', ['node group named', '1 running instance']],
      ['sg-b', ['node group named']],
      [`arn:aws:ec2:eu-west-1:111122223333:security-group/${CLUSTER_SG}`, ['node group unnamed', 'node group ssh']],
      ['sg-remote', ['node group ssh (SSH remote access)']],
      ['sg-self', ['2 running instances']],
    ]);
  });

  it('reports groups whose security groups cannot be known', () => {
    const inventory = view(
      { eks: { nodegroups: [withLaunchTemplate(nodegroup('named'), LT, 1), nodegroup('plain')] }, ec2: { instances: [] } },
      { errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT), denied('eks', 'DescribeCluster')] },
    );
    expect(summary(nodeSecurityGroupTargets(inventory))).toEqual([
      [nodegroupArn('named'), expect.stringMatching(/^the security groups of node group named are unknown: ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed/) as unknown as string],
      [nodegroupArn('plain'), expect.stringMatching(/^node group plain uses the cluster security group, and eks:DescribeCluster failed/) as unknown as string],
    ]);
  });
});
