import type { EvidencePath } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { addonsMissing, findAddon } from '../../cluster/addons.js';
import { fargateOnly } from '../../cluster/compute.js';
import { accountIdOf, clusterMissing, clusterName, kubeMissing } from '../../cluster/eks-data.js';
import { detectorTargets, detectorUnread, findFeatures, guardDutyMissing, regionText, type DetectorTarget } from '../../cluster/guardduty.js';

/** GuardDuty's EKS agent: the EKS add-on, or the same DaemonSet deployed by hand. */
const AGENT_ADDON = 'aws-guardduty-agent';
const AGENT_NAMESPACE = 'amazon-guardduty';
/** Cluster tag that excludes (`false`) or includes (`true`) a cluster in automated agent management. */
const MANAGED_TAG = 'GuardDutyManaged';

/** Whether the agent runs on the cluster, or why that cannot be told. */
function agentDeployed(inventory: InventoryView): boolean | string {
  if (findAddon(inventory, AGENT_ADDON) || inventory.get('DaemonSet', AGENT_NAMESPACE, AGENT_ADDON)) return true;
  const missing = [addonsMissing(inventory), kubeMissing(inventory, 'daemonsets')].filter((reason): reason is string => !!reason);
  // Either source alone can show the agent; only when both are blind is its absence unknown.
  return missing.length === 2 ? missing.join('; ') : false;
}

export const check = defineCheck<DetectorTarget, 'noDetector' | 'suspended' | 'runtimeOff' | 'agentNotManaged' | 'excludedByTag'>({
  id: 'mon-guardduty-runtime',
  title: 'GuardDuty Runtime Monitoring for EKS off / agent not managed',
  severity: 'medium',
  area: 'logging',
  needs: ['aws'],
  description:
    'GuardDuty Runtime Monitoring watches process, file and network activity on the nodes (crypto miners, reverse shells, container escapes) through its security agent. The feature does nothing for a cluster the agent is not deployed to: GuardDuty deploys and updates it only with automated agent configuration (EKS_ADDON_MANAGEMENT), otherwise someone must install the aws-guardduty-agent add-on.',
  remediation:
    'Enable Runtime Monitoring with automated agent configuration for EKS: `aws guardduty update-detector --detector-id <id> --features \'[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED"}]}]\'`, or tag the cluster `GuardDutyManaged=true`, or install the `aws-guardduty-agent` EKS add-on.',
  messages: {
    noDetector: 'GuardDuty is not enabled in {{region}} for account {{account}}: no runtime monitoring of the cluster',
    suspended: 'GuardDuty detector {{detector}} is suspended: no runtime monitoring',
    runtimeOff: 'GuardDuty detector {{detector}} has Runtime Monitoring off (RUNTIME_MONITORING and EKS_RUNTIME_MONITORING not enabled)',
    agentNotManaged:
      'GuardDuty detector {{detector}} has Runtime Monitoring on but does not manage the EKS agent (EKS_ADDON_MANAGEMENT {{management}}), and cluster "{{cluster}}" runs no aws-guardduty-agent: its nodes are not monitored',
    excludedByTag: 'Cluster "{{cluster}}" is tagged {{tag}}=false, which excludes it from GuardDuty\'s automated agent, and runs no aws-guardduty-agent: its nodes are not monitored',
  },
  links: [
    'https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-eks.html',
    'https://docs.aws.amazon.com/guardduty/latest/ug/managing-gdu-agent-eks-automatically.html',
  ],
  requires: guardDutyMissing,
  targets: detectorTargets,
  evaluate({ detector }, context) {
    const { inventory } = context;
    if (!detector) {
      context.fail('noDetector', { region: regionText(inventory), account: accountIdOf(inventory) ?? 'unknown' });
      return;
    }
    const unread = detectorUnread(inventory, detector);
    if (unread) {
      context.notEvaluated(unread);
      return;
    }
    const id = detector.DetectorId;
    if (detector.Status === 'DISABLED') {
      context.fail('suspended', { detector: id }, { path: ['Status'] });
      return;
    }
    // Runtime Monitoring does not cover EKS on Fargate: turning it on would change nothing here.
    if (fargateOnly(inventory)) return;
    const features = findFeatures(detector, ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']);
    const enabled = features.filter(({ feature }) => feature.Status === 'ENABLED');
    if (enabled.length === 0) {
      const path = features.find(({ feature }) => feature.Name === 'RUNTIME_MONITORING')?.path ?? features[0]?.path ?? ['Features'];
      context.fail('runtimeOff', { detector: id }, {
        path,
        fix: {
          kind: 'suggestion',
          description: `aws guardduty update-detector --detector-id ${id} --features '[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED"}]}]'`,
          operations: [],
        },
      });
      return;
    }
    let managementPath: EvidencePath = [...(enabled[0]?.path.slice(0, -1) ?? []), 'AdditionalConfiguration'];
    let management = 'not configured';
    let managed = false;
    for (const { feature, path } of enabled) {
      const index = (feature.AdditionalConfiguration ?? []).findIndex((config) => config.Name === 'EKS_ADDON_MANAGEMENT');
      const config = feature.AdditionalConfiguration?.[index];
      if (!config) continue;
      managementPath = [...path.slice(0, -1), 'AdditionalConfiguration', index, 'Status'];
      management = config.Status ?? 'unset';
      if (config.Status === 'ENABLED') managed = true;
    }
    const tag = inventory.aws?.eks?.cluster?.tags?.[MANAGED_TAG]?.trim().toLowerCase();
    // Without DescribeCluster the tag is unknown, and it may opt the cluster out: not a pass.
    if (!clusterMissing(inventory) && (managed ? tag !== 'false' : tag === 'true')) return;
    const deployed = agentDeployed(inventory);
    if (deployed === true) return;
    if (typeof deployed === 'string') {
      context.notEvaluated(`GuardDuty does not manage the agent for this cluster; whether it was installed by hand is unknown: ${deployed}`);
      return;
    }
    // Without DescribeCluster the GuardDutyManaged tag, which overrides the detector setting, is unknown.
    const tagsUnknown = clusterMissing(inventory);
    if (tagsUnknown) {
      context.notEvaluated(`the cluster's ${MANAGED_TAG} tag decides whether GuardDuty deploys its agent: ${tagsUnknown}`);
      return;
    }
    const cluster = clusterName(inventory) ?? 'cluster';
    if (managed) {
      context.fail('excludedByTag', { cluster, tag: MANAGED_TAG });
      return;
    }
    context.fail('agentNotManaged', { detector: id, management, cluster }, {
      path: managementPath,
      fix: {
        kind: 'suggestion',
        description: `aws eks create-addon --cluster-name ${cluster} --addon-name ${AGENT_ADDON} (or enable EKS_ADDON_MANAGEMENT on the detector, or tag the cluster ${MANAGED_TAG}=true)`,
        operations: [],
      },
    });
  },
});
