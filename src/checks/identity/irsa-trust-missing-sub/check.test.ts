import { describeCheck } from '../../test-support/check-tester.js';
import {
  awsError,
  cluster,
  CLUSTER_SOURCE,
  deploymentYaml,
  irsaTrust,
  ISSUER_PATH,
  OTHER_ISSUER_PATH,
  role,
  roleArn,
  serviceAccountYaml,
  yamlStream,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const API = roleArn('shop-api');
const workloads = yamlStream(serviceAccountYaml('shop', 'api', API), deploymentYaml('shop', 'api', 'api'));
const aws = (trust: ReturnType<typeof irsaTrust>) => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles: [role('shop-api', { trust })] } });
const statementCondition = 'Role.AssumeRolePolicyDocument.Statement[0].Condition';

describeCheck(check, {
  pass: [
    { name: 'sub pinned with StringEquals', yaml: workloads, source: CLUSTER_SOURCE, aws: aws(irsaTrust('system:serviceaccount:shop:api')) },
    {
      name: 'sub pinned with StringLike but no wildcard, two service accounts listed',
      yaml: yamlStream(workloads, serviceAccountYaml('shop', 'worker', API)),
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust(['system:serviceaccount:shop:api', 'system:serviceaccount:shop:worker'], { operator: 'StringLike' })),
    },
  ],
  fail: [
    {
      name: 'no sub condition (aud only)',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust(undefined)),
      expect: [
        {
          resource: API,
          path: statementCondition,
          severity: 'high',
          message: `Role shop-api (ServiceAccount shop/api via IRSA (Deployment shop/api)): trust statement 0 lets every service account of this cluster (${ISSUER_PATH}) assume it, as it has no ${ISSUER_PATH}:sub condition`,
        },
      ],
    },
    {
      name: 'no condition at all, for another cluster’s provider',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust(undefined, { aud: null, issuerPath: OTHER_ISSUER_PATH })),
      expect: [{ resource: API, path: 'Role.AssumeRolePolicyDocument.Statement[0]', message: `OIDC provider ${OTHER_ISSUER_PATH}` }],
    },
    {
      name: 'system:serviceaccount:* wildcard',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust('system:serviceaccount:*', { operator: 'StringLike' })),
      expect: [{ resource: API, path: statementCondition, severity: 'high', message: 'every namespace of this cluster' }],
    },
    {
      name: 'namespace-wide wildcard',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust('system:serviceaccount:shop:*', { operator: 'StringLike' })),
      expect: [{ resource: API, path: statementCondition, severity: 'medium', message: 'every service account of namespace shop' }],
    },
    {
      name: 'a wildcard in StringEquals is literal, but StringNotEquals lets everyone else in',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust('system:serviceaccount:kube-system:aws-node', { operator: 'StringNotEquals' })),
      expect: [{ resource: API, severity: 'high', message: 'StringNotEquals "system:serviceaccount:kube-system:aws-node"' }],
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
      name: 'sub compared with a policy variable eksguard cannot resolve',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(irsaTrust('system:serviceaccount:shop:${aws:PrincipalTag/app}')),
      expect: [{ resource: API, path: statementCondition, message: /cannot decide/ }],
    },
    {
      name: 'manifests scan',
      yaml: workloads,
      expect: [{ resource: API, message: /needs AWS data \(iam:GetRole for/ }],
    },
  ],
});
