import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { compareVersions, compatibleVersions } from '../addon-version.js';
import { addonsMissing, addonTargets, type AddonTarget } from '../addons.js';
import { clusterMissing, cliName, missingReason } from '../eks-data.js';

function requiredData(inventory: InventoryView): string | undefined {
  return clusterMissing(inventory) ?? addonsMissing(inventory);
}

export const check = defineCheck<AddonTarget, 'outdated' | 'incompatible'>({
  id: 'eks-addon-outdated',
  title: 'Managed add-on (vpc-cni, coredns, kube-proxy, ebs-csi, pod-identity-agent…) below default/latest compatible version',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'EKS add-ons are not updated for you. An add-on below the version EKS recommends for the cluster\'s Kubernetes version misses security and stability fixes (CVE fixes in the CNI, CoreDNS, the EBS CSI driver), and one that is no longer listed as compatible can break on the current or next Kubernetes version.',
  remediation:
    'Update the add-on to the default (or latest) version compatible with the cluster: `aws eks update-addon --cluster-name <cluster> --addon-name <name> --addon-version <version> --resolve-conflicts PRESERVE`, one minor version at a time for vpc-cni.',
  messages: {
    outdated: 'Add-on {{addon}} runs {{installed}}, below the {{reference}} version {{target}} for Kubernetes {{kubernetes}}{{latest}}',
    incompatible: 'Add-on {{addon}} runs {{installed}}, which EKS does not list as compatible with Kubernetes {{kubernetes}} (oldest compatible: {{oldest}}, default: {{target}})',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html'],
  options: { compareTo: 'default' },
  requires: requiredData,
  targets: addonTargets,
  evaluate({ addon }, context) {
    const name = addon.addonName ?? 'add-on';
    const cluster = context.inventory.aws?.eks?.cluster;
    const kubernetes = cluster?.version ?? 'unknown';
    const infos = context.inventory.aws?.eks?.addonVersions?.[name];
    if (!infos) {
      context.notEvaluated(missingReason(context.inventory, [{ service: 'eks', operation: 'DescribeAddonVersions', target: name }]));
      return;
    }
    const installed = addon.addonVersion;
    if (!installed) {
      context.notEvaluated(`DescribeAddon returned no addonVersion for ${name}`);
      return;
    }
    const compatible = compatibleVersions(infos, cluster?.version);
    const oldest = compatible.versions[compatible.versions.length - 1];
    if (oldest === undefined || compatible.latest === undefined) {
      context.notEvaluated(`DescribeAddonVersions lists no version of ${name} compatible with Kubernetes ${kubernetes}`);
      return;
    }
    const byDefault = context.options.compareTo !== 'latest' ? compatible.defaultVersion : undefined;
    const target = byDefault ?? compatible.latest;
    const fix = {
      kind: 'suggestion' as const,
      description: `aws eks update-addon --cluster-name ${cluster ? cliName(cluster, context.inventory) : '<cluster>'} --addon-name ${name} --addon-version ${target} --resolve-conflicts PRESERVE`,
      operations: [{ op: 'replace' as const, path: '/addonVersion', value: target }],
    };
    const data = { addon: name, installed, target, kubernetes };
    if (!compatible.versions.includes(installed) && compareVersions(installed, oldest) < 0) {
      context.fail('incompatible', { ...data, oldest }, { path: ['addonVersion'], fix, severity: 'high' });
      return;
    }
    if (compareVersions(installed, target) >= 0) return;
    const latest = byDefault !== undefined && compatible.latest !== target ? `; latest is ${compatible.latest}` : '';
    context.fail('outdated', { ...data, reference: byDefault !== undefined ? 'default' : 'latest', latest }, { path: ['addonVersion'], fix });
  },
});
