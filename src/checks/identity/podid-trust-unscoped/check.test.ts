import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  association,
  awsError,
  cluster,
  CLUSTER_ARN,
  CLUSTER_SOURCE,
  deploymentYaml,
  podIdentityTrust,
  role,
  roleArn,
  serviceAccountYaml,
  yamlStream,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const ROLE = roleArn('shop-orders');
const workloads = yamlStream(serviceAccountYaml('shop', 'orders'), deploymentYaml('shop', 'orders', 'orders'));
const aws = (trust: ReturnType<typeof podIdentityTrust>, extra: Parameters<typeof association>[3] = {}) => ({
  eks: { cluster: cluster(), podIdentityAssociations: [association('shop', 'orders', ROLE, extra)] },
  iam: { roles: [role('shop-orders', { trust })] },
});
const CONDITION = 'Role.AssumeRolePolicyDocument.Statement[0].Condition';

describeCheck(check, {
  pass: [
    {
      name: 'scoped to namespace and service account tags (EKS user guide example)',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust({ StringEquals: { 'aws:RequestTag/kubernetes-namespace': ['shop'], 'aws:RequestTag/kubernetes-service-account': ['orders'] } })),
    },
    {
      name: 'scoped to the cluster by aws:SourceArn',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust({ StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': CLUSTER_ARN } })),
    },
    {
      name: 'scoped to the cluster by eks-cluster-name tag (StringLike without wildcard)',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust({ StringLike: { 'aws:RequestTag/eks-cluster-name': 'prod' } })),
    },
  ],
  fail: [
    {
      name: 'trust without conditions, as the console creates it',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust()),
      expect: [
        {
          resource: ROLE,
          path: 'Role.AssumeRolePolicyDocument.Statement[0]',
          severity: 'medium',
          message: `Role shop-orders (ServiceAccount shop/orders via Pod Identity (Deployment shop/orders)): trust statement 0 lets EKS Pod Identity assume it for any cluster, namespace and service account of account ${ACCOUNT}`,
        },
      ],
    },
    {
      name: 'aws:SourceAccount alone',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust({ StringEquals: { 'aws:SourceAccount': ACCOUNT } })),
      expect: [{ resource: ROLE, path: CONDITION, message: 'its aws:SourceAccount condition only names the account itself' }],
    },
    {
      name: 'cluster tag matched by a wildcard',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust({ StringLike: { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:*:${ACCOUNT}:cluster/*` } })),
      expect: [{ resource: ROLE, path: CONDITION }],
    },
  ],
  notEvaluated: [
    {
      name: 'Pod Identity associations not listed',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() }, iam: { roles: [] } },
      errors: [awsError('eks', 'ListPodIdentityAssociations', 'AccessDenied')],
      expect: [{ resource: CLUSTER_ARN, message: /eks:ListPodIdentityAssociations failed during collection \(AccessDenied/ }],
    },
    {
      name: 'GetRole denied',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), podIdentityAssociations: [association('shop', 'orders', ROLE)] }, iam: { roles: [] } },
      errors: [awsError('iam', 'GetRole', 'AccessDenied', ROLE)],
      expect: [{ resource: ROLE, message: /iam:GetRole for .*shop-orders failed during collection/ }],
    },
    {
      name: 'a condition on a key eksguard cannot decide',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: aws(podIdentityTrust({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })),
      expect: [{ resource: ROLE, path: CONDITION, message: /cannot decide \(aws:PrincipalOrgID\)/ }],
    },
  ],
});
