import { defineCheck } from '../../define-check.js';
import { clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';

export const check = defineCheck<ClusterTarget, 'issue'>({
  id: 'eks-cluster-health-issues',
  title: 'Cluster reports health issues',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'EKS reports problems with the resources the control plane depends on (a deleted subnet or security group, a revoked KMS grant, a missing cluster role, exhausted IP addresses). Until fixed, EKS cannot update the cluster, and some of them stop the control plane from working.',
  remediation:
    'Fix each reported issue (recreate or re-tag the named resource, restore the role or KMS grant, free addresses in the subnets); EKS clears the issue once the cause is gone.',
  messages: {
    issue: 'Cluster "{{cluster}}" reports {{code}}: {{message}}{{resources}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html'],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const name = cluster.name ?? 'cluster';
    (cluster.health?.issues ?? []).forEach((issue, index) => {
      const resources = issue.resourceIds?.length ? ` (${issue.resourceIds.join(', ')})` : '';
      context.fail('issue', { cluster: name, code: issue.code ?? 'unknown issue', message: issue.message ?? 'no message', resources }, {
        path: ['health', 'issues', index],
      });
    });
  },
});
