import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import {
  controlPlaneLogGroup,
  controlPlaneLogGroupName,
  enabledLogTypes,
  logGroupResourceName,
  type LogGroup,
} from '../control-plane-logs.js';
import { clusterResourceName, missingReason } from '../eks-data.js';
import { numberOption } from '../scan-time.js';

type RetentionTarget = Target & { group?: LogGroup; logGroupName: string };

function logsMissing(inventory: InventoryView): string | undefined {
  if (inventory.aws?.logs?.logGroups) return undefined;
  return missingReason(inventory, [{ service: 'logs', operation: 'DescribeLogGroups' }]);
}

function retentionTargets(inventory: InventoryView): RetentionTarget[] {
  const logGroupName = controlPlaneLogGroupName(inventory);
  if (logGroupName === undefined) return [];
  const group = controlPlaneLogGroup(inventory);
  if (group) return [{ resource: { kind: 'LogGroup', name: logGroupResourceName(group) }, group, logGroupName }];
  const cluster = inventory.aws?.eks?.cluster;
  // No log group and no log type on: nothing is being kept, which the logging checks report.
  if (cluster && enabledLogTypes(cluster).size === 0) return [];
  const name = cluster ? clusterResourceName(cluster, inventory) : logGroupName;
  return [{ resource: { kind: cluster ? 'EKSCluster' : 'LogGroup', name }, logGroupName }];
}

export const check = defineCheck<RetentionTarget, 'neverExpires' | 'shortRetention' | 'noKms'>({
  id: 'eks-log-retention-unmanaged',
  title: 'Control-plane log group has no retention / no KMS',
  severity: 'low',
  area: 'cluster',
  needs: ['aws'],
  description:
    'EKS creates `/aws/eks/<cluster>/cluster` without a retention policy or customer KMS key. Logs then grow and are billed forever with no lifecycle anyone decided on, and audit records (user names, request bodies of config changes) are encrypted only with a CloudWatch-owned key whose use you cannot restrict or audit.',
  remediation:
    'Set a retention that matches your investigation and compliance window (`aws logs put-retention-policy --log-group-name /aws/eks/<cluster>/cluster --retention-in-days 365`) and encrypt the group with a customer-managed key (`aws logs associate-kms-key`, after granting `logs.<region>.amazonaws.com` use of the key).',
  messages: {
    neverExpires: 'Log group {{logGroup}} keeps control-plane logs forever: no retention policy is set',
    shortRetention: 'Log group {{logGroup}} keeps control-plane logs for {{days}} days, under the {{minimum}} days configured',
    noKms: 'Log group {{logGroup}} is not encrypted with a customer-managed KMS key',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
  ],
  options: { minRetentionDays: 0 },
  requires: logsMissing,
  targets: retentionTargets,
  evaluate(target, context) {
    const { group, logGroupName } = target;
    if (!group) {
      context.notEvaluated(`log group ${logGroupName} is not among the collected log groups (logs:DescribeLogGroups with prefix ${logGroupName})`);
      return;
    }
    const minimum = numberOption(context.options, 'minRetentionDays', 0);
    // Absent retentionInDays means never expire, also when an account-level policy applies.
    if (group.retentionInDays === undefined) {
      context.fail('neverExpires', { logGroup: logGroupName }, {
        path: ['retentionInDays'],
        fix: {
          kind: 'suggestion',
          description: `aws logs put-retention-policy --log-group-name ${logGroupName} --retention-in-days 365 (pick the period your policy requires)`,
          operations: [{ op: 'add', path: '/retentionInDays', value: 365 }],
        },
      });
    } else if (group.retentionInDays < minimum) {
      context.fail('shortRetention', { logGroup: logGroupName, days: group.retentionInDays, minimum }, { path: ['retentionInDays'] });
    }
    if (!group.kmsKeyId) {
      context.fail('noKms', { logGroup: logGroupName }, {
        path: ['kmsKeyId'],
        fix: {
          kind: 'suggestion',
          description: `aws logs associate-kms-key --log-group-name ${logGroupName} --kms-key-id <key ARN> (the key policy must allow logs.<region>.amazonaws.com)`,
          operations: [{ op: 'add', path: '/kmsKeyId', value: '<key ARN>' }],
        },
      });
    }
  },
});
