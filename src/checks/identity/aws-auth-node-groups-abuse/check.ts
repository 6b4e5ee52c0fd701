import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { awsAuthIgnored, awsAuthRequires, awsAuthTargets, parseMappings, type AwsAuthMapping } from '../../../analysis/identity/aws-auth.js';

const NODE_GROUPS = ['system:nodes', 'system:bootstrappers'];
/** Groups EKS itself gives node identities: EC2 nodes, Fargate, Windows nodes. */
const NODE_IDENTITY_GROUPS = new Set([...NODE_GROUPS, 'system:node-proxier', 'eks:kube-proxy-windows']);
/** EC2 nodes (and Karpenter) use the private DNS name, Fargate and hybrid nodes the session name. */
const NODE_USERNAME = /^system:node:\{\{(EC2PrivateDNSName|SessionName)\}\}$/;

/**
 * A mapping into system:nodes or system:bootstrappers is a node mapping only if it looks like
 * one EKS writes: username `system:node:{{EC2PrivateDNSName}}` (or `{{SessionName}}` for Fargate
 * and hybrid nodes), no groups beyond the node ones, and a role that is not evidently a human or
 * admin role (IAM Identity Center `AWSReservedSSO_*`, `OrganizationAccountAccessRole`, names
 * containing "admin", or an ARN that is not an IAM role). Any mapUsers entry in these groups is
 * abuse: nodes are never IAM users.
 */
export const check = defineCheck<ReturnType<typeof awsAuthTargets>[number], 'abuse'>({
  id: 'aws-auth-node-groups-abuse',
  title: 'aws-auth maps non-node principals to system:nodes or system:bootstrappers',
  severity: 'high',
  area: 'identity',
  description:
    'system:nodes and system:bootstrappers are node identities: a principal mapped there with another username escapes the Node authorizer, can request node certificates, and hides its requests among the kubelets\'.',
  remediation:
    'Keep system:nodes and system:bootstrappers for the node instance roles with username system:node:{{EC2PrivateDNSName}} (or the Fargate pod execution role); map people and tools to their own groups.',
  messages: {
    abuse: 'data.{{key}} maps {{count}} principal(s) into node groups that are not node identities: {{entries}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html'],
  requires: awsAuthRequires,
  targets: awsAuthTargets,
  evaluate(target, context) {
    if (awsAuthIgnored(context.inventory)) return;
    for (const key of ['mapRoles', 'mapUsers'] as const) {
      const parsed = parseMappings(target.object, key);
      if (!parsed) continue;
      if (!parsed.ok) {
        context.notEvaluated(parsed.error, { path: ['data', key] });
        continue;
      }
      const abuses = parsed.value
        .filter((mapping) => mapping.groups.some((group) => NODE_GROUPS.includes(group)))
        .map((mapping) => ({ mapping, reasons: key === 'mapUsers' ? ['an IAM user, never a node'] : roleReasons(mapping) }))
        .filter((entry) => entry.reasons.length > 0);
      if (abuses.length === 0) continue;
      context.fail(
        'abuse',
        {
          key,
          count: abuses.length,
          entries: listText(abuses.map(({ mapping, reasons }) => `${mapping.arn} (${reasons.join(', ')})`), 3),
        },
        { path: ['data', key] },
      );
    }
  },
});

function roleReasons(mapping: AwsAuthMapping): string[] {
  const reasons: string[] = [];
  if (!NODE_USERNAME.test(mapping.username ?? '')) reasons.push(`username "${mapping.username ?? '(none)'}" is not a node username`);
  const extra = mapping.groups.filter((group) => !NODE_IDENTITY_GROUPS.has(group));
  if (extra.length > 0) reasons.push(`also in ${extra.join(', ')}`);
  const role = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(mapping.arn);
  if (!role) reasons.push('not an IAM role ARN');
  else if (/^AWSReservedSSO_|^OrganizationAccountAccessRole$|admin/i.test(role[1] ?? '')) reasons.push('a human or admin role');
  return reasons;
}
