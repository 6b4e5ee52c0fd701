import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { clusterFacts } from '../../../analysis/identity/eks-cluster-data.js';
import { audienceKey, audienceScope, conditionText, irsaRoleTargets, irsaTrustOf, webIdentityStatements } from '../../../analysis/identity/irsa-trust.js';
import { DEFAULT_IRSA_AUDIENCE, describeUses, roleLabel, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

/**
 * The audience pins which tokens count: the EKS Pod Identity Webhook projects tokens for
 * `sts.amazonaws.com`, while tokens minted for other audiences (Vault, an in-cluster service)
 * are handed to other parties. Without an `aud` condition such a token also opens the role.
 */
export const check = defineCheck<WorkloadRoleTarget, 'missing' | 'any'>({
  id: 'irsa-trust-missing-aud',
  title: 'IRSA role trust does not pin the token audience (`:aud`)',
  severity: 'low',
  area: 'identity',
  needs: ['aws'],
  description:
    'Without a `<issuer>:aud` condition, a role for service accounts accepts service account tokens issued for any audience. Tokens meant for another relying party (a secrets manager, an internal API) can then be replayed to STS for the role’s credentials.',
  remediation: 'Add `"StringEquals": {"<issuer>:aud": "sts.amazonaws.com"}` (or the audience set in `eks.amazonaws.com/audience`) to the trust statement.',
  messages: {
    missing: 'Role {{role}} ({{uses}}): trust statement {{statement}} for {{provider}} has no {{key}} condition, so tokens of any audience are accepted',
    any: 'Role {{role}} ({{uses}}): trust statement {{statement}} for {{provider}} accepts tokens of any audience ({{key}}: {{condition}})',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
  targets: (inventory) => irsaRoleTargets(inventory),
  evaluate(target, context) {
    const { inventory } = context;
    const trust = irsaTrustOf(target, inventory, (reason, options) => context.notEvaluated(reason, options));
    if (!trust) return;
    const clusterIssuer = clusterFacts(inventory).issuer;
    for (const entry of webIdentityStatements(trust)) {
      const scope = audienceScope(entry);
      const key = audienceKey(entry.issuerPath);
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
      };
      const condition = entry.statement.raw.Condition;
      const operation = condition?.StringEquals
        ? { op: 'add' as const, path: toJsonPointer([...entry.path, 'Condition', 'StringEquals', key]), value: DEFAULT_IRSA_AUDIENCE }
        : condition
          ? { op: 'add' as const, path: toJsonPointer([...entry.path, 'Condition', 'StringEquals']), value: { [key]: DEFAULT_IRSA_AUDIENCE } }
          : { op: 'add' as const, path: toJsonPointer([...entry.path, 'Condition']), value: { StringEquals: { [key]: DEFAULT_IRSA_AUDIENCE } } };
      context.fail(scope.kind, data, {
        path: entry.conditionPath,
        fix: {
          kind: 'suggestion',
          description: `Require ${key} = ${DEFAULT_IRSA_AUDIENCE} (or the service account's eks.amazonaws.com/audience) in the trust statement${scope.kind === 'any' ? ' and drop the wildcard' : ''}`,
          operations: [operation],
        },
      });
    }
  },
});
