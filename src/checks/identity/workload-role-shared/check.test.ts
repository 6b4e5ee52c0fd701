import { describeCheck } from '../../test-support/check-tester.js';
import { association, awsError, cluster, CLUSTER_SOURCE, deploymentYaml, roleArn, serviceAccountYaml, yamlStream } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const API = roleArn('shop-api');
const SHARED = roleArn('app-shared');

describeCheck(check, {
  pass: [
    {
      name: 'one role per service account; one service account run by two Deployments',
      yaml: yamlStream(
        serviceAccountYaml('shop', 'api', API),
        deploymentYaml('shop', 'api', 'api'),
        deploymentYaml('shop', 'api-canary', 'api'),
        serviceAccountYaml('shop', 'orders'),
        deploymentYaml('shop', 'orders', 'orders'),
      ),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), podIdentityAssociations: [association('shop', 'orders', roleArn('shop-orders'))] } },
    },
    {
      name: 'a role shared by two service accounts within the allowed maximum',
      yaml: yamlStream(serviceAccountYaml('shop', 'api', SHARED), serviceAccountYaml('shop', 'web', SHARED)),
      source: CLUSTER_SOURCE,
      options: { maxServiceAccounts: 2 },
      aws: { eks: { cluster: cluster(), podIdentityAssociations: [] } },
    },
  ],
  fail: [
    {
      name: 'one role for service accounts in two namespaces, through IRSA and Pod Identity',
      yaml: yamlStream(
        serviceAccountYaml('shop', 'api', SHARED),
        deploymentYaml('shop', 'api', 'api'),
        serviceAccountYaml('billing', 'invoicer'),
        deploymentYaml('billing', 'invoicer', 'invoicer'),
      ),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), podIdentityAssociations: [association('billing', 'invoicer', SHARED)] } },
      expect: [
        {
          resource: SHARED,
          severity: 'low',
          message:
            'Role app-shared is used by 2 service accounts in 2 namespaces (billing, shop): ServiceAccount shop/api via IRSA (Deployment shop/api), ServiceAccount billing/invoicer via Pod Identity (Deployment billing/invoicer)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'Pod Identity associations not listed',
      yaml: yamlStream(serviceAccountYaml('shop', 'api', API), deploymentYaml('shop', 'api', 'api')),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [awsError('eks', 'ListPodIdentityAssociations', 'AccessDenied')],
      expect: [
        { resource: API, message: /other users of the role through Pod Identity are unknown: eks:ListPodIdentityAssociations failed/ },
        { message: /Pod Identity roles unknown: eks:ListPodIdentityAssociations failed/ },
      ],
    },
  ],
});
