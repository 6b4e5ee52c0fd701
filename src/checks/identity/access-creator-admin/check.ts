import type { Target } from '../../../model/index.js';
import { awsMissingReason } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { clusterAdminEntries } from '../../../analysis/identity/access-entries.js';
import { clusterFacts, describeClusterMissing, eksClusterTarget } from '../../../analysis/identity/eks-cluster-data.js';

/**
 * `bootstrapClusterCreatorAdminPermissions` is fixed at creation. In CONFIG_MAP mode it makes the
 * creator a cluster-admin that no aws-auth entry shows and nothing can remove. With access
 * entries the creator instead receives an ordinary access entry with
 * AmazonEKSClusterAdminPolicy: once that entry is gone the flag grants nothing, so the check
 * only fails while a cluster-admin access entry remains (which may be the creator's).
 */
export const check = defineCheck<Target, 'hidden' | 'entries'>({
  id: 'access-creator-admin',
  title: 'Cluster creator keeps cluster-admin',
  severity: 'medium',
  area: 'identity',
  needs: ['aws'],
  description:
    'EKS makes the IAM principal that created a cluster a cluster administrator. That principal is often a CI role or a person who left: its credentials remain a standing path to cluster-admin that no RoleBinding shows.',
  remediation:
    'Create clusters with bootstrapClusterCreatorAdminPermissions=false, or delete the creator’s access entry once named administrators have their own entries. In CONFIG_MAP mode the creator’s access can only be removed by moving to access entries first.',
  messages: {
    hidden:
      'The IAM principal that created cluster {{cluster}} is a cluster-admin that aws-auth does not show and that cannot be removed in authentication mode CONFIG_MAP',
    entries:
      'Cluster {{cluster}} was created with bootstrapClusterCreatorAdminPermissions and still has cluster-admin access entries ({{principals}}); delete the creator’s entry if it is among them',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html',
  ],
  requires: (inventory) => describeClusterMissing(inventory),
  targets: (inventory) => [eksClusterTarget(inventory)],
  evaluate(_target, context) {
    const { inventory } = context;
    const facts = clusterFacts(inventory);
    const access = facts.cluster?.accessConfig;
    const path = ['accessConfig', 'bootstrapClusterCreatorAdminPermissions'];
    if (access?.bootstrapClusterCreatorAdminPermissions === undefined) {
      context.notEvaluated('DescribeCluster returned no accessConfig.bootstrapClusterCreatorAdminPermissions for the cluster', { path: ['accessConfig'] });
      return;
    }
    if (!access.bootstrapClusterCreatorAdminPermissions) return;
    if (access.authenticationMode === 'CONFIG_MAP' || access.authenticationMode === undefined) {
      context.fail(
        'hidden',
        { cluster: facts.name },
        {
          path,
          fix: {
            kind: 'suggestion',
            description: `Switch cluster ${facts.name} to authentication mode API_AND_CONFIG_MAP, give administrators their own access entries, then delete the creator's access entry`,
            operations: [{ op: 'replace', path: '/accessConfig/authenticationMode', value: 'API_AND_CONFIG_MAP' }],
          },
        },
      );
      return;
    }
    const entries = inventory.aws?.eks?.accessEntries;
    if (!entries) {
      context.notEvaluated(
        `whether the creator's access entry remains is unknown: ${awsMissingReason(inventory, { service: 'eks', operation: 'ListAccessEntries' })}`,
        { path },
      );
      return;
    }
    const admins = clusterAdminEntries(entries);
    if (admins.length === 0) return;
    context.fail(
      'entries',
      { cluster: facts.name, principals: listText(admins.map((entry) => entry.principalArn)) },
      { path },
    );
  },
});
