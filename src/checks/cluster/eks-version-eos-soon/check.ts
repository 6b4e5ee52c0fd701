import { defineCheck } from '../../define-check.js';
import { cliName, eksClusterTargets, type ClusterTarget } from '../eks-data.js';
import { daysUntil, isoDate, numberOption, scanNow } from '../scan-time.js';
import { nextMinor, versionDataMissing, versionSupport } from '../version-support.js';

export const check = defineCheck<ClusterTarget, 'endsSoon'>({
  id: 'eks-version-eos-soon',
  title: 'Standard support ends within N days',
  severity: 'low',
  area: 'cluster',
  needs: ['aws'],
  description:
    'When standard support of its Kubernetes version ends, a cluster either moves into paid extended support or, with upgrade policy STANDARD, is upgraded by EKS on EKS\'s schedule. Either is better avoided by upgrading on your own schedule first.',
  remediation:
    'Plan the upgrade now: review upgrade insights, update add-ons, then `aws eks update-cluster-version --name <cluster> --kubernetes-version <next>` and upgrade node groups.',
  messages: {
    endsSoon: 'Standard support of Kubernetes {{version}} (cluster "{{cluster}}") ends on {{date}}, in {{days}} days; then {{consequence}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html'],
  options: { days: 90, now: undefined },
  requires: versionDataMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const now = scanNow(context.inventory, context.options);
    const support = versionSupport(cluster, context.inventory.aws?.eks?.clusterVersions ?? [], now);
    if (typeof support === 'string') {
      context.notEvaluated(support);
      return;
    }
    // Versions already past standard support are eks-version-unsupported's finding.
    if (support.status !== 'STANDARD_SUPPORT') return;
    if (support.endOfStandard === undefined) {
      context.notEvaluated(`DescribeClusterVersions gave no endOfStandardSupportDate for Kubernetes ${support.version}`);
      return;
    }
    const days = daysUntil(support.endOfStandard, now);
    if (days < 0 || days > numberOption(context.options, 'days', 90)) return;
    const extended = cluster.upgradePolicy?.supportType !== 'STANDARD';
    const next = nextMinor(support.version);
    const name = cliName(cluster, context.inventory);
    context.fail('endsSoon', {
      version: support.version,
      cluster: name,
      date: isoDate(support.endOfStandard),
      days,
      consequence: extended ? 'the cluster moves into paid extended support' : `EKS upgrades the cluster to ${next} automatically`,
    }, {
      path: ['version'],
      fix: {
        kind: 'suggestion',
        description: `aws eks update-cluster-version --name ${name} --kubernetes-version ${next}`,
        operations: [{ op: 'replace', path: '/version', value: next }],
      },
    });
  },
});
