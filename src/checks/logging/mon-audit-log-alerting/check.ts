import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import {
  controlPlaneLogGroup,
  controlPlaneLogGroupName,
  enabledLogTypes,
  logGroupResourceName,
  logTypePath,
  type LogGroup,
} from '../../cluster/control-plane-logs.js';
import { clusterResourceName, missingReason } from '../../cluster/eks-data.js';

type AlertingTarget = Target & { group?: LogGroup; logGroupName?: string };

function alertingTargets(inventory: InventoryView): AlertingTarget[] {
  const logGroupName = controlPlaneLogGroupName(inventory);
  const group = controlPlaneLogGroup(inventory);
  if (group && logGroupName) return [{ resource: { kind: 'LogGroup', name: logGroupResourceName(group) }, group, logGroupName }];
  const cluster = inventory.aws?.eks?.cluster;
  const resource = cluster ? { kind: 'EKSCluster', name: clusterResourceName(cluster, inventory) } : clusterTarget(inventory).resource;
  return [logGroupName ? { resource, logGroupName } : { resource }];
}

export const check = defineCheck<AlertingTarget, 'auditOff' | 'noFilters'>({
  id: 'mon-audit-log-alerting',
  title: 'No metric filters/alarms on audit log',
  severity: 'info',
  area: 'logging',
  needs: ['aws'],
  description:
    'Shipping the audit log to CloudWatch only helps if something reads it. Metric filters (with alarms on their metrics) turn the events that matter into alerts: denied requests, changes to RBAC, aws-auth or webhooks, exec into pods, anonymous access. This check reads the filters of the control-plane log group; alarms and external SIEM subscriptions are not collected.',
  remediation:
    'Create metric filters on `/aws/eks/<cluster>/cluster` for the audit events you care about (e.g. `{ ($.verb = "create") && ($.objectRef.subresource = "exec") }`, `{ $.responseStatus.code = 403 }`) and alarms on their metrics, or forward the log group to your SIEM and waive this finding.',
  messages: {
    auditOff: 'Cluster "{{cluster}}" sends no audit log to CloudWatch: there is nothing to alert on',
    noFilters: 'Log group {{logGroup}} has no metric filter: no audit event raises an alert',
  },
  links: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html',
  ],
  targets: alertingTargets,
  evaluate({ group, logGroupName }, context) {
    const { inventory } = context;
    const cluster = inventory.aws?.eks?.cluster;
    if (cluster && !enabledLogTypes(cluster).has('audit')) {
      context.fail('auditOff', { cluster: cluster.name ?? 'cluster' }, group ? {} : { path: logTypePath(cluster, 'audit') });
      return;
    }
    if (!logGroupName) {
      context.notEvaluated(missingReason(inventory, [{ service: 'eks', operation: 'DescribeCluster' }]));
      return;
    }
    const filters = inventory.aws?.logs?.metricFilters;
    const count = filters
      ? filters.filter((filter) => filter.logGroupName === undefined || filter.logGroupName === logGroupName).length
      : group?.metricFilterCount;
    if (count === undefined) {
      context.notEvaluated(missingReason(inventory, [{ service: 'logs', operation: 'DescribeMetricFilters', target: logGroupName }]));
      return;
    }
    if (count > 0) return;
    context.fail('noFilters', { logGroup: logGroupName }, group ? { path: ['metricFilterCount'] } : {});
  },
});
