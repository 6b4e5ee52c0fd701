import type { EvidencePath } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import type { MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { everyActionText, sensitiveGrants, serviceWildcards } from '../../../analysis/identity/iam-capabilities.js';
import { grantLabel, type AccessDecision } from '../../../analysis/identity/iam-permissions.js';
import type { StatementMatch } from '../../../analysis/identity/iam-policy.js';
import { caveats, findingSeverity, readWorkloadRole, reportMissingDocuments } from '../workload-role-check.js';
import { describeUses, existingRoles, roleLabel, workloadRoleTargets, workloadRoles, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

interface StatementFinding {
  match: StatementMatch | undefined;
  what: string[];
  /** Services this statement grants whole, so their sensitive actions need no separate mention. */
  services: Set<string>;
  conditional: boolean;
  undecided: Set<string>;
}

/**
 * Two kinds of over-broad grant, asked of the evaluator against resources no policy names:
 * a whole service (`s3:*`, `*`, or NotAction) on every resource of it, and actions that read
 * secrets or data or destroy them (secretsmanager:GetSecretValue, kms:Decrypt, s3:DeleteObject…)
 * on every resource of their type. Grants are reported per granting statement, so each
 * finding points at the statement to narrow.
 */
export const check = defineCheck<WorkloadRoleTarget | MissingDataTarget, 'wildcard'>({
  id: 'workload-role-wildcard',
  title: 'Workload IAM role grants whole services or sensitive actions on every resource',
  severity: 'high',
  area: 'identity',
  needs: ['aws'],
  description:
    'Pods carry their role’s credentials. A role granting a whole service, or reads of secrets and data on `Resource: "*"`, lets a compromised pod reach every bucket, table, secret or key of the account instead of the few the application uses.',
  remediation:
    'List the actions the application calls and the ARNs of its own resources (bucket, table, secret, key) in the role’s policies; IAM Access Analyzer policy generation shows what it actually used.',
  messages: {
    wildcard: 'Role {{role}} ({{uses}}): {{grant}} allows {{what}}{{caveats}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  targets: (inventory) => workloadRoleTargets(inventory, existingRoles(inventory, workloadRoles(inventory))),
  evaluate(target, context) {
    const access = readWorkloadRole(target, context);
    if (!access || !('role' in target)) return;
    const byStatement = new Map<string, StatementFinding>();
    const add = (what: string, decision: AccessDecision, service: { whole?: string; of?: string }): void => {
      const match = decision.grants[0];
      const key = match ? formatPath(match.path) : '';
      let entry = byStatement.get(key);
      if (!entry) byStatement.set(key, (entry = { match, what: [], services: new Set(), conditional: true, undecided: new Set() }));
      if (service.of !== undefined && (entry.services.has(service.of) || entry.services.has('*'))) return;
      if (service.whole !== undefined) entry.services.add(service.whole);
      entry.what.push(what);
      if (decision.verdict === 'allowed') entry.conditional = false;
      else for (const undecided of decision.undecidedKeys) entry.undecided.add(undecided);
    };
    for (const wildcard of serviceWildcards(access)) {
      const whole = wildcard.pattern === '*' ? '*' : wildcard.pattern.slice(0, -2);
      const text = whole === '*' ? everyActionText('every action of every service', wildcard.decision.grants[0]?.statement.notActions) : wildcard.pattern;
      add(`${text} on every resource`, wildcard.decision, { whole });
    }
    for (const { sensitive, decision } of sensitiveGrants(access)) {
      add(`${sensitive.action} on every resource (${sensitive.risk})`, decision, { of: sensitive.action.slice(0, sensitive.action.indexOf(':')) });
    }
    if (byStatement.size === 0) {
      reportMissingDocuments(access, context);
      return;
    }
    const uses = describeUses(context.inventory, target.role.uses);
    for (const entry of byStatement.values()) {
      const path: EvidencePath = entry.match?.path ?? [];
      context.fail(
        'wildcard',
        {
          role: roleLabel(access.arn),
          uses,
          grant: grantLabel(entry.match),
          what: listText(entry.what, 4),
          caveats: caveats(entry.conditional ? [...entry.undecided] : [], access),
        },
        { path, severity: findingSeverity('high', entry.conditional, access) },
      );
    }
  },
});
