/**
 * Roles a pod of this cluster can assume without the role being handed to it: STS asks only the
 * role's trust policy whether a web identity token of the cluster's OIDC issuer may come in. A
 * trust with no `:sub` condition, or a wildcard one (`system:serviceaccount:*:*`), admits tokens
 * of service accounts nobody annotated for the role.
 *
 * - service account → role, where the trust admits every account of its namespace: a pod created
 *   as the account with a projected serviceAccountToken volume for audience sts.amazonaws.com
 *   carries a token the trust admits. Whoever can create pods as the account (can-create-pods)
 *   or mint its tokens (can-escalate) gets the role.
 * - workload → role: its pods already carry such a token (the IRSA webhook's, for the role
 *   their account is annotated with, or a projected volume of their own), so a compromised
 *   container exchanges it for this role too.
 *
 * Bounded: each role whose trust names this cluster's issuer is judged for the service accounts
 * of the namespaces where it admits any account (once per namespace, then per account), and for
 * the workloads that carry a web identity token when its `:sub` values could match them. Roles
 * admitting any account of any namespace are marked `assumableByAnyServiceAccount`.
 */
import type { IamRoleRecord, PolicyDocument, StepEvidence } from '../../../model/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { isRecord, type InventoryView, type Workload } from '../../../inventory/index.js';
import { clusterFacts } from '../../../analysis/identity/eks-cluster-data.js';
import { clausesOn } from '../../../analysis/identity/iam-policy.js';
import { globMatches } from '../../../analysis/identity/iam-match.js';
import { roleArnOf } from '../../../analysis/identity/iam-roles.js';
import { PROBE_NAMESPACE, PROBE_SERVICE_ACCOUNT, subjectKey, webIdentityDecision, webIdentityStatements } from '../../../analysis/identity/irsa-trust.js';
import { AUDIENCE_ANNOTATION, DEFAULT_IRSA_AUDIENCE, ROLE_ARN_ANNOTATION } from '../../../analysis/identity/workload-roles.js';
import { EffectivePermissions, serviceAccountOf } from '../../../analysis/rbac/effective-permissions.js';
import { serviceAccountNode, workloadId, workloadNode } from '../../nodes.js';
import type { GraphNode, SecurityGraph } from '../../security-graph.js';
import { workloadRef } from '../workloads.js';
import { addRoleNode, roleNodeId, workloadRoleRefs } from './role-nodes.js';
import { addRolePermissionEdges } from './role-permissions.js';
import { admitted, trustEvidence } from './trust-judgement.js';
import { irsaSkipsEveryContainer } from './workload-credentials.js';

interface TrustingRole {
  arn: string;
  trust: PolicyDocument;
  /** The trust admits a service account no policy names, in a namespace no policy names. */
  anyServiceAccount: boolean;
  /** `:sub` condition values of the statements for this issuer; undefined when any account passes. */
  subjects: string[] | undefined;
}

const WILDCARD = /[*?]/;

/** Roles of the inventory whose trust has a web identity statement for the cluster's issuer. */
function trustingRoles(inventory: InventoryView, issuer: string): TrustingRole[] {
  return inventory.cached('graph:web-identity-trusting-roles', () => {
    const out: TrustingRole[] = [];
    const records: readonly IamRoleRecord[] = inventory.aws?.iam?.roles ?? [];
    for (const record of records) {
      // AWS data keeps the API's shapes, but a record of the wrong shape must not stop the scan.
      if (!isRecord(record) || !isRecord(record.Role)) continue;
      const arn = roleArnOf(record);
      const trust = record.Role.AssumeRolePolicyDocument;
      if (typeof arn !== 'string' || arn === '' || !isRecord(trust)) continue;
      const statements = webIdentityStatements(trust).filter((entry) => entry.issuerPath.toLowerCase() === issuer.toLowerCase());
      if (statements.length === 0) continue;
      const clauses = statements.map((entry) => clausesOn(entry.statement, subjectKey(entry.issuerPath)));
      // A statement without a `:sub` condition lets every account through; so may a negated one.
      const unpinned = clauses.some((list) => list.length === 0 || list.some((clause) => /Not/.test(clause.operator)));
      const subjects = unpinned ? undefined : clauses.flat().flatMap((clause) => clause.values);
      // Only a wildcard or a missing condition can admit an account no policy names.
      const anyServiceAccount =
        (subjects === undefined || subjects.some((value) => WILDCARD.test(value))) &&
        admitted(webIdentityDecision(trust, arn, issuer, PROBE_NAMESPACE, PROBE_SERVICE_ACCOUNT, DEFAULT_IRSA_AUDIENCE));
      out.push({ arn, trust, anyServiceAccount, subjects: anyServiceAccount ? undefined : subjects });
    }
    return out;
  });
}

