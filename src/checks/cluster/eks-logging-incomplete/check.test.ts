import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const logging = (enabled: string[], disabled: string[]) =>
  awsWith({
    cluster: describeCluster({
      logging: {
        clusterLogging: [
          ...(enabled.length > 0 ? [{ types: enabled as never[], enabled: true }] : []),
          ...(disabled.length > 0 ? [{ types: disabled as never[], enabled: false }] : []),
        ],
      },
    }),
  });

describeCheck(check, {
  pass: [
    {
      name: 'all five types in one enabled entry',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
    {
      name: 'all five types split over two enabled entries',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({
          logging: {
            clusterLogging: [
              { types: ['api', 'audit'], enabled: true },
              { types: ['authenticator', 'controllerManager', 'scheduler'], enabled: true },
            ],
          },
        }),
      }),
    },
    {
      name: 'configured to require only audit and authenticator',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { requiredTypes: ['audit', 'authenticator'] },
      aws: logging(['audit', 'authenticator'], ['api', 'controllerManager', 'scheduler']),
    },
  ],
  fail: [
    {
      name: 'only api and audit enabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: logging(['api', 'audit'], ['authenticator', 'controllerManager', 'scheduler']),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'logging.clusterLogging[1].enabled',
          message: 'does not send these control-plane logs: authenticator, controllerManager, scheduler',
        },
      ],
    },
    {
      name: 'logging never configured',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ logging: { clusterLogging: [] } }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'logging.clusterLogging', message: 'api, audit, authenticator, controllerManager, scheduler' }],
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
