import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { CONTROL_PLANE_LOG_TYPES, enableLoggingCommand, enabledLogTypes, logTypePath } from '../control-plane-logs.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';

export const check = defineCheck<ClusterTarget, 'missingTypes'>({
  id: 'eks-logging-incomplete',
  title: 'Not all 5 log types enabled (`api`,`audit`,`authenticator`,`controllerManager`,`scheduler`)',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Each control-plane log type answers different questions in an investigation: `authenticator` maps IAM principals to Kubernetes users, `api` shows API server errors and flags, `controllerManager` and `scheduler` show what the control plane did. CIS EKS 2.1.1 asks for all of them.',
  remediation:
    'Enable the missing log types (the `requiredTypes` option narrows the list if you deliberately skip some): `aws eks update-cluster-config --name <cluster> --logging \'{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}\'`.',
  messages: {
    missingTypes: 'Cluster "{{cluster}}" does not send these control-plane logs: {{missing}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html'],
  options: { requiredTypes: [...CONTROL_PLANE_LOG_TYPES] },
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const configured = stringListOption(context.options, 'requiredTypes');
    const required = configured.length > 0 ? configured : [...CONTROL_PLANE_LOG_TYPES];
    const enabled = enabledLogTypes(cluster);
    const missing = required.filter((type) => !enabled.has(type));
    const first = missing[0];
    if (first === undefined) return;
    const name = cliName(cluster, context.inventory);
    context.fail('missingTypes', { cluster: name, missing: missing.join(', ') }, {
      path: logTypePath(cluster, first),
      fix: {
        kind: 'suggestion',
        description: enableLoggingCommand(name, missing),
        operations: [{ op: 'add', path: '/logging/clusterLogging/-', value: { types: missing, enabled: true } }],
      },
    });
  },
});
