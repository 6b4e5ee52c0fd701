/** What the workload-role permission checks share: reading the role, and saying how sure a finding is. */
import type { Severity } from '../../model/index.js';
import type { CheckContext } from '../define-check.js';
import { lowerSeverity } from '../../analysis/rbac/grant-text.js';
import { isMissingDataTarget, type MissingDataTarget } from '../../analysis/identity/eks-cluster-data.js';
import { lookupRole } from '../../analysis/identity/iam-roles.js';
import { roleAccess, type RoleAccess } from '../../analysis/identity/iam-permissions.js';
import { narrowingSessionPolicies, type WorkloadRoleTarget } from '../../analysis/identity/workload-roles.js';

/** The role's access as its pods hold it, or undefined after reporting why it cannot be read. */
export function readWorkloadRole(target: WorkloadRoleTarget | MissingDataTarget, context: CheckContext): RoleAccess | undefined {
  if (isMissingDataTarget(target)) {
    context.notEvaluated(target.missing);
    return undefined;
  }
  const found = lookupRole(context.inventory, target.role.arn);
  if (found.status === 'unknown') {
    context.notEvaluated(found.reason);
    return undefined;
  }
  if (found.status === 'missing') return undefined;
  return roleAccess(context.inventory, found.record, narrowingSessionPolicies(target.role));
}

/**
 * When nothing was found, policies whose documents are missing leave the role undecided; a
 * finding made from the documents at hand stands on its own.
 */
export function reportMissingDocuments(access: RoleAccess, context: CheckContext): void {
  for (const missing of access.policies.missing) context.notEvaluated(`${missing.label}: ${missing.reason}`, { path: missing.path });
}

/**
 * One step lower for a grant that holds only under conditions eksguard cannot decide, or for a
 * role with a permissions boundary whose document the snapshot does not have.
 */
export function findingSeverity(base: Severity, conditional: boolean, access: RoleAccess): Severity {
  let severity = base;
  if (conditional) severity = lowerSeverity(severity);
  if (access.policies.boundary) severity = lowerSeverity(severity);
  return severity;
}

/** `, only if aws:ResourceTag/team holds; a permissions boundary (arn) may narrow it further`. */
export function caveats(undecidedKeys: readonly string[], access: RoleAccess): string {
  const parts: string[] = [];
  if (undecidedKeys.length > 0) parts.push(`only under conditions on ${undecidedKeys.join(', ')}`);
  if (access.policies.boundary) parts.push(`unless permissions boundary ${access.policies.boundary} (not collected) narrows it`);
  if (access.sessionPolicies) parts.push('as narrowed by the Pod Identity session policy');
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
