import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterName, eksCall, missingReason, type EksInsight } from '../eks-data.js';

type InsightTarget = Target & { insight?: EksInsight };

const MAX_DETAILS = 3;

function insightsMissing(inventory: InventoryView): string | undefined {
  if (inventory.aws?.eks?.insights) return undefined;
  return missingReason(inventory, [eksCall(inventory, 'ListInsights'), eksCall(inventory, 'DescribeInsight')]);
}

function insightTargets(inventory: InventoryView): InsightTarget[] {
  const insights = inventory.aws?.eks?.insights ?? [];
  if (insights.length === 0) {
    // EKS listed no insight: the cluster itself is what passes.
    const cluster = inventory.aws?.eks?.cluster;
    return [{ resource: { kind: 'EKSCluster', name: cluster?.arn ?? clusterName(inventory) ?? 'cluster' } }];
  }
  return insights.map((insight) => ({ resource: { kind: 'EKSInsight', name: insight.name ?? insight.id ?? 'insight' }, insight }));
}

function limited(items: string[]): string {
  const shown = items.slice(0, MAX_DETAILS).join('; ');
  return items.length > MAX_DETAILS ? `${shown}; and ${items.length - MAX_DETAILS} more` : shown;
}

/** What the insight found, from its category-specific summary and resource list. */
function details(insight: EksInsight): string {
  const summary = insight.categorySpecificSummary;
  const deprecated = (summary?.deprecationDetails ?? []).map((detail) => {
    const replaced = detail.replacedWith ? ` → ${detail.replacedWith}` : '';
    const removed = detail.stopServingVersion ? ` (removed in ${detail.stopServingVersion})` : '';
    const agents = [...new Set((detail.clientStats ?? []).map((stat) => stat.userAgent).filter((agent): agent is string => !!agent))];
    const callers = agents.length > 0 ? `, called by ${limited(agents)}` : '';
    return `${detail.usage ?? 'deprecated API'}${replaced}${removed}${callers}`;
  });
  const addons = (summary?.addonCompatibilityDetails ?? []).map(
    (detail) => `${detail.name ?? 'add-on'} needs ${(detail.compatibleVersions ?? []).join(' or ') || 'a compatible version'}`,
  );
  const found = [...deprecated, ...addons];
  const resources = (insight.resources ?? []).filter((resource) => resource.insightStatus?.status !== 'PASSING');
  const affected = resources.map((resource) => resource.kubernetesResourceUri ?? resource.arn).filter((uri): uri is string => !!uri);
  const parts: string[] = [];
  if (found.length > 0) parts.push(limited(found));
  if (affected.length > 0) parts.push(`affected: ${limited(affected)}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

export const check = defineCheck<InsightTarget, 'insightError' | 'insightWarning'>({
  id: 'eks-upgrade-insights-failing',
  title: 'EKS upgrade insights report ERROR/WARNING (e.g. deprecated API usage)',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'EKS cluster insights check what would break on the next Kubernetes versions (deprecated APIs still called, incompatible add-ons, kubelet skew) and misconfigurations. An upgrade insight in ERROR affects the next minor version; WARNING affects a later one. Unaddressed, they turn a routine or forced upgrade into an outage.',
  remediation:
    'Open the insight (`aws eks describe-insight --cluster-name <cluster> --id <id>`), migrate the listed clients and manifests to the replacement APIs or update the add-ons, and wait for the insight to refresh to PASSING before upgrading.',
  messages: {
    insightError: 'Insight "{{name}}" ({{category}}{{version}}) is ERROR: {{reason}}{{details}}',
    insightWarning: 'Insight "{{name}}" ({{category}}{{version}}) is WARNING: {{reason}}{{details}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html'],
  requires: insightsMissing,
  targets: insightTargets,
  evaluate({ insight }, context) {
    if (!insight) return;
    const status = insight.insightStatus?.status;
    if (status === 'PASSING') return;
    if (status !== 'ERROR' && status !== 'WARNING') {
      context.notEvaluated(`EKS reports insight "${insight.name ?? insight.id ?? ''}" as ${status ?? 'without a status'}: ${insight.insightStatus?.reason ?? 'no reason given'}`);
      return;
    }
    const data = {
      name: insight.name ?? insight.id ?? 'insight',
      category: insight.category ?? 'UNKNOWN_CATEGORY',
      version: insight.kubernetesVersion ? `, Kubernetes ${insight.kubernetesVersion}` : '',
      reason: insight.insightStatus?.reason ?? 'no reason given',
      details: details(insight),
    };
    const path = ['insightStatus', 'status'];
    if (status === 'ERROR') context.fail('insightError', data, { path });
    else context.fail('insightWarning', data, { path, severity: 'low' });
  },
});