function subjectOf(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** Whether a `:sub` value could match the subject (a cheap filter; STS's answer is asked after). */
function mayMatch(role: TrustingRole, subject: string): boolean {
  return role.subjects === undefined || role.subjects.some((value) => globMatches(value, subject, true));
}

/** The roles whose `:sub` values could match a subject: pinned ones by exact value, the rest by glob. */
function candidateIndex(roles: readonly TrustingRole[]): (subject: string) => TrustingRole[] {
  const loose: TrustingRole[] = [];
  const exact = new Map<string, TrustingRole[]>();
  for (const role of roles) {
    if (role.subjects === undefined || role.subjects.some((value) => WILDCARD.test(value))) {
      loose.push(role);
      continue;
    }
    for (const value of new Set(role.subjects.map((item) => item.toLowerCase()))) {
      const list = exact.get(value);
      if (list) list.push(role);
      else exact.set(value, [role]);
    }
  }
  return (subject) => [...loose.filter((role) => mayMatch(role, subject)), ...(exact.get(subject.toLowerCase()) ?? [])];
}

function hasEdge(graph: SecurityGraph, from: string, to: string): boolean {
  return graph.node(from) !== undefined && graph.out(from).some((edge) => edge.kind === 'can-assume' && edge.to === to);
}

function roleNode(graph: SecurityGraph, inventory: InventoryView, role: TrustingRole): GraphNode {
  return addRoleNode(graph, inventory, role.arn, role.anyServiceAccount ? { assumableByAnyServiceAccount: true } : {});
}

function breadth(role: TrustingRole): string {
  return role.anyServiceAccount ? ' (it admits any service account of the cluster)' : '';
}

/**
 * Service account → role, where the trust admits every account of the namespace (or of the
 * cluster) and the account was not handed the role. A trust pinned to named accounts is what
 * its owner meant: those accounts' annotations, not their namespaces, decide.
 */
function addAccountEdges(graph: SecurityGraph, inventory: InventoryView, issuer: string, role: TrustingRole, linked: Set<string>): void {
  const perms = EffectivePermissions.of(inventory);
  const open = new Map<string, boolean>();
  const openIn = (namespace: string): boolean => {
    let known = open.get(namespace);
    if (known === undefined) {
      known =
        role.anyServiceAccount ||
        (mayMatch(role, subjectOf(namespace, PROBE_SERVICE_ACCOUNT)) &&
          admitted(webIdentityDecision(role.trust, role.arn, issuer, namespace, PROBE_SERVICE_ACCOUNT, DEFAULT_IRSA_AUDIENCE)));
      open.set(namespace, known);
    }
    return known;
  };
  for (const subject of perms.subjects()) {
    if (subject.kind !== 'ServiceAccount') continue;
    const namespace = subject.namespace ?? 'default';
    if (!openIn(namespace)) continue;
    const decision = webIdentityDecision(role.trust, role.arn, issuer, namespace, subject.name, DEFAULT_IRSA_AUDIENCE);
    if (!admitted(decision)) continue;
    const from = graph.addNode(serviceAccountNode(namespace, subject.name, perms.serviceAccountObject(subject)));
    const to = roleNode(graph, inventory, role);
    if (hasEdge(graph, from.id, to.id)) continue;
    const who = `a web identity token of ${subjectOf(namespace, subject.name)} (audience ${DEFAULT_IRSA_AUDIENCE})${breadth(role)}`;
    const evidence = trustEvidence(role.arn, decision, who);
    evidence.detail += `: a pod created as ServiceAccount ${namespace}/${subject.name} with a projected serviceAccountToken volume for that audience can assume it, no annotation needed`;
    graph.addEdge({ from: from.id, to: to.id, kind: 'can-assume', evidence: [evidence], enabledBy: workloadRoleRefs(inventory, role.arn) });
    linked.add(role.arn);
  }
}

interface CarriedToken {
  audience: string;
  evidence: StepEvidence;
}

/** The web identity tokens a workload's pods carry: the IRSA webhook's, and projected ones with an audience. */
function carriedTokens(inventory: InventoryView, workload: Workload): CarriedToken[] {
  const tokens: CarriedToken[] = [];
  const account = serviceAccountOf(workload).name;
  const object = inventory.get('ServiceAccount', workload.namespace, account);
  const annotations = object?.metadata?.annotations;
  const annotated: unknown = annotations?.[ROLE_ARN_ANNOTATION];
  if (typeof annotated === 'string' && annotated.trim() !== '' && !irsaSkipsEveryContainer(workload)) {
    const custom: unknown = annotations?.[AUDIENCE_ANNOTATION];
    const audience = typeof custom === 'string' && custom !== '' ? custom : DEFAULT_IRSA_AUDIENCE;
    tokens.push({
      audience,
      evidence: {
        resource: { kind: 'ServiceAccount', namespace: workload.namespace, name: account },
        path: formatPath(['metadata', 'annotations', ROLE_ARN_ANNOTATION]),
        detail: `the IRSA webhook mounts a web identity token of ${subjectOf(workload.namespace, account)} (audience ${audience}) in the pods of ${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`,
      },
    });
  }
  const volumes: unknown = workload.podSpec.volumes;
  for (const [index, volume] of (Array.isArray(volumes) ? volumes : []).entries()) {
    const sources: unknown = isRecord(volume) && isRecord(volume.projected) ? volume.projected.sources : undefined;
    for (const [at, source] of (Array.isArray(sources) ? sources : []).entries()) {
      const token: unknown = isRecord(source) ? source.serviceAccountToken : undefined;
      const audience: unknown = isRecord(token) ? token.audience : undefined;
      // Without an audience the token is for the API server, which STS does not accept.
      if (typeof audience !== 'string' || audience === '') continue;
      tokens.push({
        audience,
        evidence: {
          resource: workloadRef(workload),
          path: formatPath([...workload.podSpecPath, 'volumes', index, 'projected', 'sources', at, 'serviceAccountToken', 'audience']),
          detail: `a projected serviceAccountToken volume mounts a token of ${subjectOf(workload.namespace, account)} for audience ${audience}`,
        },
      });
    }
  }
  return tokens;
}

/** Workload → role, for roles whose trust admits a token the pods already carry. */
function addWorkloadEdges(graph: SecurityGraph, inventory: InventoryView, issuer: string, roles: readonly TrustingRole[], linked: Set<string>): void {
  const candidates = candidateIndex(roles);
  for (const workload of inventory.workloads()) {
    const tokens = carriedTokens(inventory, workload);
    if (tokens.length === 0) continue;
    const account = serviceAccountOf(workload).name;
    const subject = subjectOf(workload.namespace, account);
    for (const role of candidates(subject)) {
      // The role handed to the account (workload-credentials.ts) is linked already.
      if (hasEdge(graph, workloadId(workload), roleNodeId(inventory, role.arn))) continue;
      for (const token of tokens) {
        const decision = webIdentityDecision(role.trust, role.arn, issuer, workload.namespace, account, token.audience);
        if (!admitted(decision)) continue;
        const from = graph.addNode(workloadNode(workload));
        const to = roleNode(graph, inventory, role);
        const evidence = trustEvidence(role.arn, decision, `a web identity token of ${subject} (audience ${token.audience})${breadth(role)}`);
        graph.addEdge({ from: from.id, to: to.id, kind: 'can-assume', evidence: [token.evidence, evidence], enabledBy: workloadRoleRefs(inventory, role.arn) });
        linked.add(role.arn);
        break;
      }
    }
  }
}

/** Run after the IRSA and Pod Identity edges: a role already handed over keeps that evidence. */
export function addOpenTrustEdges(graph: SecurityGraph, inventory: InventoryView): void {
  const issuer = clusterFacts(inventory).issuer;
  if (!issuer) return;
  const roles = trustingRoles(inventory, issuer);
  if (roles.length === 0) return;
  const linked = new Set<string>();
  addWorkloadEdges(graph, inventory, issuer, roles, linked);
  // A trust pinned to named accounts opens no namespace.
  for (const role of roles) if (role.subjects === undefined || role.subjects.some((value) => WILDCARD.test(value))) addAccountEdges(graph, inventory, issuer, role, linked);
  for (const role of roles) {
    if (role.anyServiceAccount) roleNode(graph, inventory, role);
    if (linked.has(role.arn)) addRolePermissionEdges(graph, inventory, role.arn);
  }
}
