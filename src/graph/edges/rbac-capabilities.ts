/**
 * The dangerous permissions a subject holds through its own bindings, as edges to what they
 * reach: `can-exec` to workloads, `can-create-pods` and `can-impersonate` to service accounts
 * (or users and groups), `can-read-secrets` to Secrets (and to the service account a legacy
 * token Secret belongs to), `can-escalate` to what binding, escalating, token minting, admission
 * webhooks, CSR approval and aws-auth give. Every question is a rule query of
 * analysis/rbac/capabilities.ts, answered by the effective permissions the RBAC checks use.
 *
 * Bounded size: a power held in EVERY namespace becomes one edge to ClusterAdmin, not one edge
 * per workload, Secret or service account of the cluster. That is no approximation: in every
 * namespace includes kube-system, whose pods and accounts run the cluster (the takeover notion of
 * TAKEOVER_CAPABILITIES). Powers held in some namespaces (kube-system included) get edges to the
 * objects of those namespaces, so a path shows which account or Secret it goes through.
 */
import type { K8sObject } from '../../model/index.js';
import { type InventoryView } from '../../inventory/index.js';
import { type EffectivePermissions, type Grant, type SubjectBinding } from '../../analysis/rbac/effective-permissions.js';
import { AWS_AUTH_WRITE, bindEscalate, bindsPrivileged, CSR_APPROVAL, EPHEMERAL_CONTAINERS, EXEC_ATTACH, grantsFor, IMPERSONATE_IDENTITIES, IMPERSONATE_SERVICE_ACCOUNTS, KUBE_SYSTEM, NODES_PROXY, SA_TOKEN_CREATE, SECRETS_READ, SIGNER_APPROVE, sortGrants, WEBHOOK_CONFIG_WRITE } from '../../analysis/rbac/capabilities.js';
import { awsAuthConfigMap, awsAuthIgnored } from '../../analysis/identity/aws-auth.js';
import { normaliseSubject, subjectResource } from '../../analysis/rbac/subjects.js';
import type { EdgeKind } from '../edge-kinds.js';
import { CLUSTER_ADMIN_ID, groupNode, secretNode, workloadNode } from '../nodes.js';
import type { SecurityGraph } from '../security-graph.js';
import { addSubjectNode, grantEvidence } from './rbac-common.js';
import { type Targets, type TokenSecret, type Holder, indexTargets, proof, link, byScope, reachedNamespaces, unrestricted, accountNode, targetNode, targetAccount, podNamesMatch } from './rbac-holder.js';
import { addCreatePods } from './rbac-pod-powers.js';

const AWS_AUTH = 'aws-auth';
const TOKEN_SECRET = 'kubernetes.io/service-account-token';
const TOKEN_OWNER = 'kubernetes.io/service-account.name';
/** Certificates from these signers authenticate to the API server as any user and group. */
const ADMIN_SIGNERS = new Set(['kubernetes.io/kube-apiserver-client', 'kubernetes.io/*']);

export function addRbacCapabilityEdges(graph: SecurityGraph, inventory: InventoryView, perms: EffectivePermissions): void {
  const targets = indexTargets(inventory, perms);
  const awsAuth = awsAuthIgnored(inventory) ? 'ignored' : awsAuthConfigMap(inventory) ? 'present' : 'missing';
  for (const subject of perms.subjects()) {
    const bindings = perms.bindingsOf(subject);
    if (bindings.length === 0) continue;
    // Bound to every verb on everything cluster-wide: the is-admin path already says it all.
    if (bindings.some((binding) => binding.scope === undefined && binding.role.rules.some((sourced) => sourced.rule.isFullWildcard))) continue;
    const holder: Holder = { graph, perms, from: addSubjectNode(graph, perms, subject), enabledBy: [subjectResource(subject)], targets, awsAuth };
    addExec(holder, bindings);
    addCreatePods(holder, bindings);
    addReadSecrets(holder, bindings);
    addImpersonate(holder, bindings);
    addEscalate(holder, bindings);
  }
}

/**
 * exec/attach/ephemeral containers. A rule limited to pod names reaches the workloads whose
 * pods can bear one of them: the bare Pod of that name, or pods named after their controller.
 */
