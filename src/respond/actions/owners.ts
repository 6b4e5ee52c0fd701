/**
 * A pod's controllers, read through metadata.ownerReferences (Pod → ReplicaSet → Deployment,
 * Pod → StatefulSet, Pod → DaemonSet, Pod → Job → CronJob), and their ready replicas.
 */
import type { K8sObject, OwnerReference } from '../../model/index.js';
import { getObject, isRecord } from './common.js';
import { isSubdomainName } from './names.js';
import { apiVersionOf, isKnownKind, objectPath, type KnownKind } from './paths.js';
import { KubeRequestError, type KubeClient } from './types.js';

export interface Controller {
  kind: KnownKind;
  name: string;
  object: K8sObject;
}

/** How the walk up ended: at the top, or at an owner eksguard cannot read (why). */
export interface ControllerChain {
  /** Nearest first: [ReplicaSet, Deployment]. */
  chain: Controller[];
  stopped?: string;
}

const MAX_DEPTH = 4;

export async function controllersOf(client: KubeClient, object: K8sObject, namespace: string): Promise<ControllerChain> {
  const chain: Controller[] = [];
  let current = object;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const reference = controllerReference(current);
    if (!reference) return { chain };
    const kind = reference.kind ?? '';
    const name = reference.name ?? '';
    const label = `${kind || 'an owner'} ${name}`;
    if (!isKnownKind(kind) || apiVersionOf(kind) !== reference.apiVersion) {
      return { chain, stopped: `it is controlled by ${reference.apiVersion ?? '?'} ${label}, which eksguard does not manage` };
    }
    if (!isSubdomainName(name)) return { chain, stopped: `its owner reference names an invalid ${kind} name` };
    let owner: K8sObject | undefined;
    try {
      owner = await getObject(client, objectPath(kind, name, namespace));
    } catch (error) {
      // A responder role without read access to this kind of owner: say so, plan without it.
      if (error instanceof KubeRequestError && error.status === 403) return { chain, stopped: `its controller ${label} cannot be read (forbidden)` };
      throw error;
    }
    if (!owner) return { chain, stopped: `its controller ${label} does not exist` };
    // A recreated owner of the same name does not own this object.
    if (reference.uid && owner.metadata?.uid && reference.uid !== owner.metadata.uid) {
      return { chain, stopped: `its controller ${label} was replaced (uid changed)` };
    }
    chain.push({ kind, name, object: owner });
    current = owner;
  }
  return { chain };
}

function controllerReference(object: K8sObject): OwnerReference | undefined {
  const references = object.metadata?.ownerReferences;
  if (!Array.isArray(references)) return undefined;
  return references.find((reference) => isRecord(reference) && reference.controller === true);
}

/** Ready pods a workload counts now (DaemonSets count them in numberReady). */
export function readyReplicas(controller: Controller): number | undefined {
  const status = isRecord(controller.object.status) ? controller.object.status : {};
  const value = controller.kind === 'DaemonSet' ? status.numberReady : status.readyReplicas;
  if (['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ReplicationController'].includes(controller.kind)) {
    return typeof value === 'number' ? value : 0;
  }
  return undefined;
}

/** Whether the pod's Ready condition is True (it counts among its workload's ready replicas). */
export function isPodReady(pod: K8sObject): boolean {
  const status = isRecord(pod.status) ? pod.status : {};
  const conditions = Array.isArray(status.conditions) ? (status.conditions as unknown[]) : [];
  return conditions.some((condition) => isRecord(condition) && condition.type === 'Ready' && condition.status === 'True');
}
