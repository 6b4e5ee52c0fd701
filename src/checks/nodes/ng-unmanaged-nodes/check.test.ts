import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE } from '../test-support/aws-fixtures.js';
import { managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

const MANAGED_KINDS = nodesYaml([
  { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') },
  { name: 'fargate-ip-10-0-90-1.eu-west-1.compute.internal', labels: { 'eks.amazonaws.com/compute-type': 'fargate', 'eks.amazonaws.com/fargate-profile': 'batch' } },
  { name: 'i-0auto00000000001', labels: { 'eks.amazonaws.com/compute-type': 'auto', 'karpenter.sh/nodepool': 'system' } },
  { name: 'mi-0onprem000000001', labels: { 'eks.amazonaws.com/compute-type': 'hybrid' } },
]);
const KARPENTER = nodesYaml([{ name: 'ip-10-0-50-1.eu-west-1.compute.internal', labels: { 'karpenter.sh/nodepool': 'default' } }]);

describeCheck(check, {
  pass: [
    { name: 'managed node group, Fargate, Auto Mode and hybrid nodes', yaml: MANAGED_KINDS, source: CLUSTER_SOURCE },
    { name: 'self-hosted Karpenter accepted by default', yaml: KARPENTER, source: CLUSTER_SOURCE },
  ],
  fail: [
    {
      name: 'an eksctl self-managed group and a hand-joined node',
      yaml: `${MANAGED_KINDS}---\n${nodesYaml([
        { name: 'ip-10-0-60-1.eu-west-1.compute.internal', labels: { 'alpha.eksctl.io/nodegroup-name': 'workers', 'alpha.eksctl.io/cluster-name': 'prod' } },
        { name: 'ip-10-0-60-2.eu-west-1.compute.internal', labels: { 'alpha.eksctl.io/nodegroup-name': 'workers', 'alpha.eksctl.io/cluster-name': 'prod' } },
        { name: 'ip-10-0-70-9.eu-west-1.compute.internal' },
      ])}`,
      source: CLUSTER_SOURCE,
      expect: [
        {
          resource: 'Nodegroup/workers',
          path: 'metadata.labels',
          message: /^All 2 nodes \(ip-10-0-60-1\.eu-west-1\.compute\.internal, ip-10-0-60-2\.eu-west-1\.compute\.internal\) of self-managed node group workers are not managed by EKS/,
        },
        { resource: 'Node/ip-10-0-70-9.eu-west-1.compute.internal', path: 'metadata.labels', message: /^Node ip-10-0-70-9\.eu-west-1\.compute\.internal is not managed by EKS/ },
      ],
    },
    {
      name: 'Karpenter reported when not allowed',
      yaml: KARPENTER,
      source: CLUSTER_SOURCE,
      options: { allowKarpenter: false },
      expect: [{ resource: 'NodePool/default', message: 'Node ip-10-0-50-1.eu-west-1.compute.internal of Karpenter NodePool default is run by a self-hosted Karpenter, not managed by EKS' }],
    },
  ],
  notEvaluated: [
    {
      name: 'listing nodes was forbidden',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/nodes', code: 403, message: 'nodes is forbidden: User "eksguard" cannot list resource "nodes"' }],
      expect: [{ resource: 'Cluster/prod', message: /listing Nodes failed during collection \(403: nodes is forbidden/ }],
    },
    { name: 'manifests scan', yaml: '', expect: [{ message: /a manifests scan does not have/ }] },
  ],
});
