import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, denied, nodegroup, nodegroupArn, permission, securityGroup } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const REMOTE_SG = 'sg-0remote0000000001';
const resources = { autoScalingGroups: [{ name: 'eks-legacy-7ac9b1e2' }], remoteAccessSecurityGroup: REMOTE_SG };

describeCheck(check, {
  pass: [
    {
      name: 'no remote access; SSH key restricted to a bastion group',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          nodegroups: [
            nodegroup('general'),
            nodegroup('ops', { remoteAccess: { ec2SshKey: 'ops-key', sourceSecurityGroups: ['sg-0bastion000000001'] }, resources }),
          ],
        },
      },
    },
    {
      name: 'key without source groups, but the remote-access group was tightened to the VPN',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('legacy', { remoteAccess: { ec2SshKey: 'ops-key' }, resources })] },
        ec2: { securityGroups: [securityGroup(REMOTE_SG, [permission('tcp', 22, 22, { v4: ['10.8.0.0/16'] })])] },
      },
    },
  ],
  fail: [
    {
      name: 'key without source groups; the remote-access group is open to the world',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('legacy', { remoteAccess: { ec2SshKey: 'ops-key', sourceSecurityGroups: [] }, resources })] },
        ec2: { securityGroups: [securityGroup(REMOTE_SG, [permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])] },
      },
      expect: [
        {
          resource: nodegroupArn('legacy'),
          path: 'remoteAccess.sourceSecurityGroups',
          message: 'node group legacy has SSH key "ops-key" and no source security groups: EKS opened port 22 of its nodes to 0.0.0.0/0 (security group sg-0remote0000000001)',
        },
      ],
    },
    {
      name: 'key without source groups, security groups not collected: the documented EKS behaviour decides',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('legacy', { remoteAccess: { ec2SshKey: 'ops-key' } })] } },
      expect: [{ resource: nodegroupArn('legacy'), path: 'remoteAccess.sourceSecurityGroups', message: /to 0\.0\.0\.0\/0$/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'node groups denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeNodegroup', 'general')],
      expect: [{ resource: 'Cluster/prod', message: /eks:DescribeNodegroup failed during collection \(AccessDenied/ }],
    },
  ],
});
