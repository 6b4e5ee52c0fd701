import { stringify } from 'yaml';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { awsAuthIgnored, awsAuthRequires, awsAuthTargets, parseMappings, type MappingKey } from '../../../analysis/identity/aws-auth.js';

const MASTERS = 'system:masters';
const KEYS: ReadonlyArray<{ key: MappingKey; arnKey: string; kind: string }> = [
  { key: 'mapRoles', arnKey: 'rolearn', kind: 'IAM roles' },
  { key: 'mapUsers', arnKey: 'userarn', kind: 'IAM users' },
];

/**
 * One finding per key (mapRoles, mapUsers) listing every principal in system:masters. That group
 * bypasses RBAC entirely (no binding to remove, no audit of a role), and is skipped when the
 * cluster's authentication mode is API (EKS no longer reads aws-auth).
 */
export const check = defineCheck<ReturnType<typeof awsAuthTargets>[number], 'masters'>({
  id: 'aws-auth-system-masters',
  title: 'aws-auth maps IAM principals to system:masters',
  severity: 'high',
  area: 'identity',
  description:
    'Members of system:masters are superusers that RBAC never checks: their access cannot be reduced by any Role, and every credential of the mapped IAM role or user is a permanent cluster-admin.',
  remediation:
    'Map administrators to a named group bound to cluster-admin through a ClusterRoleBinding (revocable, visible), or better, move to EKS access entries with AmazonEKSClusterAdminPolicy scoped to who needs it.',
  messages: {
    masters: 'data.{{key}} maps {{count}} {{kind}} to system:masters: {{principals}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  requires: awsAuthRequires,
  targets: awsAuthTargets,
  evaluate(target, context) {
    if (awsAuthIgnored(context.inventory)) return;
    for (const { key, arnKey, kind } of KEYS) {
      const parsed = parseMappings(target.object, key);
      if (!parsed) continue;
      if (!parsed.ok) {
        context.notEvaluated(parsed.error, { path: ['data', key] });
        continue;
      }
      const masters = parsed.value.filter((mapping) => mapping.groups.includes(MASTERS));
      if (masters.length === 0) continue;
      const path = ['data', key];
      const rewritten = parsed.value.map((mapping) => {
        const entry: Record<string, unknown> = { [arnKey]: mapping.arn };
        if (mapping.username !== undefined) entry.username = mapping.username;
        entry.groups = mapping.groups.filter((group) => group !== MASTERS);
        return entry;
      });
      context.fail(
        'masters',
        { key, count: masters.length, kind, principals: listText(masters.map((mapping) => mapping.arn)) },
        {
          path,
          fix: {
            kind: 'suggestion',
            description: `After granting these principals a least-privilege group (or an access entry), drop ${MASTERS} from their groups in data.${key}`,
            operations: [{ op: 'replace', path: toJsonPointer(path), value: stringify(rewritten) }],
          },
        },
      );
    }
  },
});
