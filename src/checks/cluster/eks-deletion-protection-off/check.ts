import { defineCheck } from '../../define-check.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';

export const check = defineCheck<ClusterTarget, 'unprotected'>({
  id: 'eks-deletion-protection-off',
  title: 'Deletion protection disabled',
  severity: 'low',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Without deletion protection one `DeleteCluster` call, by mistake, by a runaway IaC plan or by a stolen credential, destroys the control plane and every Kubernetes object in it. With protection on, deleting takes a separate, auditable UpdateClusterConfig first.',
  remediation: 'Turn deletion protection on: `aws eks update-cluster-config --name <cluster> --deletion-protection`.',
  messages: {
    unprotected: 'Cluster "{{cluster}}" can be deleted in one call: deletion protection is off',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html'],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    if (cluster.deletionProtection === undefined) {
      context.notEvaluated('DescribeCluster returned no deletionProtection field (collected with an SDK that predates it?)');
      return;
    }
    if (cluster.deletionProtection) return;
    const name = cliName(cluster, context.inventory);
    context.fail('unprotected', { cluster: name }, {
      path: ['deletionProtection'],
      fix: {
        kind: 'suggestion',
        description: `aws eks update-cluster-config --name ${name} --deletion-protection`,
        operations: [{ op: 'replace', path: '/deletionProtection', value: true }],
      },
    });
  },
});
