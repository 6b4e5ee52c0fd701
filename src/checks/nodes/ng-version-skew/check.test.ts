import { describeCheck } from '../../test-support/check-tester.js';
import { cluster, CLUSTER_SOURCE, denied, nodegroup, nodegroupArn } from '../test-support/aws-fixtures.js';
import { managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

const KARPENTER = { 'karpenter.sh/nodepool': 'default' };

describeCheck(check, {
  pass: [
    {
      name: 'node groups and Karpenter nodes on the control plane version',
      yaml: nodesYaml([
        { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') },
        { name: 'ip-10-0-50-1.eu-west-1.compute.internal', labels: KARPENTER, kubeletVersion: 'v1.31.4-eks-aeac579' },
      ]),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster({ version: '1.31' }), nodegroups: [nodegroup('general', { version: '1.31' })] } },
    },
    {
      name: 'one minor behind tolerated during an upgrade',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { allowedMinorSkew: 1 },
      aws: { eks: { cluster: cluster({ version: '1.32' }), nodegroups: [nodegroup('general', { version: '1.31' })] } },
    },
  ],
  fail: [
    {
      name: 'managed group behind, another beyond the supported skew, Karpenter nodes behind, a Fargate node ahead',
      yaml: nodesYaml([
        { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general'), kubeletVersion: 'v1.30.6-eks-94953ac' },
        { name: 'ip-10-0-50-1.eu-west-1.compute.internal', labels: KARPENTER, kubeletVersion: 'v1.30.6-eks-94953ac' },
        { name: 'ip-10-0-50-2.eu-west-1.compute.internal', labels: KARPENTER, kubeletVersion: 'v1.29.10-eks-94953ac' },
        { name: 'ip-10-0-50-3.eu-west-1.compute.internal', labels: KARPENTER, kubeletVersion: 'v1.31.4-eks-aeac579' },
        {
          name: 'fargate-ip-10-0-90-1.eu-west-1.compute.internal',
          labels: { 'eks.amazonaws.com/compute-type': 'fargate', 'eks.amazonaws.com/fargate-profile': 'batch' },
          kubeletVersion: 'v1.32.0-eks-5ca49cb',
        },
      ]),
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster({ version: '1.31' }),
          nodegroups: [nodegroup('general', { version: '1.30' }), nodegroup('legacy', { version: '1.27' })],
        },
      },
      expect: [
        { resource: nodegroupArn('general'), path: 'version', severity: 'medium', message: 'node group general runs Kubernetes 1.30, 1 minor version behind the control plane (1.31)' },
        { resource: nodegroupArn('legacy'), path: 'version', severity: 'high', message: /4 minor versions behind/ },
        {
          resource: 'NodePool/default',
          path: 'status.nodeInfo.kubeletVersion',
          severity: 'medium',
          message:
            'The kubelet on 2 of 3 nodes (ip-10-0-50-1.eu-west-1.compute.internal, ip-10-0-50-2.eu-west-1.compute.internal) of Karpenter NodePool default is v1.29.10-eks-94953ac, v1.30.6-eks-94953ac, 1-2 minor versions behind the control plane (1.31)',
        },
        { resource: 'FargateProfile/batch', severity: 'high', message: /newer than the control plane \(1\.31\): unsupported/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'cluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('general')] } },
      errors: [denied('eks', 'DescribeCluster')],
      expect: [{ resource: 'Cluster/prod', message: /eks:DescribeCluster failed during collection/ }],
    },
    {
      name: 'no node groups and no Nodes',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [denied('eks', 'ListNodegroups'), { source: 'kubernetes', operation: 'list', resource: 'v1/nodes', code: 403, message: 'nodes is forbidden' }],
      expect: [{ message: /eks:ListNodegroups failed.*listing Nodes failed during collection \(403: nodes is forbidden\)/ }],
    },
  ],
});
