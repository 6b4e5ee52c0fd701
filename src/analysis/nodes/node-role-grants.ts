/**
 * What a node role grants beyond the policies nodes need, per policy. Broad grants are asked
 * through the identity area's IAM evaluator (so Deny, NotAction and NotResource count), with
 * the allowed node policies left out: administrator access, whole-service wildcards,
 * sensitive actions on every resource, ECR write access and IAM privilege escalation.
 */
import type { EvidencePath, IamRoleRecord } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { awsManagedPolicyName, principalName } from '../identity/iam-arn.js';
import { adminGrant, ecrBroadGrant, sensitiveGrants, serviceWildcards } from '../identity/iam-capabilities.js';
import { roleAccess, type RoleAccess } from '../identity/iam-permissions.js';
import { statementsOf, type LabelledPolicy } from '../identity/iam-policy.js';
import { privescPaths } from '../identity/iam-privesc.js';
import type { MissingPolicy } from '../identity/iam-roles.js';

/** AWS managed policies a node role may hold: what EKS documents for nodes, SSM and CloudWatch agents. */
export const DEFAULT_NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKSWorkerNodeMinimalPolicy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonEKS_CNI_Policy',
  'AmazonSSMManagedInstanceCore',
  'CloudWatchAgentServerPolicy',
];

export interface PolicyExcess {
  /** `['AttachedPolicies', 2]` or `['InlinePolicies', 0]`. */
  path: EvidencePath;
  label: string;
  /** Broad grants this policy takes part in; empty for a policy that only adds narrower rights. */
  problems: string[];
  admin: boolean;
  /** Whether the policy takes part in ECR write access (CIS 5.1.3 asks for read-only). */
  ecrWrite: boolean;
  /** Actions the policy allows, for a policy without broad grants. */
  actions: string[];
}

export interface NodeRoleExcess {
  excess: PolicyExcess[];
  missing: MissingPolicy[];
}

/** A policy named by AWS managed name or by full ARN in the `allowedPolicies` option. */
function isAllowed(policyArn: string | undefined, allowed: readonly string[]): boolean {
  if (!policyArn) return false;
  const managed = awsManagedPolicyName(policyArn);
  return allowed.includes(policyArn) || (managed !== undefined && allowed.includes(managed));
}

function policyKey(path: EvidencePath): string {
  return `${String(path[0])}/${String(path[1])}`;
}

function conditional(verdict: string, keys: readonly string[]): string {
  return verdict === 'conditional' ? ` (where ${keys.join(', ') || 'its conditions'} allow)` : '';
}

function allowedActionsOf(policy: LabelledPolicy): string[] {
  const actions = new Set<string>();
  for (const statement of statementsOf(policy.document)) {
    if (statement.effect !== 'Allow') continue;
    for (const action of statement.actions ?? []) actions.add(action);
    for (const action of statement.notActions ?? []) actions.add(`everything but ${action}`);
  }
  return [...actions];
}

export function nodeRoleExcess(inventory: InventoryView, record: IamRoleRecord, allowed: readonly string[]): NodeRoleExcess {
  const full = roleAccess(inventory, record);
  const isExtra = (path: EvidencePath | undefined): boolean =>
    !(path?.[0] === 'AttachedPolicies' && typeof path[1] === 'number' && isAllowed(record.AttachedPolicies?.[path[1]]?.PolicyArn, allowed));
  const access: RoleAccess = {
    ...full,
    policies: { ...full.policies, policies: full.policies.policies.filter((policy) => isExtra(policy.path)) },
  };
  const byPolicy = new Map<string, PolicyExcess>();
  for (const policy of access.policies.policies) {
    const path = (policy.path ?? []).slice(0, 2);
    byPolicy.set(policyKey(path), { path, label: policy.label ?? 'policy', problems: [], admin: false, ecrWrite: false, actions: allowedActionsOf(policy) });
  }
  const attribute = (paths: ReadonlyArray<EvidencePath>, problem: string, flag?: 'admin' | 'ecrWrite'): void => {
    for (const path of paths) {
      const entry = byPolicy.get(policyKey(path));
      if (!entry || entry.problems.includes(problem)) continue;
      entry.problems.push(problem);
      if (flag) entry[flag] = true;
    }
  };
  const admin = adminGrant(access);
  if (admin) {
    attribute(admin.decision.grants.map((grant) => grant.path), `use ${admin.what} on every resource${conditional(admin.decision.verdict, admin.decision.undecidedKeys)}`, 'admin');
  }
  for (const wildcard of serviceWildcards(access)) {
    if (wildcard.pattern === '*') continue;
    attribute(wildcard.decision.grants.map((grant) => grant.path), `use every ${wildcard.pattern.slice(0, -2)} action on every resource${conditional(wildcard.decision.verdict, wildcard.decision.undecidedKeys)}`);
  }
  for (const grant of sensitiveGrants(access)) {
    attribute(grant.decision.grants.map((match) => match.path), `${grant.sensitive.risk} (${grant.sensitive.action})${conditional(grant.decision.verdict, grant.decision.undecidedKeys)}`);
  }
  const ecr = ecrBroadGrant(access);
  if (ecr) attribute(ecr.decision.grants.map((grant) => grant.path), `push to or alter every ECR repository (${ecr.actions.join(', ')})`, 'ecrWrite');
  for (const path of privescPaths(access)) {
    const paths = path.steps.flatMap((step) => step.decision.grants.map((grant) => grant.path));
    attribute(paths, `escalate in IAM: ${path.rule.title}${path.verdict === 'conditional' ? ` (where ${path.undecidedKeys.join(', ') || 'its conditions'} allow)` : ''}`);
  }
  const missing = full.policies.missing.filter((policy) => isExtra(policy.path));
  return { excess: [...byPolicy.values()], missing };
}

export function roleName(record: IamRoleRecord): string {
  return record.Role?.RoleName ?? principalName(record.Role?.Arn ?? '');
}
