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
      name: 'EKS defaults; eventRecordQPS 0 (unlimited) and fields left at their defaults',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.eventRecordQPS = 0;
        }),
        'ip-10-0-12-35.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          delete config.streamingConnectionIdleTimeout;
          delete config.makeIPTablesUtilChains;
          delete config.featureGates;
        }),
      },
    },
  ],
  fail: [
    {
      name: 'every setting off on one node or another',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.streamingConnectionIdleTimeout = '0s';
          config.makeIPTablesUtilChains = false;
          config.eventRecordQPS = 2;
        }),
        'ip-10-0-12-35.eu-west-1.compute.internal': eksKubeletConfig((config) => {
          config.rotateCertificates = false;
          config.featureGates = { RotateKubeletServerCertificate: false };
          config.streamingConnectionIdleTimeout = '0h0m0s';
        }),
      },
      expect: [
        {
          path: 'streamingConnectionIdleTimeout',
          message:
            'The kubelet on all 2 nodes (ip-10-0-12-34.eu-west-1.compute.internal, ip-10-0-12-35.eu-west-1.compute.internal) of node group general never closes idle streaming connections (streamingConnectionIdleTimeout is "0s"; streamingConnectionIdleTimeout is "0h0m0s")',
        },
        { path: 'makeIPTablesUtilChains', message: /1 of 2 nodes \(ip-10-0-12-34/ },
        { path: 'eventRecordQPS', message: /eventRecordQPS is 2, below 5/ },
        { path: 'rotateCertificates', message: /does not rotate its client certificate/ },
        { path: 'featureGates.RotateKubeletServerCertificate', message: /1 of 2 nodes \(ip-10-0-12-35.*feature gate RotateKubeletServerCertificate is false/ },
      ],
    },
    {
      name: 'a stricter event QPS minimum from configuration',
      yaml: NODES,
      source: CLUSTER_SOURCE,
      options: { minEventRecordQPS: 100 },
      kubeletConfigs: {
        'ip-10-0-12-34.eu-west-1.compute.internal': eksKubeletConfig(),
        'ip-10-0-12-35.eu-west-1.compute.internal': eksKubeletConfig(),
      },
      expect: [{ resource: 'Nodegroup/general', path: 'eventRecordQPS', message: /eventRecordQPS is 50, below 100/ }],
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
