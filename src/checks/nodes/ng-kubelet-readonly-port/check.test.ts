import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE } from '../test-support/aws-fixtures.js';
import { eksKubeletConfig, managed, nodesYaml } from '../test-support/kubelet-fixtures.js';
import { check } from './check.js';

const NODES = nodesYaml([
  { name: 'ip-10-0-12-34.eu-west-1.compute.internal', labels: managed('general') },
  { name: 'fargate-ip-10-0-90-1.eu-west-1.compute.internal', labels: { 'eks.amazonaws.com/compute-type': 'fargate', 'eks.amazonaws.com/fargate-profile': 'batch' } },
]);

describeCheck(check, {
  pass: [
    {
      name: 'read-only port omitted (0) and explicitly 0',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'fargate-ip-10-0-90-1.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.readOnlyPort = 0;
        }),
      },
    },
  ],
  fail: [
    {
      name: 'read-only port 10255 on a Fargate node',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'fargate-ip-10-0-90-1.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.readOnlyPort = 10255;
        }),
      },
      expect: [
        {
          resource: 'FargateProfile/batch',
          path: 'readOnlyPort',
          message: 'The kubelet on node fargate-ip-10-0-90-1.eu-west-1.compute.internal of Fargate profile batch serves the unauthenticated read-only API (readOnlyPort is 10255)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'not collected',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      expect: [{ message: /--kubelet-config/ }],
    },
  ],
});
