import type { K8sObject } from '../model/index.js';
import { isRecord } from '../inventory/index.js';
import { guardedShape, isClusterScoped, judgedPart, type GuardedShape } from './guarded-kinds.js';
import { sameJson } from './same-json.js';
import type { AdmissionRequestInfo } from './verdict-types.js';

/** What to do with a request before any check runs. */
export type Triage =
  | { action: 'skip'; reason: string }
  /** The request cannot be what it claims (no object, another kind): denied with this reason. */
  | { action: 'reject'; reason: string }
  | {
      action: 'judge';
      object: K8sObject;
      shape: GuardedShape;
      namespace: string | undefined;
      /**
       * For `pods/ephemeralcontainers`: the ephemeral containers this request adds or changes.
       * Only their findings are the request's doing; the rest of the pod was admitted before.
       */
      onlyContainers?: ReadonlySet<string>;
    };

const EPHEMERAL = 'ephemeralcontainers';

export function triage(request: AdmissionRequestInfo): Triage {
  if (request.operation === 'DELETE' || request.operation === 'CONNECT') {
    return { action: 'skip', reason: `${request.operation} is not judged` };
  }
  const shape = guardedShape(request.kind);
  const subResource = request.subResource ?? '';
  if (subResource === 'status') return { action: 'skip', reason: 'status updates are not judged' };
  const ephemeral = subResource === EPHEMERAL && shape === 'pod';
  if (subResource !== '' && !ephemeral) return { action: 'skip', reason: `subresource ${subResource} is not judged` };
  if (!shape) {
    const group = request.kind.group ? `${request.kind.group}/` : '';
    return { action: 'skip', reason: `${group}${request.kind.kind} is not a guarded kind` };
  }

  const object = request.object;
  if (!isRecord(object)) return { action: 'reject', reason: `${request.operation} request carries no object` };
  if (object.kind !== request.kind.kind || groupOf(object.apiVersion) !== request.kind.group) {
    return {
      action: 'reject',
      reason: `object is ${describeKind(object)}, but the request is for ${request.kind.group ? `${request.kind.group}/` : ''}${request.kind.kind}`,
    };
  }
  // A cluster-scoped object has no namespace whatever its metadata says (the API server clears
  // it): reading one there would let `metadata.namespace: kube-system` skip the review.
  const clusterScoped = isClusterScoped(request.kind);
  const k8sObject = clusterScoped ? withoutNamespace(object) : (object as K8sObject);
  const namespace = clusterScoped ? undefined : request.namespace || k8sObject.metadata?.namespace || undefined;
  const old = isRecord(request.oldObject) ? (request.oldObject as K8sObject) : undefined;
  if (request.operation === 'UPDATE' && old && sameJson(judgedPart(shape, k8sObject), judgedPart(shape, old))) {
    return { action: 'skip', reason: unchangedReason(shape) };
  }
  const judge: Triage = { action: 'judge', object: k8sObject, shape, namespace };
  if (ephemeral) judge.onlyContainers = changedEphemeralContainers(k8sObject, old);
  return judge;
}

function withoutNamespace(object: K8sObject): K8sObject {
  if (!isRecord(object.metadata) || object.metadata.namespace === undefined) return object;
  const { namespace: _namespace, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function unchangedReason(shape: GuardedShape): string {
  if (shape === 'pod') return 'pod spec unchanged';
  if (shape === 'workload') return 'pod template unchanged';
  return 'object unchanged';
}

function changedEphemeralContainers(object: K8sObject, old: K8sObject | undefined): Set<string> {
  const before = new Map(ephemeralContainers(old).map((container) => [container.name, container]));
  const changed = new Set<string>();
  for (const container of ephemeralContainers(object)) {
    if (!sameJson(container, before.get(container.name))) changed.add(String(container.name));
  }
  return changed;
}

function ephemeralContainers(pod: K8sObject | undefined): Array<Record<string, unknown>> {
  const list = isRecord(pod?.spec) ? pod.spec.ephemeralContainers : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function describeKind(object: Record<string, unknown>): string {
  const kind = typeof object.kind === 'string' ? object.kind.slice(0, 63) : 'without a kind';
  const apiVersion = typeof object.apiVersion === 'string' ? ` (${object.apiVersion.slice(0, 63)})` : '';
  return `${kind}${apiVersion}`;
}
