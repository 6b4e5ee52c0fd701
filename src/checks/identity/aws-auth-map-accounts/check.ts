import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { awsAuthIgnored, awsAuthRequires, awsAuthTargets, parseAccounts } from '../../../analysis/identity/aws-auth.js';

/**
 * mapAccounts authenticates every IAM user and role of the listed accounts, each as a user
 * named after its ARN: whoever can create an IAM principal there gets in, and any binding to
 * system:authenticated applies to all of them. Skipped when the authentication mode is API.
 */
export const check = defineCheck<ReturnType<typeof awsAuthTargets>[number], 'accounts'>({
  id: 'aws-auth-map-accounts',
  title: 'aws-auth maps whole AWS accounts (mapAccounts)',
  severity: 'high',
  area: 'identity',
  description:
    'Every IAM principal of an account listed in mapAccounts can authenticate to the cluster. Access then depends on who can create IAM roles and users in those accounts, not on the cluster configuration.',
  remediation: 'Remove mapAccounts; map the specific IAM roles that need access in mapRoles, or use EKS access entries.',
  messages: {
    accounts: 'data.mapAccounts lets every IAM user and role of {{count}} account(s) authenticate to the cluster: {{accounts}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html'],
  requires: awsAuthRequires,
  targets: awsAuthTargets,
  evaluate(target, context) {
    if (awsAuthIgnored(context.inventory)) return;
    const parsed = parseAccounts(target.object);
    const path = ['data', 'mapAccounts'];
    if (!parsed) return;
    if (!parsed.ok) {
      context.notEvaluated(parsed.error, { path });
      return;
    }
    if (parsed.value.length === 0) return;
    context.fail(
      'accounts',
      { count: parsed.value.length, accounts: listText(parsed.value) },
      {
        path,
        fix: {
          kind: 'suggestion',
          description: 'Map the IAM roles that need access in mapRoles (or access entries), then remove mapAccounts',
          operations: [{ op: 'remove', path: toJsonPointer(path) }],
        },
      },
    );
  },
});
