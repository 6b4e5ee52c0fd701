/**
 * The IAM proposal against what the role's policies allow today (from a snapshot), with the
 * IAM evaluation of analysis/identity: statements nothing used (to remove), wildcard actions and
 * resources wider than the use (to narrow), and used actions today's policies do not allow.
 */
import type { InventoryView } from '../../inventory/index.js';
import { actionInStatement, resourceInStatement, statementsOf } from '../../analysis/identity/iam-policy.js';
import { actionMatches, arnMatches } from '../../analysis/identity/iam-match.js';
import { decide, granted, roleAccess } from '../../analysis/identity/iam-permissions.js';
import { lookupRole } from '../../analysis/identity/iam-roles.js';
import { isDataEventAction } from './iam-actions.js';
import type { ActionUse, IamProposal } from './iam-proposal.js';

export interface StatementReview {
  /** `inline policy app`, `managed policy ReadS3`. */
  policy: string;
  index: number;
  sid?: string;
  /** Nothing used matched it: remove the statement. */
  unused: boolean;
  /** Action patterns no used action matched. */
  unusedActions: string[];
  /** Wildcard action patterns, with the used actions they matched. */
  wideActions: Array<{ pattern: string; used: string[] }>;
  /** Wildcard resource patterns, with the used resources they matched. */
  wideResources: Array<{ pattern: string; used: string[] }>;
  /** A NotAction statement grants everything it does not list; these were the used actions. */
  notAction?: { used: string[] };
  /** Unused actions CloudTrail logs only as data events: they may be in use. */
  maybeDataEvents: string[];
}

export interface UnallowedUse {
  action: string;
  resource: string;
  verdict: string;
}

export type IamComparison =
  | { status: 'missing' | 'unknown'; reason: string }
  | {
      status: 'found';
      statements: StatementReview[];
      /** Used actions (allowed in the log) that today's identity policies do not allow outright. */
      unallowed: UnallowedUse[];
      /** Policies whose documents the snapshot lacks: what they allow is not known. */
      missingPolicies: string[];
      boundary?: string;
    };

/** The resources a use touched; `*` stands for those its records did not name. */
function usedResources(use: ActionUse): string[] {
  return use.unknownResource > 0 || use.resources.length === 0 ? [...new Set(['*', ...use.resources])] : use.resources;
}

function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function compareIamWithCurrent(proposal: IamProposal, inventory: InventoryView): IamComparison {
  const found = lookupRole(inventory, proposal.roleArn);
  if (found.status === 'missing') return { status: 'missing', reason: `the role no longer exists (${found.error.operation}: ${found.error.code ?? 'NoSuchEntity'})` };
  if (found.status === 'unknown') return { status: 'unknown', reason: found.reason };
  const access = roleAccess(inventory, found.record);
  const unallowed: UnallowedUse[] = [];
  for (const use of proposal.actions) {
    for (const resource of usedResources(use)) {
      // A resource the record did not name: is the action allowed on any resource at all?
      if (resource === '*' && use.resources.length === 0) {
        const anywhere = access.policies.policies.some((policy) => statementsOf(policy.document).some((statement) => statement.effect === 'Allow' && actionInStatement(statement, use.action)));
        if (!anywhere) unallowed.push({ action: use.action, resource, verdict: 'not-allowed' });
        continue;
      }
      const decision = decide(access, use.action, resource);
      if (!granted(decision)) unallowed.push({ action: use.action, resource, verdict: decision.verdict });
    }
  }
  const statements: StatementReview[] = [];
  for (const policy of access.policies.policies) {
    for (const statement of statementsOf(policy.document)) {
      if (statement.effect !== 'Allow') continue;
      // Uses the statement answers: its actions, and a resource it covers (or one not known).
      const hits = proposal.actions.filter(
        (use) => actionInStatement(statement, use.action) && usedResources(use).some((resource) => resource === '*' || resourceInStatement(statement, resource) !== false),
      );
      const review: StatementReview = {
        policy: policy.label ?? 'policy',
        index: statement.index,
        unused: hits.length === 0,
        unusedActions: [],
        wideActions: [],
        wideResources: [],
        maybeDataEvents: [],
      };
      if (statement.sid !== undefined) review.sid = statement.sid;
      for (const pattern of statement.actions ?? []) {
        const used = hits.filter((use) => actionMatches(pattern, use.action)).map((use) => use.action);
        if (used.length === 0) {
          review.unusedActions.push(pattern);
          if (isDataEventAction(pattern)) review.maybeDataEvents.push(pattern);
        } else if (hasWildcard(pattern)) {
          review.wideActions.push({ pattern, used });
        }
      }
      if (statement.notActions) review.notAction = { used: hits.map((use) => use.action) };
      for (const pattern of statement.resources ?? []) {
        if (!hasWildcard(pattern)) continue;
        const used = [...new Set(hits.flatMap((use) => use.resources.filter((resource) => resource !== '*' && arnMatches(pattern, resource))))].sort();
        if (used.length > 0 && !used.includes(pattern)) review.wideResources.push({ pattern, used });
      }
      const changed = review.unused || review.unusedActions.length > 0 || review.wideActions.length > 0 || review.wideResources.length > 0 || review.notAction !== undefined;
      if (changed) statements.push(review);
    }
  }
  const comparison: IamComparison = {
    status: 'found',
    statements,
    unallowed,
    missingPolicies: access.policies.missing.map((missing) => `${missing.label}: ${missing.reason}`),
  };
  if (access.policies.boundary) comparison.boundary = access.policies.boundary;
  return comparison;
}
