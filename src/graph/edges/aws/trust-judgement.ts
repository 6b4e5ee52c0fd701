/** Whether a role's trust policy lets a request in, as evidence for a `can-assume` edge. */
import type { PolicyDocument, StepEvidence } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { undecidedKeysOf, type Decision } from '../../../analysis/identity/iam-policy.js';
import { lookupRole } from '../../../analysis/identity/iam-roles.js';

export const TRUST_PATH = 'Role.AssumeRolePolicyDocument';

export type TrustJudgement = { admits: true; evidence: StepEvidence } | { admits: false };

/** Allowed, or left open by conditions eksguard cannot decide: either counts as a way in. */
export function admitted(decision: Decision): boolean {
  return decision.verdict === 'allowed' || decision.verdict === 'conditional';
}

/** The evidence of an admitting decision: the statement that allows, and its open conditions. */
export function trustEvidence(arn: string, decision: Decision, who: string): StepEvidence {
  const statement = decision.allows[0]?.statement;
  const evidence: StepEvidence = {
    resource: { kind: 'IAMRole', name: arn },
    path: statement ? `${TRUST_PATH}.${formatPath(statement.path)}` : TRUST_PATH,
    detail: `trust policy admits ${who}`,
  };
  if (decision.verdict === 'conditional') evidence.detail += `, only under conditions on ${undecidedKeysOf(decision).join(', ') || 'its statements'}`;
  return evidence;
}

/**
 * Whether a role's trust lets the request in: a role IAM says is gone admits nobody, a role not
 * collected is given the benefit of the doubt, and a decision left open by conditions counts.
 */
export function judgeTrust(inventory: InventoryView, arn: string, who: string, ask: (trust: PolicyDocument) => Decision): TrustJudgement {
  const resource = { kind: 'IAMRole', name: arn };
  const found = lookupRole(inventory, arn);
  if (found.status === 'missing') return { admits: false };
  if (found.status === 'unknown') return { admits: true, evidence: { resource, detail: `trust not collected (${found.reason}); assumed to admit ${who}` } };
  const trust = found.record.Role.AssumeRolePolicyDocument;
  if (!trust) return { admits: true, evidence: { resource, path: TRUST_PATH, detail: `trust not collected (GetRole returned no trust policy); assumed to admit ${who}` } };
  const decision = ask(trust);
  return admitted(decision) ? { admits: true, evidence: trustEvidence(arn, decision, who) } : { admits: false };
}
