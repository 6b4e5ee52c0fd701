import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, denied, nodegroup, nodegroupArn } from '../test-support/aws-fixtures.js';
import { managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'AL2023, Bottlerocket and Windows groups; Auto Mode nodes on Bottlerocket; Fargate left out',
      yaml: nodesYaml([
        { name: 'i-0auto00000000001', labels: { 'eks.amazonaws.com/compute-type': 'auto', 'karpenter.sh/nodepool': 'general-purpose' }, osImage: 'Bottlerocket (EKS Auto, Standard) 2025.1.7 (aws-k8s-1.31-standard)' },
        { name: 'fargate-ip-10-0-90-1.eu-west-1.compute.internal', labels: { 'eks.amazonaws.com/compute-type': 'fargate', 'eks.amazonaws.com/fargate-profile': 'batch' }, osImage: 'Amazon Linux 2' },
      ]),
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          nodegroups: [
            nodegroup('general'),
            nodegroup('br', { amiType: 'BOTTLEROCKET_ARM_64' }),
            nodegroup('win', { amiType: 'WINDOWS_CORE_2022_x86_64' }),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'AL2 managed group, custom AMI on Ubuntu, self-managed AL2 nodes',
      yaml: nodesYaml([
        { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('custom'), osImage: 'Ubuntu 22.04.5 LTS' },
        { name: 'ip-10-0-60-1.eu-west-1.compute.internal', labels: { 'alpha.eksctl.io/nodegroup-name': 'workers' }, osImage: 'Amazon Linux 2' },
        { name: 'ip-10-0-60-2.eu-west-1.compute.internal', labels: { 'alpha.eksctl.io/nodegroup-name': 'workers' }, osImage: 'Amazon Linux 2' },
      ]),
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('legacy', { amiType: 'AL2_x86_64' }), nodegroup('custom', { amiType: 'CUSTOM' })] } },
      expect: [
        { resource: nodegroupArn('legacy'), path: 'amiType', message: 'node group legacy runs AMI type AL2_x86_64, a general-purpose OS' },
        { resource: nodegroupArn('custom'), path: 'status.nodeInfo.osImage', message: 'The OS of node ip-10-0-12-34.eu-west-1.compute.internal of node group custom is "Ubuntu 22.04.5 LTS", a general-purpose OS' },
        { resource: 'Nodegroup/workers', message: /^The OS of all 2 nodes .* of self-managed node group workers is "Amazon Linux 2"/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'custom AMI group without Node objects',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('custom', { amiType: 'CUSTOM' })] } },
      expect: [{ resource: nodegroupArn('custom'), message: /uses a custom AMI; its OS shows only in the status\.nodeInfo\.osImage of its Nodes/ }],
    },
    {
      name: 'nothing collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups')],
      expect: [{ message: /eks:ListNodegroups failed.*no Node objects were collected/ }],
    },
  ],
});
