import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  cluster,
  CLUSTER_SG,
  clusterSecurityGroup,
  CLUSTER_SOURCE,
  denied,
  instance,
  launchTemplateVersion,
  nodegroup,
  permission,
  REGION,
  securityGroup,
  withLaunchTemplate,
} from '../../nodes/test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const NODE_SG = 'sg-0node000000000001';
const REMOTE_SG = 'sg-0remote0000000001';
const arn = (id: string): string => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`;

describeCheck(check, {
  pass: [
    {
      name: 'SSH only from the VPC and a bastion group; cluster security group as EKS makes it',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1), nodegroup('system')] },
        ec2: {
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { SecurityGroupIds: [NODE_SG, CLUSTER_SG] })],
          securityGroups: [
            clusterSecurityGroup(),
            securityGroup(NODE_SG, [
              permission('tcp', 22, 22, { v4: ['10.0.0.0/16'], groups: ['sg-0bastion000000001'] }),
              permission('tcp', 443, 443, { v4: ['0.0.0.0/0'] }),
            ]),
          ],
          instances: [instance('i-0aaa0000000000001', 'general', { SecurityGroups: [{ GroupId: NODE_SG }, { GroupId: CLUSTER_SG }] })],
        },
      },
    },
  ],
  fail: [
    {
      name: 'the remote-access group EKS created for an SSH key without source groups; an all-traffic IPv6 rule on a self-managed node',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster(),
          nodegroups: [
            nodegroup('legacy', {
              remoteAccess: { ec2SshKey: 'ops-key' },
              resources: { autoScalingGroups: [{ name: 'eks-legacy-1' }], remoteAccessSecurityGroup: REMOTE_SG },
            }),
          ],
        },
        ec2: {
          securityGroups: [
            clusterSecurityGroup(),
            securityGroup(REMOTE_SG, [permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })], 'eks-remoteAccess-7ac9b1e2'),
            securityGroup('sg-0self000000000001', [permission('-1', undefined, undefined, { v6: ['::/0'] })], 'self-managed-workers'),
          ],
          instances: [
            instance('i-0self000000000001', undefined, {
              SecurityGroups: [{ GroupId: 'sg-0self000000000001' }],
              Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'workers' }],
            }),
          ],
        },
      },
      expect: [
        {
          resource: arn(REMOTE_SG),
          path: 'IpPermissions[0].IpRanges[0].CidrIp',
          message:
            'Security group sg-0remote0000000001 (eks-remoteAccess-7ac9b1e2), attached to node group legacy (SSH remote access), admits TCP 22 from 0.0.0.0/0',
        },
        {
          resource: arn('sg-0self000000000001'),
          path: 'IpPermissions[0].Ipv6Ranges[0].CidrIpv6',
          message: /attached to 1 running instance, admits all traffic from ::\/0/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'security groups denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), nodegroups: [nodegroup('general')] }, ec2: { instances: [] } },
      errors: [denied('ec2', 'DescribeSecurityGroups')],
      expect: [{ resource: `SecurityGroup/${CLUSTER_SG}`, message: /attached to node group general.*ec2:DescribeSecurityGroups for sg-0c1a55e0000000001 failed during collection/ }],
    },
    {
      name: 'nothing about nodes collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups'), denied('ec2', 'DescribeInstances')],
      expect: [{ resource: 'Cluster/prod', message: /eks:ListNodegroups failed/ }],
    },
  ],
});
