/**
 * IRSA trust policies: statements that let an OIDC provider's web identities (Kubernetes
 * service account tokens) assume a role, and how far their `<issuer>:sub` and `<issuer>:aud`
 * conditions narrow that. Scope is decided by asking the statement's own conditions about
 * stand-in subjects: a service account no policy names, in any namespace or in one.
 */
import type { EvidencePath, PolicyDocument } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { evaluateConditions } from './iam-conditions.js';
import { accountOf, parseArn, partitionOf } from './iam-arn.js';
import { clausesOn, conditionPath, evaluatePolicies, trustStatements, type Decision, type NormalisedStatement } from './iam-policy.js';
import { lookupRole } from './iam-roles.js';
import { existingRoles, workloadRoles, type WorkloadRole, type WorkloadRoleTarget } from './workload-roles.js';

export interface WebIdentityStatement {
  statement: NormalisedStatement;
  providerArn: string;
  /** The provider's issuer without scheme: the prefix of its condition keys. */
  issuerPath: string;
  /** Path of the statement in the role record. */
  path: EvidencePath;
  conditionPath: EvidencePath;
}

const TRUST_PATH: EvidencePath = ['Role', 'AssumeRolePolicyDocument'];

/** Allow statements for OIDC providers that include sts:AssumeRoleWithWebIdentity. */
export function webIdentityStatements(trust: PolicyDocument | undefined): WebIdentityStatement[] {
  const out: WebIdentityStatement[] = [];
  for (const { statement, principal, actions } of trustStatements(trust)) {
    if (!actions.includes('sts:AssumeRoleWithWebIdentity')) continue;
    for (const providerArn of principal.Federated) {
      const resource = parseArn(providerArn)?.resource ?? '';
      if (!resource.startsWith('oidc-provider/')) continue;
      const path = [...TRUST_PATH, ...statement.path];
      out.push({ statement, providerArn, issuerPath: resource.slice('oidc-provider/'.length), path, conditionPath: conditionPath({ path, statement }) });
    }
  }
  return out;
}

export const PROBE_SERVICE_ACCOUNT = 'eksguard-probe-sa';
export const PROBE_NAMESPACE = 'eksguard-probe-ns';

export type SubjectScope =
  | { kind: 'missing' }
  | { kind: 'any' }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'scoped' }
  | { kind: 'undecided'; keys: string[] };

export function subjectKey(issuerPath: string): string {
  return `${issuerPath}:sub`;
}

export function audienceKey(issuerPath: string): string {
  return `${issuerPath}:aud`;
}

/** How many service accounts a statement's `sub` conditions let in. */
export function subjectScope(
  entry: WebIdentityStatement,
  namespaces: readonly string[],
  serviceAccounts: readonly string[] = [],
): SubjectScope {
  const key = subjectKey(entry.issuerPath);
  const clauses = clausesOn(entry.statement, key);
  if (clauses.length === 0) return { kind: 'missing' };
  const ask = (subject: string) => evaluateConditions(clauses, { values: { [key]: subject } });
  const anywhere = ask(`system:serviceaccount:${PROBE_NAMESPACE}:${PROBE_SERVICE_ACCOUNT}`);
  if (anywhere.result === 'undecided') return { kind: 'undecided', keys: anywhere.undecidedKeys };
  if (anywhere.result) return { kind: 'any' };
  // `system:serviceaccount:*:api` names the account but not the namespace: anyone who can create
  // a service account called api anywhere gets the role.
  for (const name of new Set(serviceAccounts)) {
    if (ask(`system:serviceaccount:${PROBE_NAMESPACE}:${name}`).result === true) return { kind: 'any' };
  }
  // Namespaces the condition itself names count too: `system:serviceaccount:other:*` is as loose for `other`.
  const named = clauses.flatMap((clause) => clause.values.map((value) => /^system:serviceaccount:([^:*?]+):/.exec(value)?.[1]).filter((ns): ns is string => ns !== undefined));
  for (const namespace of new Set([...namespaces, ...named])) {
    const inNamespace = ask(`system:serviceaccount:${namespace}:${PROBE_SERVICE_ACCOUNT}`);
    if (inNamespace.result === true) return { kind: 'namespace', namespace };
  }
  return { kind: 'scoped' };
}

export type AudienceScope = { kind: 'missing' } | { kind: 'any' } | { kind: 'scoped' } | { kind: 'undecided'; keys: string[] };

/** Whether a statement's `aud` conditions pin the token audience. */
export function audienceScope(entry: WebIdentityStatement): AudienceScope {
  const key = audienceKey(entry.issuerPath);
  const clauses = clausesOn(entry.statement, key);
  if (clauses.length === 0) return { kind: 'missing' };
  const outcome = evaluateConditions(clauses, { values: { [key]: 'eksguard-probe-audience' } });
  if (outcome.result === 'undecided') return { kind: 'undecided', keys: outcome.undecidedKeys };
  return outcome.result ? { kind: 'any' } : { kind: 'scoped' };
}

/** Condition values on a key, for messages: `"system:serviceaccount:*"`. */
export function conditionText(statement: NormalisedStatement, key: string): string {
  return clausesOn(statement, key)
    .map((clause) => `${clause.operator} ${clause.values.map((value) => JSON.stringify(value)).join(', ')}`)
    .join('; ');
}

/**
 * IRSA roles whose trust policy can be judged: roles named by a ServiceAccount annotation,
 * except those IAM says do not exist (irsa-trust-mismatch reports those).
 */
export function irsaRoleTargets(inventory: InventoryView): WorkloadRoleTarget[] {
  return existingRoles(inventory, workloadRoles(inventory))
    .filter((role) => role.uses.some((use) => use.via === 'irsa'))
    .map((role: WorkloadRole) => ({ resource: { kind: 'IAMRole', name: role.arn }, role: { ...role, uses: role.uses.filter((use) => use.via === 'irsa') } }));
}

/**
 * The trust policy of an IRSA role target, or undefined after saying why it cannot be judged:
 * an unknown role is not evaluated, a deleted one is irsa-trust-mismatch's to report.
 */
export function irsaTrustOf(
  target: WorkloadRoleTarget,
  inventory: InventoryView,
  notEvaluated: (reason: string, options?: { path?: EvidencePath }) => void,
): PolicyDocument | undefined {
  const found = lookupRole(inventory, target.role.arn);
  if (found.status === 'unknown') {
    notEvaluated(found.reason);
    return undefined;
  }
  if (found.status === 'missing') return undefined;
  const trust = found.record.Role.AssumeRolePolicyDocument;
  if (!trust) notEvaluated(`GetRole returned no AssumeRolePolicyDocument for ${target.role.arn}`, { path: ['Role', 'AssumeRolePolicyDocument'] });
  return trust;
}

/**
 * How STS would decide AssumeRoleWithWebIdentity for a pod's token: issued by the cluster's OIDC
 * provider (`issuer`, without scheme) registered in the role's account, subject
 * `system:serviceaccount:<namespace>:<name>`, the given audience.
 */
export function webIdentityDecision(trust: PolicyDocument, roleArn: string, issuer: string, namespace: string, serviceAccount: string, audience: string): Decision {
  const providerArn = `arn:${partitionOf(roleArn)}:iam::${accountOf(roleArn) ?? ''}:oidc-provider/${issuer}`;
  return evaluatePolicies([trust], {
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: roleArn,
    principal: { type: 'Federated', id: providerArn },
    context: { values: { [subjectKey(issuer)]: `system:serviceaccount:${namespace}:${serviceAccount}`, [audienceKey(issuer)]: audience } },
  });
}
