/**
 * Dangerous permissions, each as the RBAC requests that exercise it, shared by the per-subject
 * checks and by the "takeover" questions (workload blast radius, node blast radius, how
 * privileged an impersonable user is).
 */
import type { EffectivePermissions, Grant, Scope, SubjectBinding } from './effective-permissions.js';
import type { InventoryView } from '../../inventory/index.js';
import { awsAuthIgnored } from './eks-access-mode.js';
import { ANY_NAME, type RuleQuery } from './rbac-rule.js';

const RBAC = 'rbac.authorization.k8s.io';
export const KUBE_SYSTEM = 'kube-system';

/** Where a set of grants applies. */
export interface Reach {
  cluster: boolean;
  /** Namespaces reached through RoleBindings, sorted; empty when only cluster-wide. */
  namespaces: string[];
}

export function reachOf(grants: readonly Grant[]): Reach {
  const namespaces = new Set<string>();
  let cluster = false;
  for (const grant of grants) {
    if (grant.binding.scope === undefined) cluster = true;
    else namespaces.add(grant.binding.scope);
  }
  return { cluster, namespaces: [...namespaces].sort() };
}

/** Cluster-wide grants first, then by binding and rule, so the primary evidence is stable. */
export function sortGrants(grants: readonly Grant[]): Grant[] {
  if (grants.length < 2) return [...grants];
  const keyed = grants.map((grant) => ({
    grant,
    key: `${grant.binding.scope === undefined ? 0 : 1}\u0000${grant.binding.kind}\u0000${grant.binding.namespace ?? ''}\u0000${grant.binding.name}\u0000${String(grant.binding.subjectIndex).padStart(6, '0')}\u0000${grant.rule.holder.name}\u0000${String(grant.rule.index).padStart(6, '0')}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.grant);
}

/** Grants reaching the whole cluster or kube-system, where code runs with control-plane-level SAs. */
export function clusterOrKubeSystem(grants: readonly Grant[]): Grant[] {
  return grants.filter((grant) => grant.binding.scope === undefined || grant.binding.scope === KUBE_SYSTEM);
}

export function grantsFor(
  perms: EffectivePermissions,
  bindings: readonly SubjectBinding[],
  queries: readonly RuleQuery[],
  scope: Scope = 'any',
  clusterScoped?: boolean,
): Grant[] {
  // A plain loop: called for every subject and power, where flatMap's intermediate arrays add up.
  if (queries.length === 1) return perms.grants(bindings, queries[0]!, scope, clusterScoped);
  const found: Grant[] = [];
  for (const query of queries) for (const grant of perms.grants(bindings, query, scope, clusterScoped)) found.push(grant);
  return found;
}

const WRITE_VERBS = ['create', 'update', 'patch'];

const POD_CONTROLLERS: ReadonlyArray<[string, string[]]> = [
  ['', ['pods', 'replicationcontrollers']],
  ['apps', ['deployments', 'daemonsets', 'statefulsets', 'replicasets']],
  ['batch', ['jobs', 'cronjobs']],
];

/** A controller kind whose pod template may still change after it is created. */
export interface PodTemplateOwner {
  apiGroup: string;
  /** The RBAC resource, `deployments`. */
  resource: string;
  /** The object kind, `Deployment`. */
  kind: string;
}

/**
 * Controllers whose template update/patch may rewrite (image, serviceAccountName, volumes).
 * Jobs are missing on purpose: a Job's `spec.template` is immutable once it is created.
 */
export const POD_TEMPLATE_OWNERS: readonly PodTemplateOwner[] = [
  { apiGroup: '', resource: 'replicationcontrollers', kind: 'ReplicationController' },
  { apiGroup: 'apps', resource: 'deployments', kind: 'Deployment' },
  { apiGroup: 'apps', resource: 'daemonsets', kind: 'DaemonSet' },
  { apiGroup: 'apps', resource: 'statefulsets', kind: 'StatefulSet' },
  { apiGroup: 'apps', resource: 'replicasets', kind: 'ReplicaSet' },
  { apiGroup: 'batch', resource: 'cronjobs', kind: 'CronJob' },
];

/**
 * Creating pods or any controller of them: run any image as any service account of the
 * namespace. `create` carries no name, so a rule limited to names does not grant it (the
 * authorizer never applies resourceNames to create).
 */
export const POD_CREATE: readonly RuleQuery[] = POD_CONTROLLERS.map(([apiGroup, resources]) => ({ verbs: ['create'], apiGroup, resources }));

/**
 * Changing the pod template of an existing controller: its next pods run what the template
 * says, as whichever service account of the namespace it names. update/patch name their
 * object, so a rule limited to names still reaches those objects (patching aws-node alone is
 * enough).
 */
export const POD_TEMPLATE_WRITE: readonly RuleQuery[] = ['', 'apps', 'batch'].map((apiGroup) => ({
  verbs: ['update', 'patch'],
  apiGroup,
  resources: POD_TEMPLATE_OWNERS.filter((owner) => owner.apiGroup === apiGroup).map((owner) => owner.resource),
  resourceName: ANY_NAME,
}));

/**
 * Updating a pod changes the images of its containers (and a few other fields), never its
 * serviceAccountName: code runs as the service accounts of pods that already exist.
 */
export const POD_UPDATE: readonly RuleQuery[] = [{ verbs: ['update', 'patch'], apiGroup: '', resources: ['pods'], resourceName: ANY_NAME }];

/** Creating or changing pods or their controllers: POD_CREATE, POD_TEMPLATE_WRITE and POD_UPDATE. */
export const POD_WORKLOAD_WRITE: readonly RuleQuery[] = [...POD_CREATE, ...POD_TEMPLATE_WRITE, ...POD_UPDATE];

/** Reading Secret values; rules limited to named Secrets are least privilege done right. */
export const SECRETS_READ: readonly RuleQuery[] = [{ verbs: ['get', 'list', 'watch'], apiGroup: '', resources: ['secrets'] }];

/** `create` is exec/attach over SPDY; websocket clients were authorised with `get` until 1.31. */
export const EXEC_ATTACH: readonly RuleQuery[] = [
  { verbs: ['create', 'get'], apiGroup: '', resources: ['pods/exec', 'pods/attach'], resourceName: ANY_NAME },
];

export const EPHEMERAL_CONTAINERS: readonly RuleQuery[] = [
  { verbs: ['update', 'patch'], apiGroup: '', resources: ['pods/ephemeralcontainers'], resourceName: ANY_NAME },
];

/** TokenRequest names the service account, so a rule listing names still mints tokens for them. */
export const SA_TOKEN_CREATE: readonly RuleQuery[] = [
  { verbs: ['create'], apiGroup: '', resources: ['serviceaccounts/token'], resourceName: ANY_NAME },
];

/** The kubelet API behind nodes/proxy maps HTTP methods to every verb; `get` alone can exec. */
export const NODES_PROXY: readonly RuleQuery[] = [
  { verbs: ['get', 'create', 'update', 'patch', 'delete'], apiGroup: '', resources: ['nodes/proxy'], resourceName: ANY_NAME },
];

export const PV_CREATE: readonly RuleQuery[] = [{ verbs: ['create'], apiGroup: '', resources: ['persistentvolumes'] }];

export const WEBHOOK_CONFIG_WRITE: readonly RuleQuery[] = [
  {
    verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
    apiGroup: 'admissionregistration.k8s.io',
    resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
    resourceName: ANY_NAME,
  },
];

export const CSR_APPROVAL: readonly RuleQuery[] = [
  { verbs: ['update', 'patch'], apiGroup: 'certificates.k8s.io', resources: ['certificatesigningrequests/approval'], resourceName: ANY_NAME },
];
export const SIGNER_APPROVE: readonly RuleQuery[] = [
  { verbs: ['approve'], apiGroup: 'certificates.k8s.io', resources: ['signers'], resourceName: ANY_NAME },
];

export const IMPERSONATE_IDENTITIES: readonly RuleQuery[] = [
  { verbs: ['impersonate'], apiGroup: '', resources: ['users', 'groups'], resourceName: ANY_NAME },
  { verbs: ['impersonate'], apiGroup: 'authentication.k8s.io', resources: ['uids'], resourceName: ANY_NAME },
];
export const IMPERSONATE_SERVICE_ACCOUNTS: readonly RuleQuery[] = [
  { verbs: ['impersonate'], apiGroup: '', resources: ['serviceaccounts'], resourceName: ANY_NAME },
];

/** Writing ConfigMaps in kube-system reaches aws-auth (create needs no name, so no name limit). */
export const AWS_AUTH_WRITE: readonly RuleQuery[] = [
  { verbs: ['create', 'deletecollection'], apiGroup: '', resources: ['configmaps'] },
  { verbs: ['update', 'patch', 'delete'], apiGroup: '', resources: ['configmaps'], resourceName: 'aws-auth' },
];

export interface BindEscalate {
  /** `bind` on roles, where write on bindings reaches too: bind roles one does not hold. */
  bind: Grant[];
  /** `escalate` on roles, where write on roles reaches too: add permissions one does not hold. */
  escalate: Grant[];
  /** The writes that make them usable, as secondary evidence. */
  writes: Grant[];
  /** Where both the power and its write reach. */
  reach: Reach;
}

const ROLE_KINDS = ['roles', 'clusterroles'];
const BINDING_KINDS = ['rolebindings', 'clusterrolebindings'];
const BIND: RuleQuery = { verbs: ['bind'], apiGroup: RBAC, resources: ROLE_KINDS, resourceName: ANY_NAME };
const ESCALATE: RuleQuery = { verbs: ['escalate'], apiGroup: RBAC, resources: ROLE_KINDS, resourceName: ANY_NAME };
const BINDING_WRITE: RuleQuery = { verbs: WRITE_VERBS, apiGroup: RBAC, resources: BINDING_KINDS, resourceName: ANY_NAME };
const ROLE_WRITE: RuleQuery = { verbs: WRITE_VERBS, apiGroup: RBAC, resources: ROLE_KINDS, resourceName: ANY_NAME };

/** Where two grant sets both reach. */
export function intersectReach(a: Reach, b: Reach): Reach {
  const namespaces = new Set<string>();
  if (a.cluster) b.namespaces.forEach((namespace) => namespaces.add(namespace));
  if (b.cluster) a.namespaces.forEach((namespace) => namespaces.add(namespace));
  a.namespaces.filter((namespace) => b.namespaces.includes(namespace)).forEach((namespace) => namespaces.add(namespace));
  return { cluster: a.cluster && b.cluster, namespaces: [...namespaces].sort() };
}

function unionReach(a: Reach, b: Reach): Reach {
  return { cluster: a.cluster || b.cluster, namespaces: [...new Set([...a.namespaces, ...b.namespaces])].sort() };
}

const NOWHERE: Reach = { cluster: false, namespaces: [] };

/**
 * `bind`/`escalate` only matter together with the write they unlock; the API server checks them
 * in the namespace of the RoleBinding or Role written, so RoleBindings grant them there even for
 * ClusterRoles. The result reaches only where both the power and the write reach: `bind`
 * cluster-wide with RoleBinding writes in one namespace is a takeover of that namespace.
 */
export function bindEscalate(perms: EffectivePermissions, bindings: readonly SubjectBinding[]): BindEscalate {
  const find = (query: RuleQuery): Grant[] => perms.grants(bindings, query, 'any', false);
  const writes: Grant[] = [];
  let reach = NOWHERE;
  const pair = (power: Grant[], write: Grant[]): Grant[] => {
    const both = intersectReach(reachOf(power), reachOf(write));
    if (!both.cluster && both.namespaces.length === 0) return [];
    reach = unionReach(reach, both);
    writes.push(...write);
    return power.filter((grant) => grant.binding.scope === undefined || both.cluster || both.namespaces.includes(grant.binding.scope));
  };
  return {
    bind: pair(find(BIND), find(BINDING_WRITE)),
    escalate: pair(find(ESCALATE), find(ROLE_WRITE)),
    writes,
    reach,
  };
}

const EVERYTHING: RuleQuery = { verbs: ['*'], apiGroup: '*', resources: ['*'] };

export interface Capability {
  id: string;
  /** Short text for a finding: "read Secrets", "create pods". */
  label: string;
  /** Grants that give this capability over the whole cluster (or kube-system). */
  find(perms: EffectivePermissions, bindings: readonly SubjectBinding[]): Grant[];
  /** `find` already orders its evidence (the decisive grant first). */
  ordered?: boolean;
}

/**
 * What lets an identity take over the cluster: act as cluster-admin, read every credential, run
 * code as kube-system service accounts, mint their tokens, rewrite authorisation or admission,
 * or reach every kubelet.
 */
export const TAKEOVER_CAPABILITIES: readonly Capability[] = [
  {
    id: 'cluster-admin',
    label: 'do anything (cluster-admin)',
    find: (perms, bindings) =>
      perms
        .grants(bindings, EVERYTHING, 'cluster')
        .filter((grant) => grant.binding.scope === undefined && grant.rule.rule.isFullWildcard),
  },
  { id: 'secrets-read', label: 'read Secrets', find: (perms, bindings) => clusterOrKubeSystem(grantsFor(perms, bindings, SECRETS_READ)) },
  {
    id: 'pods-write',
    label: 'create or modify pods and workload controllers',
    find: (perms, bindings) => clusterOrKubeSystem(grantsFor(perms, bindings, POD_WORKLOAD_WRITE)),
  },
  {
    id: 'pods-exec',
    label: 'exec, attach or inject ephemeral containers into pods',
    find: (perms, bindings) => clusterOrKubeSystem(grantsFor(perms, bindings, [...EXEC_ATTACH, ...EPHEMERAL_CONTAINERS])),
  },
  {
    id: 'sa-token',
    label: 'mint service account tokens',
    find: (perms, bindings) => clusterOrKubeSystem(grantsFor(perms, bindings, SA_TOKEN_CREATE)),
  },
  {
    id: 'bind-escalate',
    label: 'bind or escalate roles',
    find: (perms, bindings) => {
      const found = bindEscalate(perms, bindings);
      if (!found.reach.cluster && !found.reach.namespaces.includes(KUBE_SYSTEM)) return [];
      const powers = sortGrants([...found.bind, ...found.escalate]);
      return [...powers, ...sortGrants(found.writes.filter((grant) => !powers.includes(grant)))];
    },
    ordered: true,
  },
  {
    id: 'impersonate',
    label: 'impersonate users, groups or service accounts',
    find: (perms, bindings) =>
      clusterOrKubeSystem([
        ...grantsFor(perms, bindings, IMPERSONATE_IDENTITIES),
        ...grantsFor(perms, bindings, IMPERSONATE_SERVICE_ACCOUNTS),
      ]),
  },
  { id: 'nodes-proxy', label: 'reach the kubelet API (nodes/proxy)', find: (perms, bindings) => grantsFor(perms, bindings, NODES_PROXY) },
  {
    id: 'csr-approve',
    label: 'approve and sign certificate requests',
    find: (perms, bindings) => {
      const approval = grantsFor(perms, bindings, CSR_APPROVAL);
      const signers = grantsFor(perms, bindings, SIGNER_APPROVE);
      return approval.length > 0 && signers.length > 0 ? [...approval, ...signers] : [];
    },
  },
  {
    id: 'webhook-config',
    label: 'rewrite admission webhooks',
    find: (perms, bindings) => grantsFor(perms, bindings, WEBHOOK_CONFIG_WRITE),
  },
  {
    id: 'aws-auth-write',
    label: 'modify the aws-auth ConfigMap',
    find: (perms, bindings) => grantsFor(perms, bindings, AWS_AUTH_WRITE, { namespace: KUBE_SYSTEM }),
  },
];

/** The takeover capabilities that apply to this cluster: aws-auth only while EKS reads it. */
export function takeoverCapabilitiesOf(inventory: InventoryView): readonly Capability[] {
  return awsAuthIgnored(inventory) ? TAKEOVER_CAPABILITIES.filter((capability) => capability.id !== 'aws-auth-write') : TAKEOVER_CAPABILITIES;
}

export interface CapabilityHit {
  capability: Capability;
  grants: Grant[];
}

export function takeoverCapabilities(
  perms: EffectivePermissions,
  bindings: readonly SubjectBinding[],
  capabilities: readonly Capability[] = TAKEOVER_CAPABILITIES,
): CapabilityHit[] {
  const hits: CapabilityHit[] = [];
  for (const capability of capabilities) {
    const grants = capability.find(perms, bindings);
    if (grants.length > 0) hits.push({ capability, grants: capability.ordered ? grants : sortGrants(grants) });
  }
  return hits;
}

const privilegedMemo = new WeakMap<object, boolean>();

/**
 * Whether binding this role cluster-wide would hand out a takeover capability (used to judge
 * `bind` and `impersonate` limited to named roles or identities).
 */
export function isPrivilegedRole(perms: EffectivePermissions, role: SubjectBinding['role']): boolean {
  const known = privilegedMemo.get(role);
  if (known !== undefined) return known;
  const probe: SubjectBinding = {
    subject: { kind: 'User', name: '' },
    object: {},
    kind: 'ClusterRoleBinding',
    name: '',
    subjectIndex: 0,
    role,
    scope: undefined,
  };
  const privileged = takeoverCapabilities(perms, [probe]).length > 0;
  privilegedMemo.set(role, privileged);
  return privileged;
}

/**
 * Whether a `bind` grant can hand out a takeover capability: it names no role (any role), or
 * names a role that is privileged or that cannot be resolved (assumed privileged). `bind`
 * limited to harmless roles is delegation done right.
 */
export function bindsPrivileged(perms: EffectivePermissions, grant: Grant): boolean {
  const names = grant.rule.rule.resourceNames;
  if (names.size === 0) return true;
  const namespace = grant.binding.scope;
  return [...names].some((name) => {
    const candidates = [perms.clusterRole(name), namespace ? perms.role(namespace, name) : undefined].filter(
      (role) => role !== undefined,
    );
    return candidates.length === 0 || candidates.some((role) => isPrivilegedRole(perms, role));
  });
}
