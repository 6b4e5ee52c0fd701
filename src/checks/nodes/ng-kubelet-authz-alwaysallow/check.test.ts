import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE } from '../test-support/aws-fixtures.js';
import { eksKubeletConfig, managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

const KARPENTER = { 'karpenter.sh/nodepool': 'default', 'karpenter.k8s.aws/ec2nodeclass': 'default' };
const NODES = nodesYaml([
  { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') },
  { name: 'ip-10-0-50-1.eu-west-1.compute.internal', labels: KARPENTER },
  { name: 'ip-10-0-50-2.eu-west-1.compute.internal', labels: KARPENTER },
]);
const alwaysAllow = eksKubeletConfig((config) => {
  config.authorization = { mode: 'AlwaysAllow' };
});

describeCheck(check, {
  pass: [
    {
      name: 'Webhook everywhere, explicitly or by default',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-50-1.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          delete config.authorization;
        }),
        'ip-10-0-50-2.eu-west-1.compute.internal': eksKubeletConfig(),
      },
    },
  ],
  fail: [
    {
      name: 'a whole Karpenter NodePool on AlwaysAllow reported once',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-50-1.eu-west-1.compute.internal': alwaysAllow,
        'ip-10-0-50-2.eu-west-1.compute.internal': alwaysAllow,
      },
      expect: [
        {
          resource: 'NodePool/default',
          path: 'authorization.mode',
          message:
            'The kubelet on all 2 nodes (ip-10-0-50-1.eu-west-1.compute.internal, ip-10-0-50-2.eu-west-1.compute.internal) of Karpenter NodePool default authorizes every request without the API server (authorization.mode is AlwaysAllow)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'not collected',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      expect: [{ resource: 'Cluster/prod', message: /--kubelet-config/ }],
    },
  ],
});
