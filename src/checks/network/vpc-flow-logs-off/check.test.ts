import { describeCheck } from '../../test-support/check-tester.js';
import { cluster, CLUSTER_SOURCE, denied, flowLog, nodegroup, PRIVATE_SUBNETS, PUBLIC_SUBNETS, VPC } from '../../nodes/test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'flow log on the VPC',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() }, ec2: { flowLogs: [flowLog('vpc-0other00000000001', { FlowLogId: 'fl-0other' }), flowLog(VPC)] } },
    },
    {
      name: 'flow logs on every subnet of the cluster and its node groups',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), nodegroups: [nodegroup('edge', { subnets: [PUBLIC_SUBNETS[0]!] })] },
        ec2: { flowLogs: [...PRIVATE_SUBNETS, PUBLIC_SUBNETS[0]!].map((subnet, index) => flowLog(subnet, { FlowLogId: `fl-0subnet${index}`, TrafficType: 'REJECT' })) },
      },
    },
  ],
  fail: [
    {
      name: 'only one subnet of the cluster logged',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() }, ec2: { flowLogs: [flowLog(PRIVATE_SUBNETS[0]!)] } },
      expect: [{ resource: `VPC/${VPC}`, message: 'VPC vpc-0a1b2c3d4e5f67890 of cluster prod has no flow log, and subnet subnet-0priv000000000002 of the cluster has none either' }],
    },
    {
      name: 'VPC flow log whose delivery fails',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster() },
        ec2: { flowLogs: [flowLog(VPC, { DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error' })] },
      },
      expect: [{ resource: `VPC/${VPC}`, message: /has flow log fl-0a1b2c3d4e5f60001, but its delivery fails \(Access error\)/ }],
    },
    {
      name: 'no flow log at all',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() }, ec2: { flowLogs: [] } },
      expect: [{ resource: `VPC/${VPC}`, message: 'VPC vpc-0a1b2c3d4e5f67890 of cluster prod has no flow log' }],
    },
  ],
  notEvaluated: [
    {
      name: 'flow logs denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [denied('ec2', 'DescribeFlowLogs')],
      expect: [{ resource: `VPC/${VPC}`, message: /ec2:DescribeFlowLogs for vpc-0a1b2c3d4e5f67890 failed during collection \(AccessDenied/ }],
    },
    {
      name: 'cluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster')],
      expect: [{ resource: 'Cluster/prod', message: /eks:DescribeCluster failed/ }],
    },
  ],
});
