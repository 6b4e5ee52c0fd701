import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'all five log types enabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
    {
      name: 'only audit enabled, the rest listed as disabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({
          logging: {
            clusterLogging: [
              { types: ['audit'], enabled: true },
              { types: ['api', 'authenticator', 'controllerManager', 'scheduler'], enabled: false },
            ],
          },
        }),
      }),
    },
  ],
  fail: [
    {
      name: 'logging off entirely (EKS lists every type under one disabled entry)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({
          logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false }] },
        }),
      }),
      expect: [{ resource: CLUSTER_ARN, path: 'logging.clusterLogging[0].enabled', message: 'enabled log types: none' }],
    },
    {
      name: 'api and authenticator on, audit in the disabled entry',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({
          logging: {
            clusterLogging: [
              { types: ['api', 'authenticator'], enabled: true },
              { types: ['audit', 'controllerManager', 'scheduler'], enabled: false },
            ],
          },
        }),
      }),
      expect: [{ resource: CLUSTER_ARN, path: 'logging.clusterLogging[1].enabled', message: 'enabled log types: api, authenticator' }],
    },
    {
      name: 'no logging block in the response',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ logging: undefined }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'logging' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ message: /eks:DescribeCluster for prod failed during collection \(AccessDenied/ }],
    },
  ],
});
