/**
 * Workload IAM roles: the roles pods receive credentials for, through IRSA (a ServiceAccount
 * annotated `eks.amazonaws.com/role-arn`) or EKS Pod Identity (an association of a namespace and
 * service account with a role). Findings about a role name the service accounts it serves and
 * the workloads that run as them.
 */
import type { AwsSnapshotData, K8sObject, PolicyDocument, Target } from '../../model/index.js';
import { awsMissingReason, type InventoryView, type Workload } from '../../inventory/index.js';
import { serviceAccountOf } from '../rbac/effective-permissions.js';
import { listText } from '../rbac/grant-text.js';
import { iamPrincipalKind, principalName, roleKey } from './iam-arn.js';
import { eksClusterTarget, type MissingDataTarget } from './eks-cluster-data.js';
import { lookupRole } from './iam-roles.js';

export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
export const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
export const DEFAULT_IRSA_AUDIENCE = 'sts.amazonaws.com';

export type PodIdentityAssociation = NonNullable<NonNullable<AwsSnapshotData['eks']>['podIdentityAssociations']>[number];

export interface WorkloadRoleUse {
  /**
   * `irsa`; `pod-identity` (the association's role); `pod-identity-target` (the role of
   * `targetRoleArn`, which EKS assumes with the association's role and hands to the pods).
   */
  via: 'irsa' | 'pod-identity' | 'pod-identity-target';
  namespace: string;
  serviceAccount: string;
  /** The annotated ServiceAccount (IRSA). */
  serviceAccountObject?: K8sObject;
  association?: PodIdentityAssociation;
  /** The association's session policy, which narrows what the pods may do with the role. */
  sessionPolicy?: PolicyDocument;
}

export interface WorkloadRole {
  arn: string;
  uses: WorkloadRoleUse[];
}

export interface IrsaServiceAccount {
  object: K8sObject;
  namespace: string;
  name: string;
  roleArn: string;
}

/** Service accounts annotated for IRSA, with the annotation's value as written. */
export function irsaServiceAccounts(inventory: InventoryView): IrsaServiceAccount[] {
  return inventory.cached('identity:irsa-service-accounts', () => {
    const out: IrsaServiceAccount[] = [];
    for (const object of inventory.ofKind('ServiceAccount')) {
      const value = object.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
      if (typeof value !== 'string' || value.trim() === '') continue;
      out.push({ object, namespace: object.metadata?.namespace ?? 'default', name: object.metadata?.name ?? '', roleArn: value.trim() });
    }
    return out;
  });
}

/** Pod Identity associations, or why they are not there. */
export function podIdentityAssociations(inventory: InventoryView): { associations: PodIdentityAssociation[] } | { missing: string } {
  const associations = inventory.aws?.eks?.podIdentityAssociations;
  if (associations) return { associations };
  return { missing: awsMissingReason(inventory, { service: 'eks', operation: 'ListPodIdentityAssociations' }) };
}