function addExec(holder: Holder, bindings: readonly SubjectBinding[]): void {
  const { perms, targets } = holder;
  const proxy = grantsFor(perms, bindings, NODES_PROXY).filter(unrestricted);
  // The kubelet API of every node runs commands in every pod of the cluster.
  link(holder, 'can-exec', CLUSTER_ADMIN_ID, proof(proxy, 'run commands in any pod of any node through the kubelet API (nodes/proxy)'));
  const { cluster, namespaces } = byScope(grantsFor(perms, bindings, EXEC_QUERIES));
  const everywhere = cluster.filter(unrestricted);
  if (everywhere.length > 0) {
    // kube-system's privileged DaemonSets (aws-node, kube-proxy) give root on every node, and
    // with it every service account token mounted there.
    link(holder, 'can-exec', CLUSTER_ADMIN_ID, proof(everywhere, 'exec into, attach to or add containers to pods in every namespace, kube-system included'));
    return;
  }
  for (const namespace of reachedNamespaces(cluster, namespaces, targets.workloads)) {
    const workloads = targets.workloads.get(namespace) ?? [];
    // Cluster-wide grants left here are limited to pod names, in any namespace.
    const scoped = [...cluster, ...(namespaces.get(namespace) ?? [])];
    const what = `exec into, attach to or add containers to pods in namespace ${namespace}`;
    const all = scoped.every(unrestricted) ? proof(scoped, what) : undefined;
    for (const workload of workloads) {
      const evidence = all ?? proof(scoped.filter((grant) => podNamesMatch(grant, workload)), what);
      if (evidence.length > 0) link(holder, 'can-exec', targetNode(holder, workload, () => workloadNode(workload)), evidence);
    }
  }
}

const EXEC_QUERIES = [...EXEC_ATTACH, ...EPHEMERAL_CONTAINERS];

/** Reading Secrets; a legacy token Secret is also the service account it authenticates as. */
function addReadSecrets(holder: Holder, bindings: readonly SubjectBinding[]): void {
  const { cluster, namespaces } = byScope(grantsFor(holder.perms, bindings, SECRETS_READ));
  if (cluster.length > 0) {
    link(holder, 'can-read-secrets', CLUSTER_ADMIN_ID, proof(cluster, 'read Secrets in every namespace, kube-system included (tokens, bootstrap tokens, every credential stored)'));
    return;
  }
  for (const [namespace, grants] of namespaces) {
    const evidence = proof(grants, `read Secrets in namespace ${namespace}`);
    for (const secret of holder.targets.secrets.get(namespace) ?? []) {
      link(holder, 'can-read-secrets', targetNode(holder, secret, () => secretNode(namespace, secret.metadata?.name ?? '', secret)), evidence);
      const token = tokenSecret(holder.targets, secret, namespace);
      if (token === undefined) continue;
      link(holder, 'can-read-secrets', targetAccount(holder, token.account), [...evidence, token.evidence]);
    }
  }
}

/** The account a legacy token Secret authenticates as, with the evidence; computed once per Secret. */
function tokenSecret(targets: Targets, secret: K8sObject, namespace: string): TokenSecret | undefined {
  let token = targets.tokens.get(secret);
  if (token === undefined) {
    const owner = tokenOwner(secret);
    const name = secret.metadata?.name ?? '';
    token =
      owner === undefined
        ? null
        : {
            account: { kind: 'ServiceAccount', namespace, name: owner },
            evidence: {
              resource: { kind: 'Secret', namespace, name },
              path: 'type',
              detail: `Secret ${namespace}/${name} holds a long-lived token of ServiceAccount ${namespace}/${owner}`,
            },
          };
    targets.tokens.set(secret, token);
  }
  return token ?? undefined;
}

function tokenOwner(secret: K8sObject): string | undefined {
  if (secret.type !== TOKEN_SECRET) return undefined;
  const owner = secret.metadata?.annotations?.[TOKEN_OWNER];
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}

/** Impersonating anyone includes system:masters; named users and groups are edges to them. */
function addImpersonate(holder: Holder, bindings: readonly SubjectBinding[]): void {
  const { graph, perms } = holder;
  const identities = grantsFor(perms, bindings, IMPERSONATE_IDENTITIES);
  const anyone = identities.filter(
    (grant) => unrestricted(grant) && (grant.rule.rule.allowsResource('users') || grant.rule.rule.allowsResource('groups')),
  );
  link(holder, 'can-impersonate', CLUSTER_ADMIN_ID, proof(anyone, 'impersonate any user or group, system:masters included'));
  for (const grant of identities) {
    if (unrestricted(grant)) continue;
    const rule = grant.rule.rule;
    for (const name of rule.resourceNames) {
      if (rule.allowsResource('users')) {
        const user = normaliseSubject({ kind: 'User', name }, undefined);
        if (user) link(holder, 'can-impersonate', accountNode(holder, user), proof([grant], `impersonate user "${name}"`));
      }
      if (rule.allowsResource('groups')) {
        link(holder, 'can-impersonate', graph.addNode(groupNode(name)).id, proof([grant], `impersonate group "${name}"`));
      }
    }
  }
  serviceAccountPower(holder, grantsFor(perms, bindings, IMPERSONATE_SERVICE_ACCOUNTS), 'can-impersonate', 'impersonate');
}

/**
 * Acting as service accounts (impersonation, TokenRequest): any of them cluster-wide includes
 * kube-system's controllers; otherwise an edge to each account reached, by namespace and name.
 */
