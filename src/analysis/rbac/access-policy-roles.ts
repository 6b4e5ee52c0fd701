/**
 * EKS access policies read as RBAC roles, so that the rule matching of RBAC can evaluate them.
 * EKS authorizes access policies itself, before RBAC; AWS documents their rules. The four
 * user-facing ones follow Kubernetes' user-facing ClusterRoles (cluster-admin exactly; admin,
 * edit and view closely, not exactly); AmazonEKSAdminViewPolicy is read-only on everything,
 * Secrets included. Other policies (Auto Mode, hybrid nodes, EMR, SageMaker, …) are not
 * modelled: whoever evaluates access must report them as not evaluated rather than drop them.
 */
import type { EffectivePermissions, ResolvedRole, RoleHolder } from './effective-permissions.js';
import { Rule, type PolicyRule } from './rbac-rule.js';

export interface AccessPolicyRole {
  policy: string;
  role: ResolvedRole;
  /** The rules follow the policy only roughly (a Kubernetes role standing for it). */
  approximate: boolean;
  /** `ClusterRole "edit"`, `get, list and watch on every resource, Secrets included`; none when it is cluster-admin itself. */
  readAs?: string;
}

/** Policies that stand for a Kubernetes user-facing ClusterRole, and whether exactly. */
const MIRRORED: Readonly<Record<string, { clusterRole: string; exact: boolean }>> = {
  AmazonEKSClusterAdminPolicy: { clusterRole: 'cluster-admin', exact: true },
  AmazonEKSAdminPolicy: { clusterRole: 'admin', exact: false },
  AmazonEKSEditPolicy: { clusterRole: 'edit', exact: false },
  AmazonEKSViewPolicy: { clusterRole: 'view', exact: false },
};

/** Policies with rules of their own, as AWS documents them. */
const OWN_RULES: Readonly<Record<string, { rules: PolicyRule[]; readAs: string }>> = {
  AmazonEKSAdminViewPolicy: {
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
    readAs: 'get, list and watch on every resource, Secrets included',
  },
};

/** Built once: rule matches are memoised per role object. */
const OWN_ROLES = new Map<string, ResolvedRole>(
  Object.entries(OWN_RULES).map(([policy, { rules }]) => {
    const holder: RoleHolder = { kind: 'ClusterRole', name: policy, builtIn: false, approximate: false };
    return [policy, { ...holder, rules: rules.map((raw, index) => ({ rule: new Rule(raw), holder, index })), aggregated: false }];
  }),
);

/** The policy as a role, or undefined for a policy this module does not model. */
export function accessPolicyRole(perms: EffectivePermissions, policy: string): AccessPolicyRole | undefined {
  const own = Object.hasOwn(OWN_RULES, policy) ? OWN_ROLES.get(policy) : undefined;
  if (own) return { policy, role: own, approximate: false, readAs: OWN_RULES[policy]?.readAs ?? policy };
  const mirrored = Object.hasOwn(MIRRORED, policy) ? MIRRORED[policy] : undefined;
  const role = mirrored ? perms.clusterRole(mirrored.clusterRole) : undefined;
  if (!mirrored || !role) return undefined;
  const found: AccessPolicyRole = { policy, role, approximate: !mirrored.exact };
  if (!mirrored.exact) found.readAs = `ClusterRole "${mirrored.clusterRole}"`;
  return found;
}
