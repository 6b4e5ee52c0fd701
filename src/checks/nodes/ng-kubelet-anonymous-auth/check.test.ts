import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, nodegroup, nodegroupArn } from '../test-support/aws-fixtures.js';
import { eksKubeletConfig, managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

const NODES = nodesYaml([
  { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') },
  { name: 'ip-10-0-12-35.eu-west-1.compute.internal', labels: managed('general') },
  { name: 'ip-10-0-40-10.eu-west-1.compute.internal', labels: { 'node-role.kubernetes.io/worker': '' } },
]);
const anonymous = eksKubeletConfig((config) => {
  config.authentication = { ...(config.authentication as object), anonymous: { enabled: true } };
});

describeCheck(check, {
  pass: [
    {
      name: 'anonymous authentication off everywhere (explicitly, and by default when absent)',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-12-35.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-40-10.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.authentication = { x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' }, webhook: { enabled: true } };
        }),
      },
    },
  ],
  fail: [
    {
      name: 'one node of a managed group and a standalone node accept anonymous requests',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('general')] } },
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-12-35.eu-west-1.compute.internal': anonymous,
        'ip-10-0-40-10.eu-west-1.compute.internal': anonymous,
      },
      expect: [
        {
          resource: `Nodegroup/${nodegroupArn('general')}`,
          path: 'authentication.anonymous.enabled',
          message:
            'The kubelet on 1 of 2 nodes (ip-10-0-12-35.eu-west-1.compute.internal) of node group general accepts anonymous requests (authentication.anonymous.enabled is true)',
        },
        { resource: 'Node/ip-10-0-40-10.eu-west-1.compute.internal', message: /^The kubelet on node ip-10-0-40-10\.eu-west-1\.compute\.internal accepts/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'cluster scanned without --kubelet-config',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      expect: [{ resource: 'Cluster/prod', message: /collect with --kubelet-config \(reads GET \/api\/v1\/nodes\/<node>\/proxy\/configz, which needs get on nodes\/proxy\)/ }],
    },
    {
      name: 'the proxy call for one node was forbidden',
      yaml: nodesYaml([{ name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') }]),
      source: CLUSTER_SOURCE,
      kubeletConfigs: {},
      errors: [
        {
          source: 'kubernetes',
          operation: 'get',
          resource: 'nodes/ip-10-0-12-34.eu-west-1.compute.internal/proxy/configz',
          code: 403,
          message: 'nodes "ip-10-0-12-34.eu-west-1.compute.internal" is forbidden: User "eksguard" cannot get resource "nodes/proxy"',
        },
      ],
      expect: [{ resource: 'Nodegroup/general', message: /node ip-10-0-12-34\.eu-west-1\.compute\.internal of node group general is missing: reading it failed during collection \(403: / }],
    },
    {
      name: 'manifests scan',
      yaml: '',
      expect: [{ message: /a manifests scan does not have/ }],
    },
  ],
});
