import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { CALLS, clusterMissing, eksCluster, listSome, missingReason, nodegroups, type FlowLog } from '../../../analysis/nodes/aws-resources.js';

interface VpcTarget extends Target {
  vpcId: string;
  subnets: string[];
}

function delivering(log: FlowLog): boolean {
  return (log.FlowLogStatus === undefined || log.FlowLogStatus === 'ACTIVE') && log.DeliverLogsStatus !== 'FAILED';
}

export const check = defineCheck<VpcTarget, 'off' | 'failing'>({
  id: 'vpc-flow-logs-off',
  title: 'VPC Flow Logs disabled for cluster VPC',
  severity: 'low',
  area: 'network',
  needs: ['aws'],
  description:
    "Without VPC Flow Logs there is no record of which addresses pods and nodes talked to: no way to scope an incident, spot exfiltration or confirm that network policies hold. GuardDuty reads flow data on its own, but does not keep it for you. The cluster's VPC (`resourcesVpcConfig.vpcId`) passes with an active flow log on the VPC (DescribeFlowLogs `ResourceId`), or with active flow logs on every subnet of the cluster and its node groups. A flow log whose delivery fails (`DeliverLogsStatus: FAILED`) does not count.",
  remediation:
    'Create a flow log for the cluster VPC (aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> --traffic-type ALL, to CloudWatch Logs or S3), with a retention that fits your incident response.',
  messages: {
    off: 'VPC {{vpc}} of cluster {{cluster}} has no flow log{{partial}}',
    failing: 'VPC {{vpc}} of cluster {{cluster}} has flow log {{flowLog}}, but its delivery fails ({{error}})',
  },
  links: ['https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html', 'https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html'],
  requires: (inventory) => clusterMissing(inventory),
  targets: (inventory) => {
    const config = eksCluster(inventory)?.resourcesVpcConfig;
    if (!config?.vpcId) return [];
    const subnets = new Set([...(config.subnetIds ?? []), ...(nodegroups(inventory) ?? []).flatMap((group) => group.subnets ?? [])]);
    return [{ resource: { kind: 'VPC', name: config.vpcId }, vpcId: config.vpcId, subnets: [...subnets] }];
  },
  evaluate(target, context) {
    const logs = context.inventory.aws?.ec2?.flowLogs;
    if (!logs) {
      context.notEvaluated(`The flow logs of VPC ${target.vpcId} are unknown: ${missingReason(context.inventory, [CALLS.describeFlowLogs], target.vpcId)}`);
      return;
    }
    const cluster = eksCluster(context.inventory)?.name ?? context.inventory.source.cluster ?? 'cluster';
    const onVpc = logs.filter((log) => log.ResourceId === target.vpcId && (log.FlowLogStatus === undefined || log.FlowLogStatus === 'ACTIVE'));
    if (onVpc.some(delivering)) return;
    const covered = target.subnets.filter((subnet) => logs.some((log) => log.ResourceId === subnet && delivering(log)));
    if (target.subnets.length > 0 && covered.length === target.subnets.length) return;
    const failing = onVpc.find((log) => log.DeliverLogsStatus === 'FAILED');
    if (failing) {
      context.fail('failing', { vpc: target.vpcId, cluster, flowLog: failing.FlowLogId ?? '?', error: failing.DeliverLogsErrorMessage ?? 'no error message' }, { path: ['FlowLogs', failing.FlowLogId ?? '?', 'DeliverLogsStatus'] });
      return;
    }
    const uncovered = target.subnets.filter((subnet) => !covered.includes(subnet));
    context.fail('off', {
      vpc: target.vpcId,
      cluster,
      partial: covered.length > 0 ? `, and ${uncovered.length === 1 ? 'subnet' : 'subnets'} ${listSome(uncovered)} of the cluster ${uncovered.length === 1 ? 'has' : 'have'} none either` : '',
    });
  },
});
