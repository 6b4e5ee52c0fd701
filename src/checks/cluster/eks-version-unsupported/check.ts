import { defineCheck } from '../../define-check.js';
import { cliName, eksClusterTargets, type ClusterTarget } from '../eks-data.js';
import { isoDate, scanNow } from '../scan-time.js';
import { nextMinor, versionDataMissing, versionSupport } from '../version-support.js';

export const check = defineCheck<ClusterTarget, 'unsupported' | 'unsupportedUnlisted' | 'extended'>({
  id: 'eks-version-unsupported',
  title: 'Kubernetes version out of standard support',
  severity: 'high',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Out of standard support, a Kubernetes version gets security fixes only under paid extended support, and after that none at all until EKS force-upgrades the cluster on its own schedule. Add-ons, AMIs and tooling drop the version too.',
  remediation:
    'Upgrade the control plane one minor version at a time (`aws eks update-cluster-version --name <cluster> --kubernetes-version <next>`), after checking upgrade insights, add-on compatibility and node group versions.',
  messages: {
    unsupported: 'Cluster "{{cluster}}" runs Kubernetes {{version}}, which is out of all support{{since}}: no security fixes, and EKS will upgrade it automatically',
    unsupportedUnlisted: 'Cluster "{{cluster}}" runs Kubernetes {{version}}, older than any version EKS still lists (oldest: {{oldest}}): out of support',
    extended: 'Cluster "{{cluster}}" runs Kubernetes {{version}}, which left standard support{{since}} and is in paid extended support{{until}}',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html',
  ],
  options: { now: undefined },
  requires: versionDataMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const versions = context.inventory.aws?.eks?.clusterVersions ?? [];
    const support = versionSupport(cluster, versions, scanNow(context.inventory, context.options));
    if (typeof support === 'string') {
      context.notEvaluated(support);
      return;
    }
    if (support.status === 'STANDARD_SUPPORT') return;
    const name = cliName(cluster, context.inventory);
    const data = { cluster: name, version: support.version };
    const fix = {
      kind: 'suggestion' as const,
      description: `aws eks update-cluster-version --name ${name} --kubernetes-version ${nextMinor(support.version)} (then node groups and add-ons; repeat per minor version)`,
      operations: [{ op: 'replace' as const, path: '/version', value: nextMinor(support.version) }],
    };
    if (support.status === 'EXTENDED_SUPPORT') {
      context.fail('extended', {
        ...data,
        since: support.endOfStandard !== undefined ? ` on ${isoDate(support.endOfStandard)}` : '',
        until: support.endOfExtended !== undefined ? ` until ${isoDate(support.endOfExtended)}` : '',
      }, { path: ['version'], fix, severity: 'medium' });
    } else if (support.oldestListed !== undefined) {
      context.fail('unsupportedUnlisted', { ...data, oldest: support.oldestListed }, { path: ['version'], fix });
    } else {
      const since = support.endOfExtended !== undefined ? ` since ${isoDate(support.endOfExtended)}` : '';
      context.fail('unsupported', { ...data, since }, { path: ['version'], fix });
    }
  },
});
