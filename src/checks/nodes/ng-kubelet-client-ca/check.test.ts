import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE } from '../test-support/aws-fixtures.js';
import { eksKubeletConfig, managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

const NODES = nodesYaml([
  { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') },
  { name: 'ip-10-0-12-35.eu-west-1.compute.internal', labels: managed('general') },
]);

describeCheck(check, {
  pass: [
    {
      name: 'cluster CA configured',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-12-35.eu-west-1.compute.internal': eksKubeletConfig(),
      },
    },
  ],
  fail: [
    {
      name: 'no x509 section on one node, an empty file name on the other',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.authentication = { webhook: { enabled: true }, anonymous: { enabled: false } };
        }),
        'ip-10-0-12-35.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.authentication = { x509: { clientCAFile: '' }, webhook: { enabled: true } };
        }),
      },
      expect: [
        {
          resource: 'Nodegroup/general',
          path: 'authentication.x509.clientCAFile',
          message: /^The kubelet on all 2 nodes .* of node group general has no client CA to verify certificates \(authentication\.x509\.clientCAFile is not set\)$/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'not collected in a cluster scan',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      expect: [{ message: /kubelet configurations were not collected/ }],
    },
    {
      name: 'a node whose configuration is absent from the collection',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {},
      expect: [{ resource: 'Nodegroup/general', message: /all 2 nodes .* is missing: it was not collected/ }],
    },
  ],
});
