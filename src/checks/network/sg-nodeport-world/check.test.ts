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
  nodegroupArn,
  permission,
  REGION,
  securityGroup,
  withLaunchTemplate,
} from '../../nodes/test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const NODE_SG = 'sg-0node000000000001';
const arn = (id: string): string => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`;

describeCheck(check, {
  pass: [
    {
      name: 'NodePorts only from the load balancer security group and the VPC',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: {
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { NetworkInterfaces: [{ DeviceIndex: 0, Groups: [NODE_SG] }] })],
          securityGroups: [
            clusterSecurityGroup(),
            securityGroup(NODE_SG, [
              permission('tcp', 30000, 32767, { groups: ['sg-0elb0000000000001'], v4: ['10.0.0.0/16'] }),
              permission('tcp', 443, 443, { v4: ['0.0.0.0/0'] }),
            ]),
          ],
          instances: [instance('i-0aaa0000000000001', 'general', { SecurityGroups: [{ GroupId: NODE_SG }] })],
        },
      },
    },
  ],
  fail: [
    {
      name: 'all TCP ports from anywhere on the launch template group; a UDP sub-range on the cluster group',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1), nodegroup('system')] },
        ec2: {
          launchTemplateVersions: [launchTemplateVersion(LT, 1, { SecurityGroupIds: [NODE_SG] })],
          securityGroups: [
            clusterSecurityGroup([permission('udp', 31000, 31010, { v4: ['0.0.0.0/0'] })]),
            securityGroup(NODE_SG, [permission('tcp', 0, 65535, { v4: ['10.0.0.0/8', '0.0.0.0/0'] })], 'prod-nodes'),
          ],
          instances: [],
        },
      },
      expect: [
        {
          resource: arn(NODE_SG),
          path: 'IpPermissions[0].IpRanges[1].CidrIp',
          message:
            'Security group sg-0node000000000001 (prod-nodes), attached to node group general, admits all TCP ports from 0.0.0.0/0: NodePorts 30000-32767/tcp of every node are reachable from the whole internet',
        },
        {
          resource: arn(CLUSTER_SG),
          path: 'IpPermissions[1].IpRanges[0].CidrIp',
          message: /attached to node group system, admits UDP 31000-31010 from 0\.0\.0\.0\/0: NodePorts 31000-31010\/udp/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'the node group template is denied and no instance runs',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] }, ec2: { instances: [], securityGroups: [] } },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions')],
      expect: [{ resource: nodegroupArn('general'), message: /ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed during collection/ }],
    },
    {
      name: 'a manifests scan',
      yaml: '',
      expect: [{ message: /a manifests scan does not have/ }],
    },
  ],
});
