import { defineCheck } from '../../define-check.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';
import { isoDate, scanNow } from '../scan-time.js';
import { versionSupport } from '../version-support.js';

export const check = defineCheck<ClusterTarget, 'billedNow' | 'willEnroll'>({
  id: 'eks-upgrade-policy-extended',
  title: 'Cluster auto-enrolled in paid extended support',
  severity: 'info',
  area: 'cluster',
  needs: ['aws'],
  description:
    'With upgrade policy EXTENDED (the default for clusters created since mid-2024) a cluster whose version leaves standard support keeps running it at a much higher hourly price instead of being upgraded. That is sometimes intended; often nobody decided it.',
  remediation:
    'If you keep clusters current, set the policy to STANDARD: `aws eks update-cluster-config --name <cluster> --upgrade-policy supportType=STANDARD`. If you rely on extended support, waive this finding with the reason.',
  messages: {
    billedNow: 'Cluster "{{cluster}}" runs Kubernetes {{version}} in extended support: it is billed the extended support rate now',
    willEnroll: 'Cluster "{{cluster}}" has upgrade policy EXTENDED: when standard support of Kubernetes {{version}} ends{{date}}, it moves into paid extended support instead of being upgraded',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html'],
  options: { now: undefined },
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const supportType = cluster.upgradePolicy?.supportType;
    if (supportType === undefined) {
      context.notEvaluated('DescribeCluster returned no upgradePolicy.supportType');
      return;
    }
    if (supportType !== 'EXTENDED') return;
    const name = cliName(cluster, context.inventory);
    const version = cluster.version ?? 'unknown';
    const versions = context.inventory.aws?.eks?.clusterVersions;
    const support = versions ? versionSupport(cluster, versions, scanNow(context.inventory, context.options)) : undefined;
    const options = {
      path: ['upgradePolicy', 'supportType'],
      fix: {
        kind: 'suggestion' as const,
        description: `aws eks update-cluster-config --name ${name} --upgrade-policy supportType=STANDARD (only while the version is in standard support)`,
        operations: [{ op: 'replace' as const, path: '/upgradePolicy/supportType', value: 'STANDARD' }],
      },
    };
    if (typeof support === 'object' && support.status === 'EXTENDED_SUPPORT') {
      context.fail('billedNow', { cluster: name, version }, options);
      return;
    }
    const end = typeof support === 'object' ? support.endOfStandard : undefined;
    context.fail('willEnroll', { cluster: name, version, date: end !== undefined ? ` on ${isoDate(end)}` : '' }, options);
  },
});