function parseSessionPolicy(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function addUse(roles: Map<string, WorkloadRole>, arn: string, use: WorkloadRoleUse): void {
  const key = roleKey(arn) ?? arn;
  let role = roles.get(key);
  if (!role) roles.set(key, (role = { arn, uses: [] }));
  role.uses.push(use);
}

function collect(inventory: InventoryView, pick: 'permissions' | 'trust'): WorkloadRole[] {
  const roles = new Map<string, WorkloadRole>();
  for (const account of irsaServiceAccounts(inventory)) {
    if (iamPrincipalKind(account.roleArn) !== 'role') continue;
    addUse(roles, account.roleArn, { via: 'irsa', namespace: account.namespace, serviceAccount: account.name, serviceAccountObject: account.object });
  }
  const data = podIdentityAssociations(inventory);
  for (const association of 'associations' in data ? data.associations : []) {
    const { namespace, serviceAccount, roleArn } = association;
    // AWS data keeps the API's shapes, but a field of the wrong type must not stop the scan.
    if (typeof namespace !== 'string' || typeof serviceAccount !== 'string' || typeof roleArn !== 'string' || !namespace || !serviceAccount || !roleArn) continue;
    const targetRoleArn = typeof association.targetRoleArn === 'string' && association.targetRoleArn !== '' ? association.targetRoleArn : undefined;
    const use: WorkloadRoleUse = { via: 'pod-identity', namespace, serviceAccount, association };
    const sessionPolicy = parseSessionPolicy(association.policy);
    if (sessionPolicy) use.sessionPolicy = sessionPolicy;
    if (pick === 'permissions' && targetRoleArn) addUse(roles, targetRoleArn, { ...use, via: 'pod-identity-target' });
    else addUse(roles, roleArn, use);
  }
  return [...roles.values()];
}

/** Roles whose permissions pods hold: IRSA roles, Pod Identity roles (or their target roles). */
export function workloadRoles(inventory: InventoryView): WorkloadRole[] {
  return inventory.cached('identity:workload-roles', () => collect(inventory, 'permissions'));
}

/** Roles that Pod Identity assumes for pods, whose trust policy names pods.eks.amazonaws.com. */
export function podIdentityRoles(inventory: InventoryView): WorkloadRole[] {
  return inventory.cached('identity:pod-identity-roles', () => collect(inventory, 'trust').filter((role) => role.uses.some((use) => use.via === 'pod-identity')));
}

/**
 * The session policies that narrow what pods may do with the role: only when every use of the
 * role carries one (Pod Identity associations with a policy) do the pods get at most their union.
 */
export function narrowingSessionPolicies(role: WorkloadRole): PolicyDocument[] | undefined {
  const sessions = role.uses.map((use) => use.sessionPolicy);
  if (sessions.length === 0 || sessions.some((policy) => policy === undefined)) return undefined;
  return sessions.filter((policy): policy is PolicyDocument => policy !== undefined);
}

/** Workloads by the service account they run as (`namespace/name`). */
function workloadsByServiceAccount(inventory: InventoryView): Map<string, Workload[]> {
  return inventory.cached('identity:workloads-by-sa', () => {
    const map = new Map<string, Workload[]>();
    for (const workload of inventory.workloads()) {
      const account = serviceAccountOf(workload);
      const key = `${account.namespace ?? ''}/${account.name}`;
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(workload);
    }
    return map;
  });
}

export function workloadsRunningAs(inventory: InventoryView, namespace: string, serviceAccount: string): readonly Workload[] {
  return workloadsByServiceAccount(inventory).get(`${namespace}/${serviceAccount}`) ?? [];
}

const VIA_TEXT: Record<WorkloadRoleUse['via'], string> = {
  irsa: 'IRSA',
  'pod-identity': 'Pod Identity',
  'pod-identity-target': 'Pod Identity target role',
};

/** `shop/api via IRSA (Deployment shop/api)`, one per service account, the first few only. */
export function describeUses(inventory: InventoryView, uses: readonly WorkloadRoleUse[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const use of uses) {
    const key = `${use.namespace}/${use.serviceAccount}/${use.via}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const workloads = workloadsRunningAs(inventory, use.namespace, use.serviceAccount).map(
      (workload) => `${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`,
    );
    const run = workloads.length > 0 ? listText(workloads, 3) : 'no workload runs as it';
    parts.push(`ServiceAccount ${use.namespace}/${use.serviceAccount} via ${VIA_TEXT[use.via]} (${run})`);
  }
  return listText(parts, 3);
}

export function roleLabel(arn: string): string {
  return principalName(arn);
}

export interface WorkloadRoleTarget extends Target {
  role: WorkloadRole;
}

/** Roles IAM has not reported deleted: a role that does not exist holds no permission to judge. */
export function existingRoles(inventory: InventoryView, roles: readonly WorkloadRole[]): WorkloadRole[] {
  return roles.filter((role) => lookupRole(inventory, role.arn).status !== 'missing');
}

/**
 * One target per workload role, plus one that reports not evaluated when Pod Identity
 * associations were not collected (their roles would be missing from the list).
 */
export function workloadRoleTargets(inventory: InventoryView, roles: readonly WorkloadRole[]): Array<WorkloadRoleTarget | MissingDataTarget> {
  const targets: Array<WorkloadRoleTarget | MissingDataTarget> = roles.map((role) => ({ resource: { kind: 'IAMRole', name: role.arn }, role }));
  const data = podIdentityAssociations(inventory);
  if ('missing' in data) targets.push({ ...eksClusterTarget(inventory), missing: `Pod Identity roles unknown: ${data.missing}` });
  return targets;
}