function serviceAccountPower(holder: Holder, grants: readonly Grant[], kind: EdgeKind, verb: string): void {
  const { cluster, namespaces } = byScope(grants);
  const everywhere = cluster.filter(unrestricted);
  if (everywhere.length > 0) {
    link(holder, kind, CLUSTER_ADMIN_ID, proof(everywhere, `${verb} any service account of any namespace, kube-system's controllers included`));
    return;
  }
  for (const namespace of reachedNamespaces(cluster, namespaces, holder.targets.serviceAccounts)) {
    const accounts = holder.targets.serviceAccounts.get(namespace) ?? [];
    const scoped = [...cluster, ...(namespaces.get(namespace) ?? [])];
    const what = `${verb} service accounts of namespace ${namespace}`;
    const all = scoped.every(unrestricted) ? proof(scoped, what) : undefined;
    for (const account of accounts) {
      const evidence = all ?? proof(scoped.filter((grant) => unrestricted(grant) || grant.rule.rule.resourceNames.has(account.name)), what);
      link(holder, kind, targetAccount(holder, account), evidence);
    }
  }
}

/** Powers that let a subject give itself any permission, or become system:masters. */
function addEscalate(holder: Holder, bindings: readonly SubjectBinding[]): void {
  const { perms } = holder;
  addBindEscalate(holder, bindings);
  serviceAccountPower(holder, grantsFor(perms, bindings, SA_TOKEN_CREATE), 'can-escalate', 'mint tokens for');
  // Validating webhooks only see requests; a mutating one rewrites every pod created.
  const webhooks = grantsFor(perms, bindings, WEBHOOK_CONFIG_WRITE).filter((grant) => grant.rule.rule.allowsResource('mutatingwebhookconfigurations'));
  link(holder, 'can-escalate', CLUSTER_ADMIN_ID, proof(webhooks, 'rewrite mutating admission webhooks, and so every pod created, kube-system’s included'));
  const approval = grantsFor(perms, bindings, CSR_APPROVAL);
  const signers = grantsFor(perms, bindings, SIGNER_APPROVE).filter(
    (grant) => unrestricted(grant) || [...grant.rule.rule.resourceNames].some((name) => ADMIN_SIGNERS.has(name)),
  );
  if (approval.length > 0 && signers.length > 0) {
    link(holder, 'can-escalate', CLUSTER_ADMIN_ID, proof([...signers, ...approval], 'approve client certificates for any user and group, system:masters included'));
  }
  if (holder.awsAuth !== 'ignored') {
    link(holder, 'can-escalate', CLUSTER_ADMIN_ID, proof(awsAuthRewrite(holder, bindings), 'write the aws-auth ConfigMap, and so map an IAM principal to system:masters'));
  }
}

/**
 * The grants (of AWS_AUTH_WRITE, as aws-auth-writable reads them) that really rewrite aws-auth:
 * update or patch it; `create`, which names no object, only once it is gone: when it does not
 * exist, or when the subject may also delete it. Leader-election roles that create ConfigMaps
 * in kube-system do not take over a cluster whose aws-auth exists.
 */
function awsAuthRewrite(holder: Holder, bindings: readonly SubjectBinding[]): Grant[] {
  const grants = grantsFor(holder.perms, bindings, AWS_AUTH_WRITE, { namespace: KUBE_SYSTEM });
  const allows = (grant: Grant, verb: string): boolean => grant.rule.rule.allowsVerb(verb) && grant.rule.rule.allowsName(AWS_AUTH);
  const rewrite = grants.filter((grant) => allows(grant, 'update') || allows(grant, 'patch'));
  if (rewrite.length > 0) return rewrite;
  const create = grants.filter((grant) => unrestricted(grant) && grant.rule.rule.allowsVerb('create'));
  const remove = grants.filter((grant) => allows(grant, 'delete') || (unrestricted(grant) && grant.rule.rule.allowsVerb('deletecollection')));
  return create.length > 0 && (holder.awsAuth === 'missing' || remove.length > 0) ? [...create, ...remove] : [];
}

/**
 * bind/escalate with the writes they unlock (bindEscalate, as rbac-bind-escalate reads it;
 * `bind` limited to harmless roles does not count). Cluster-wide: any role, cluster-admin
 * included. In a namespace: its admin role, and so every service account of it.
 */
function addBindEscalate(holder: Holder, bindings: readonly SubjectBinding[]): void {
  const found = bindEscalate(holder.perms, bindings);
  const powers = [...found.bind.filter((grant) => bindsPrivileged(holder.perms, grant)), ...found.escalate];
  if (powers.length === 0) return;
  const grants = [...sortGrants(powers), ...found.writes.filter((grant) => !powers.includes(grant))];
  if (found.reach.cluster) {
    link(holder, 'can-escalate', CLUSTER_ADMIN_ID, grantEvidence(grants, 'bind or escalate roles cluster-wide: give itself cluster-admin'));
    return;
  }
  for (const namespace of found.reach.namespaces) {
    const evidence = grantEvidence(grants, `bind or escalate roles in namespace ${namespace}: give itself any permission there, acting as any of its service accounts included`);
    for (const account of holder.targets.serviceAccounts.get(namespace) ?? []) link(holder, 'can-escalate', targetAccount(holder, account), evidence);
  }
}
