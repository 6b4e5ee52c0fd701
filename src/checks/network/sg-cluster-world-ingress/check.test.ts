import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  cluster,
  CLUSTER_SG,
  clusterSecurityGroup,
  CLUSTER_SOURCE,
  denied,
  permission,
  REGION,
  securityGroup,
} from '../../nodes/test-support/aws-fixtures.js';
import { check } from './check.js';

const CTRL_SG = 'sg-0ctrl00000000000001';
const arn = (id: string): string => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`;

describeCheck(check, {
  pass: [
    {
      name: 'cluster group as EKS creates it; control-plane group admits 443 from the VPN range only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster() },
        ec2: {
          securityGroups: [
            clusterSecurityGroup(),
            securityGroup(CTRL_SG, [permission('tcp', 443, 443, { v4: ['10.8.0.0/16'], groups: ['sg-0ci0000000000001'] })]),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'HTTPS from anywhere on the control-plane group, all traffic from IPv6 anywhere on the cluster group',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster() },
        ec2: {
          securityGroups: [
            clusterSecurityGroup([permission('-1', undefined, undefined, { v6: ['::/0'] })]),
            securityGroup(CTRL_SG, [permission('tcp', 443, 443, { v4: ['10.8.0.0/16', '0.0.0.0/0'] })], 'prod-control-plane'),
          ],
        },
      },
      expect: [
        {
          resource: arn(CTRL_SG),
          path: 'IpPermissions[0].IpRanges[1].CidrIp',
          message: 'Security group sg-0ctrl00000000000001 (prod-control-plane), the additional control-plane security group of prod, admits TCP 443 from 0.0.0.0/0',
        },
        { resource: arn(CLUSTER_SG), path: 'IpPermissions[1].Ipv6Ranges[0].CidrIpv6', message: /the cluster security group of prod, admits all traffic from ::\/0/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'cluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ resource: 'Cluster/prod', message: /eks:DescribeCluster failed during collection \(AccessDenied/ }],
    },
    {
      name: 'security groups denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [denied('ec2', 'DescribeSecurityGroups')],
      expect: [
        { resource: `SecurityGroup/${CLUSTER_SG}`, message: /ec2:DescribeSecurityGroups for sg-0c1a55e0000000001 failed during collection/ },
        { resource: `SecurityGroup/${CTRL_SG}` },
      ],
    },
  ],
});
