import { describeCheck } from '../../test-support/check-tester.js';
import { awsError, cluster, CLUSTER_SOURCE, deploymentYaml, irsaTrust, ISSUER_PATH, role, roleArn, serviceAccountYaml, yamlStream } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const API = roleArn('shop-api');
const workloads = yamlStream(serviceAccountYaml('shop', 'api', API), deploymentYaml('shop', 'api', 'api'));
const aws = (trust: ReturnType<typeof irsaTrust>) => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles: [role('shop-api', { trust })] } });

describeCheck(check, {
  pass: [
    { name: 'aud pinned to sts.amazonaws.com', yaml: workloads, source: CLUSTER_SOURCE, aws: aws(irsaTrust('system:serviceaccount:shop:api')) },
    {
      name: 'aud pinned to a custom audience',
      yaml: yamlStream(serviceAccountYaml('shop', 'api', API, { 'eks.amazonaws.com/audience': 'shop.example.com' }), deploymentYaml('shop', 'api', 'api')),
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust('system:serviceaccount:shop:api', { aud: 'shop.example.com' })),
    },
  ],
  fail: [
    {
      name: 'sub but no aud',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust('system:serviceaccount:shop:api', { aud: null })),
      expect: [
        {
          resource: API,
          path: 'Role.AssumeRolePolicyDocument.Statement[0].Condition',
          severity: 'low',
          message: `Role shop-api (ServiceAccount shop/api via IRSA (Deployment shop/api)): trust statement 0 for this cluster (${ISSUER_PATH}) has no ${ISSUER_PATH}:aud condition`,
        },
      ],
    },
    {
      name: 'aud matched by a wildcard',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), podIdentityAssociations: [] },
        iam: {
          roles: [
            role('shop-api', {
              trust: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER_PATH}` },
                    Action: 'sts:AssumeRoleWithWebIdentity',
                    Condition: { StringEquals: { [`${ISSUER_PATH}:sub`]: 'system:serviceaccount:shop:api' }, StringLike: { [`${ISSUER_PATH}:aud`]: '*' } },
                  },
                ],
              },
            }),
          ],
        },
      },
      expect: [{ resource: API, message: `accepts tokens of any audience (${ISSUER_PATH}:aud: StringLike "*")` }],
    },
  ],
  notEvaluated: [
    {
      name: 'GetRole denied',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles: [] } },
      errors: [awsError('iam', 'GetRole', 'AccessDenied', API)],
      expect: [{ resource: API, message: /iam:GetRole for .*shop-api failed during collection \(AccessDenied/ }],
    },
    {
      name: 'role returned without its trust policy',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles: [role('shop-api')] } },
      expect: [{ resource: API, path: 'Role.AssumeRolePolicyDocument', message: /no AssumeRolePolicyDocument/ }],
    },
  ],
});
