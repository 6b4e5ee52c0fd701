/**
 * How many people and machines stand behind an IAM principal that is given cluster access: an
 * account root (every principal of the account allowed to call EKS), a principal of another
 * account, an IAM Identity Center role of an account-wide permission set, or a role whose
 * trust policy lets any AWS principal, or other accounts, assume it. The
 * access-entry-broad-principal check and the security graph ask the same questions here.
 */
import type { EvidencePath, PolicyDocument } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { accountOf, iamPrincipalKind, ssoPermissionSet, type IamPrincipalKind } from './iam-arn.js';
import { OUTSIDERS } from './iam-outsider.js';
import { evaluatePolicies, trustStatements, type Decision } from './iam-policy.js';
import { lookupRole } from './iam-roles.js';

/** Permission sets that every AWS administrator of an organisation is typically assigned. */
export const BROAD_PERMISSION_SETS = ['AdministratorAccess', 'AWSAdministratorAccess', 'PowerUserAccess', 'AWSPowerUserAccess'];

export interface ForeignTrust {
  /** The principal as the trust policy names it (`444455556666`, `arn:aws:iam::444455556666:role/ci`). */
  principal: string;
  account: string;
  /** Path of the statement in the role record. */
  path: EvidencePath;
}

export interface TrustOpenness {
  /** Set when any AWS principal (of any account, of any type) may assume the role outright. */
  anyone?: { decision: Decision; statements: number[]; path: EvidencePath };
  /** Principals of accounts outside the trusted ones that the trust names for sts:AssumeRole. */
  foreign: ForeignTrust[];
  /** Open to outsiders only under conditions that cannot be decided from the data. */
  conditional: boolean;
}

const TRUST_PATH: EvidencePath = ['Role', 'AssumeRolePolicyDocument'];

/** Whom a role's trust policy lets in from outside the trusted accounts. */
export function trustOpenness(trust: PolicyDocument | undefined, roleArn: string, trusted: ReadonlySet<string>): TrustOpenness {
  const decisions = OUTSIDERS.map(({ principal, context }) =>
    evaluatePolicies(trust ? [trust] : [], { action: 'sts:AssumeRole', resource: roleArn, principal, context }),
  );
  const open = decisions.find((decision) => decision.verdict === 'allowed');
  const foreign: ForeignTrust[] = [];
  for (const { statement, principal, actions } of trustStatements(trust)) {
    if (!actions.includes('sts:AssumeRole')) continue;
    for (const value of principal.AWS) {
      const other = /^\d{12}$/.test(value) ? value : accountOf(value);
      if (other && !trusted.has(other)) foreign.push({ principal: value, account: other, path: [...TRUST_PATH, ...statement.path] });
    }
  }
  const result: TrustOpenness = { foreign, conditional: decisions.some((decision) => decision.verdict === 'conditional') };
  if (open) {
    const matches = open.allows.filter((match) => match.applies === true);
    result.anyone = { decision: open, statements: matches.map((match) => match.statement.index), path: [...TRUST_PATH, ...(matches[0]?.statement.path ?? [])] };
  }
  return result;
}

export interface BreadthOptions {
  /** Accounts trusted besides the cluster's own. */
  trustedAccounts?: readonly string[];
  /** Permission set names (case-insensitive) counted as account-wide. */
  broadPermissionSets?: readonly string[];
}

export type RoleTrust =
  | { status: 'found'; openness: TrustOpenness }
  | { status: 'missing' }
  | { status: 'unknown'; reason: string };

export interface PrincipalBreadth {
  kind: IamPrincipalKind;
  /** The principal's account, `''` when its ARN has none. */
  account: string;
  clusterAccount: string | undefined;
  /** The account root: every principal of that account. */
  root: boolean;
  /** Of an account that is neither the cluster's nor trusted (only when the cluster's is known). */
  crossAccount: boolean;
  /** The account-wide IAM Identity Center permission set behind the role, if it is one. */
  broadPermissionSet?: string;
  /** What the role's trust policy lets in; absent for principals that are not roles. */
  trust?: RoleTrust;
}

export function trustedAccountsOf(clusterAccount: string | undefined, extra: readonly string[] = []): Set<string> {
  return new Set([...(clusterAccount ? [clusterAccount] : []), ...extra]);
}

export function principalBreadth(inventory: InventoryView, principalArn: string, clusterAccount: string | undefined, options: BreadthOptions = {}): PrincipalBreadth {
  const trusted = trustedAccountsOf(clusterAccount, options.trustedAccounts);
  const account = accountOf(principalArn) ?? '';
  const kind = iamPrincipalKind(principalArn);
  const breadth: PrincipalBreadth = {
    kind,
    account,
    clusterAccount,
    root: kind === 'root',
    crossAccount: clusterAccount !== undefined && account !== '' && !trusted.has(account),
  };
  const permissionSet = ssoPermissionSet(principalArn);
  const broadSets = options.broadPermissionSets ?? BROAD_PERMISSION_SETS;
  if (permissionSet && broadSets.some((name) => name.toLowerCase() === permissionSet.toLowerCase())) breadth.broadPermissionSet = permissionSet;
  if (kind !== 'role') return breadth;
  const role = lookupRole(inventory, principalArn);
  if (role.status === 'missing') breadth.trust = { status: 'missing' };
  else if (role.status === 'unknown') breadth.trust = { status: 'unknown', reason: role.reason };
  else breadth.trust = { status: 'found', openness: trustOpenness(role.record.Role.AssumeRolePolicyDocument, principalArn, trusted) };
  return breadth;
}
