import { defineCheck } from '../../define-check.js';
import { accountIdOf, cliName, clusterMissing, eksClusterTargets, kubeMissing, missingReason, type ClusterTarget } from '../eks-data.js';
import { ROLE_ARN_ANNOTATION } from '../../../analysis/identity/workload-roles.js';
import { irsaServiceAccounts, issuerKey, providerKey } from '../irsa.js';

const LISTED = 3;

export const check = defineCheck<ClusterTarget, 'providerMissing'>({
  id: 'eks-oidc-provider-missing',
  title: 'IRSA used but cluster OIDC issuer not registered in IAM',
  severity: 'low',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Service accounts annotated with `eks.amazonaws.com/role-arn` get AWS credentials only if the cluster\'s OIDC issuer is registered as an IAM OIDC identity provider in the role\'s account. Without it their pods fall back to the node role (often broader) or fail, and anyone can later register the issuer in a way you did not review.',
  remediation:
    'Register the issuer: `aws iam create-open-id-connect-provider --url <issuer> --client-id-list sts.amazonaws.com` (or `eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve`), or move the workloads to EKS Pod Identity and remove the annotations.',
  messages: {
    providerMissing:
      '{{count}} {{serviceAccounts}} IRSA ({{users}}) but issuer {{issuer}} of cluster "{{cluster}}" is not an IAM OIDC provider in account {{account}}: their pods cannot assume those roles',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html'],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const { inventory } = context;
    const issuer = cluster.identity?.oidc?.issuer;
    if (!issuer) {
      context.notEvaluated('DescribeCluster returned no identity.oidc.issuer');
      return;
    }
    const providers = inventory.aws?.iam?.openIdConnectProviders;
    const key = issuerKey(issuer);
    if (providers?.some((provider) => providerKey(provider) === key)) return;

    const account = accountIdOf(inventory);
    const users = irsaServiceAccounts(inventory);
    if (users.length === 0) {
      // No service account asks for IRSA: the missing provider harms nothing, if we saw them all.
      const serviceAccountsMissing = kubeMissing(inventory, 'serviceaccounts');
      if (serviceAccountsMissing) context.notEvaluated(serviceAccountsMissing);
      return;
    }
    if (!providers) {
      context.notEvaluated(missingReason(inventory, [{ service: 'iam', operation: 'ListOpenIDConnectProviders' }]));
      return;
    }
    // A role in another account trusts a provider registered there, which this scan cannot see.
    const local = users.filter((user) => user.roleAccount === undefined || account === undefined || user.roleAccount === account);
    if (local.length === 0) {
      const others = [...new Set(users.map((user) => user.roleAccount))].join(', ');
      context.notEvaluated(`every IRSA role lives in another account (${others}), whose OIDC providers this scan of ${account ?? 'the cluster account'} does not list`);
      return;
    }
    const listed = local.slice(0, LISTED).map((user) => `${user.name} → ${user.roleArn}`);
    const more = local.length > LISTED ? `, and ${local.length - LISTED} more` : '';
    context.fail('providerMissing', {
      count: local.length,
      serviceAccounts: local.length === 1 ? 'service account uses' : 'service accounts use',
      users: `${listed.join(', ')}${more}`,
      issuer: key,
      cluster: cliName(cluster, inventory),
      account: account ?? 'unknown',
    }, {
      path: ['identity', 'oidc', 'issuer'],
      fix: {
        kind: 'suggestion',
        description: `aws iam create-open-id-connect-provider --url ${issuer} --client-id-list sts.amazonaws.com (or remove the ${ROLE_ARN_ANNOTATION} annotations and use EKS Pod Identity)`,
        operations: [],
      },
    });
  },
});
