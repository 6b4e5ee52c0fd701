import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { clusterFacts } from '../../../analysis/identity/eks-cluster-data.js';
import { conditionText, irsaRoleTargets, irsaTrustOf, subjectKey, subjectScope, webIdentityStatements, audienceKey } from '../../../analysis/identity/irsa-trust.js';
import { describeUses, roleLabel, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

/**
 * Each web-identity statement of an IRSA role's trust policy is asked about a service account
 * no policy names: if its `sub` conditions let that in (no condition, `system:serviceaccount:*`,
 * a negated match), every pod of every cluster trusting that provider can assume the role.
 * One namespace's wildcard (`system:serviceaccount:shop:*`) is reported one step lower.
 */
export const check = defineCheck<WorkloadRoleTarget, 'missing' | 'any' | 'namespace'>({
  id: 'irsa-trust-missing-sub',
  title: 'IRSA role trust does not pin the service account (`:sub`)',
  severity: 'high',
  area: 'identity',
  needs: ['aws'],
  description:
    'A role for service accounts trusts tokens of an OIDC provider. Without a `<issuer>:sub` condition naming `system:serviceaccount:<namespace>:<name>`, any pod that can mount a service account token from that cluster (any namespace, any service account) can exchange it for the role’s credentials.',
  remediation:
    'Add `"StringEquals": {"<issuer>:sub": "system:serviceaccount:<namespace>:<service-account>", "<issuer>:aud": "sts.amazonaws.com"}` to the trust statement, listing exactly the service accounts that use the role.',
  messages: {
    missing: 'Role {{role}} ({{uses}}): trust statement {{statement}} lets every service account of {{provider}} assume it, as it has no {{key}} condition',
    any: 'Role {{role}} ({{uses}}): trust statement {{statement}} lets service accounts of every namespace of {{provider}} assume it ({{key}}: {{condition}})',
    namespace: 'Role {{role}} ({{uses}}): trust statement {{statement}} lets every service account of namespace {{namespace}} of {{provider}} assume it ({{key}}: {{condition}})',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html', 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
  targets: (inventory) => irsaRoleTargets(inventory),
  evaluate(target, context) {
    const { inventory } = context;
    const trust = irsaTrustOf(target, inventory, (reason, options) => context.notEvaluated(reason, options));
    if (!trust) return;
    const clusterIssuer = clusterFacts(inventory).issuer;
    const namespaces = [...new Set(target.role.uses.map((use) => use.namespace))];
    const subjects = [...new Set(target.role.uses.map((use) => `system:serviceaccount:${use.namespace}:${use.serviceAccount}`))];
    for (const entry of webIdentityStatements(trust)) {
      const scope = subjectScope(entry, namespaces, target.role.uses.map((use) => use.serviceAccount));
      const key = subjectKey(entry.issuerPath);
      if (scope.kind === 'undecided') {
        context.notEvaluated(`trust statement ${entry.statement.index} has ${key} conditions eksguard cannot decide (${scope.keys.join(', ')})`, {
          path: entry.conditionPath,
        });
        continue;
      }
      if (scope.kind === 'scoped') continue;
      const data = {
        role: roleLabel(target.role.arn),
        uses: describeUses(inventory, target.role.uses),
        statement: String(entry.statement.index),
        provider: entry.issuerPath === clusterIssuer ? `this cluster (${entry.issuerPath})` : `OIDC provider ${entry.issuerPath}`,
        key,
        condition: conditionText(entry.statement, key),
        namespace: scope.kind === 'namespace' ? scope.namespace : '',
      };
      // Merged into the statement's own conditions, so the fix keeps whatever else they require.
      const existing = (entry.statement.raw.Condition ?? {}) as Record<string, Record<string, unknown>>;
      const condition = {
        ...existing,
        StringEquals: {
          ...(existing.StringEquals ?? {}),
          [key]: subjects.length === 1 ? subjects[0] : subjects,
          [audienceKey(entry.issuerPath)]: 'sts.amazonaws.com',
        },
      };
      context.fail(scope.kind, data, {
        path: entry.conditionPath,
        severity: scope.kind === 'namespace' ? 'medium' : undefined,
        fix: {
          kind: 'suggestion',
          description: `Pin the trust statement to the service accounts using the role (${subjects.join(', ')}); keep any other conditions it has`,
          operations: [{ op: entry.statement.raw.Condition ? 'replace' : 'add', path: toJsonPointer([...entry.path, 'Condition']), value: condition }],
        },
      });
    }
  },
});
