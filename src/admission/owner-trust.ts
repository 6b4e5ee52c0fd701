import type { K8sObject, OwnerReference } from '../model/index.js';

/**
 * Which ownerReferences of an object under review can be believed. At admission an owner
 * reference is whatever the requester wrote: a bare Pod may claim DaemonSet `node-exporter` as
 * its controller. Only the built-in controllers create objects with a controller reference to
 * the workload they manage, and each acts as its own service account in kube-system (names as
 * in the API server's bootstrap controller policy), so a reference is trusted only when the
 * requester is the controller that manages the owner's kind and creates the object's kind.
 * Scans are not concerned: their ownerReferences are read from the cluster.
 */

/** What a controller creates: `group/kind` of the object and `group/kind` of the owner it references. */
interface Creates {
  object: string;
  owner: string;
}

const POD = '/Pod';
const CONTROLLERS = new Map<string, readonly Creates[]>([
  ['daemon-set-controller', [{ object: POD, owner: 'apps/DaemonSet' }]],
  ['replicaset-controller', [{ object: POD, owner: 'apps/ReplicaSet' }]],
  ['replication-controller', [{ object: POD, owner: '/ReplicationController' }]],
  ['statefulset-controller', [{ object: POD, owner: 'apps/StatefulSet' }]],
  ['job-controller', [{ object: POD, owner: 'batch/Job' }]],
  ['deployment-controller', [{ object: 'apps/ReplicaSet', owner: 'apps/Deployment' }]],
  ['cronjob-controller', [{ object: 'batch/Job', owner: 'batch/CronJob' }]],
]);
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:kube-system:';
/**
 * Without `--use-service-account-credentials` every controller acts as the controller manager
 * itself; no one else holds that identity.
 */
const CONTROLLER_MANAGER = 'system:kube-controller-manager';
const EVERY_CONTROLLER: readonly Creates[] = [...CONTROLLERS.values()].flat();

function createsFor(username: string | undefined): readonly Creates[] {
  if (username === CONTROLLER_MANAGER) return EVERY_CONTROLLER;
  if (!username?.startsWith(SERVICE_ACCOUNT_PREFIX)) return [];
  return CONTROLLERS.get(username.slice(SERVICE_ACCOUNT_PREFIX.length)) ?? [];
}

function groupKindOf(apiVersion: unknown, kind: unknown): string {
  const version = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = version.indexOf('/');
  return `${slash < 0 ? '' : version.slice(0, slash)}/${typeof kind === 'string' ? kind : ''}`;
}

function trusted(reference: OwnerReference, ownerKinds: ReadonlySet<string>): boolean {
  if (typeof reference !== 'object' || reference === null) return false;
  return reference.controller === true && ownerKinds.has(groupKindOf(reference.apiVersion, reference.kind));
}

/**
 * The object with only the ownerReferences its requester can vouch for: the controller
 * reference a built-in controller sets on what it creates, none from anyone else. Returns the
 * object itself when nothing is removed; never changes it.
 */
export function withTrustedOwners(object: K8sObject, username: string | undefined): K8sObject {
  const references = object.metadata?.ownerReferences;
  if (!Array.isArray(references) || references.length === 0) return object;
  const objectKind = groupKindOf(object.apiVersion, object.kind);
  const ownerKinds = new Set(createsFor(username).filter((creates) => creates.object === objectKind).map((creates) => creates.owner));
  const kept = references.filter((reference) => trusted(reference, ownerKinds));
  if (kept.length === references.length) return object;
  const { ownerReferences: _untrusted, ...metadata } = object.metadata ?? {};
  return { ...object, metadata: kept.length > 0 ? { ...metadata, ownerReferences: kept } : metadata };
}
