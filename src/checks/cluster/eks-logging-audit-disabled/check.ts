import { defineCheck } from '../../define-check.js';
import { enableLoggingCommand, enabledLogTypes, logTypePath } from '../control-plane-logs.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';

export const check = defineCheck<ClusterTarget, 'auditOff'>({
  id: 'eks-logging-audit-disabled',
  title: 'Control-plane `audit` log type not enabled',
  severity: 'high',
  area: 'cluster',
  needs: ['aws'],
  description:
    'The Kubernetes audit log records who did what through the API server. Without it, EKS keeps no trace of API activity you can read: an intrusion, a leaked credential or a destructive change cannot be investigated, and GuardDuty-style detections on the audit stream have nothing of yours to alert on.',
  remediation:
    'Enable the `audit` control-plane log type: `aws eks update-cluster-config --name <cluster> --logging \'{"clusterLogging":[{"types":["audit"],"enabled":true}]}\'`, and set a retention on the `/aws/eks/<cluster>/cluster` log group.',
  messages: {
    auditOff: 'Cluster "{{cluster}}" does not send the audit log to CloudWatch (enabled log types: {{enabled}})',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html'],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const enabled = enabledLogTypes(cluster);
    if (enabled.has('audit')) return;
    const name = cliName(cluster, context.inventory);
    context.fail('auditOff', { cluster: name, enabled: enabled.size > 0 ? [...enabled].join(', ') : 'none' }, {
      path: logTypePath(cluster, 'audit'),
      fix: {
        kind: 'suggestion',
        description: enableLoggingCommand(name, ['audit']),
        operations: [{ op: 'add', path: '/logging/clusterLogging/-', value: { types: ['audit'], enabled: true } }],
      },
    });
  },
});
