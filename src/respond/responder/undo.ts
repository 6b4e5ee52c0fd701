/**
 * `respond undo <id>`: the reversing requests of an applied action, sent only when the objects
 * they touch still hold what the action left there. Someone may have changed the object since
 * (a new label, another scale); the undo must not clobber that, so each object is read again and
 * compared with the state recorded after the action, on the fields the undo writes.
 */
import { KubeRequestError, type KubeClient, type KubeRequest } from '../actions/types.js';
import { touchedPointers, valueAt } from './json-pointer.js';
import type { ActionRecord, TrailRecord, UndoRecord } from './trail-record.js';
import { errorText, trailError } from './responder.js';

export type UndoPlan = { ok: true; record: ActionRecord; requests: KubeRequest[]; notes: string[] } | { ok: false; reason: string };

/** Finds the action and checks it can be undone at all (applied, reversible, not undone yet). */
export function findUndoable(records: readonly TrailRecord[], id: string): { ok: true; record: ActionRecord } | { ok: false; reason: string } {
  const record = records.find((candidate) => candidate.id === id);
  if (!record) return { ok: false, reason: `no record ${id} in the trail` };
  if (record.type === 'undo') return { ok: false, reason: `${id} is itself an undo (of ${record.undoes}); undoing an undo is not supported` };
  if (record.mode !== 'applied' || record.outcome !== 'applied') {
    return { ok: false, reason: `${id} was ${record.mode === 'dry-run' ? 'a dry run' : `not applied (${record.outcome}${record.reason ? `: ${record.reason}` : ''})`}: nothing to undo` };
  }
  const done = records.find((candidate): candidate is UndoRecord => candidate.type === 'undo' && candidate.undoes === id && candidate.outcome === 'applied');
  if (done) return { ok: false, reason: `${id} was already undone by ${done.id} at ${done.time}` };
  if (!record.undo) return { ok: false, reason: `${id} has no undo requests on record` };
  if (!Array.isArray(record.undo)) {
    const why = isObject(record.undo) && typeof record.undo.notReversible === 'string' ? record.undo.notReversible : 'its undo in the trail is malformed';
    return { ok: false, reason: `${record.action} cannot be undone: ${why}` };
  }
  // The trail is a file a person can edit: only well-formed writes to API paths are sent.
  const malformed = (record.undo as unknown[]).findIndex((request) => !isWrite(request));
  if (malformed >= 0) return { ok: false, reason: `${id}: undo request ${malformed + 1} in the trail is malformed (it needs a method POST, PATCH, PUT or DELETE and an API path)` };
  return { ok: true, record };
}

/** Reads the current objects (GET only) and says whether the undo requests are still safe to send. */
export async function planUndo(records: readonly TrailRecord[], id: string, client: KubeClient): Promise<UndoPlan> {
  const found = findUndoable(records, id);
  if (!found.ok) return found;
  const { record } = found;
  const notes: string[] = [];
  const afterObjects = (Array.isArray(record.after) ? record.after : [record.after]).filter(isObject);
  const requests: KubeRequest[] = [];
  for (const request of record.undo as KubeRequest[]) {
    const problem = await checkRequest(request, afterObjects, client, notes);
    if (problem === GONE) continue;
    if (problem) return { ok: false, reason: problem };
    requests.push(request);
  }
  if (requests.length === 0) return { ok: false, reason: `nothing left to undo: every object ${id} created is gone already` };
  return { ok: true, record, requests, notes };
}

const WRITES: ReadonlySet<string> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function isWrite(request: unknown): request is KubeRequest {
  return isObject(request) && typeof request.method === 'string' && WRITES.has(request.method) && typeof request.path === 'string' && /^\/apis?\//.test(request.path);
}

/** What checkRequest answers for a DELETE whose object is gone already: leave the request out. */
const GONE = Symbol('gone');

/** Sends the undo requests in order; the first failure stops it (the record says how far it got). */
export async function applyUndo(plan: Extract<UndoPlan, { ok: true }>, client: KubeClient, id: string, now: Date): Promise<UndoRecord> {
  const base: UndoRecord = {
    type: 'undo',
    id,
    time: now.toISOString(),
    mode: 'applied',
    outcome: 'applied',
    undoes: plan.record.id,
    action: plan.record.action,
    ...(plan.record.target ? { target: plan.record.target } : {}),
    description: `undo: ${plan.record.description ?? plan.record.action}`,
    requests: plan.requests,
  };
  const after: unknown[] = [];
  for (const request of plan.requests) {
    try {
      after.push(await client.send(request));
    } catch (error) {
      return { ...base, outcome: 'failed', reason: `${errorText(error)} (after ${after.length} of ${plan.requests.length} request(s))`, error: trailError(error), after };
    }
  }
  return { ...base, after: after.length === 1 ? after[0] : after };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ObjectRef {
  /** Path of the object itself (no query). */
  path: string;
  namespace?: string;
  name: string;
  /** The kind the path serves (`Scale` for a scale subresource), when known. */
  kind?: string;
}

const KINDS: Record<string, string> = {
  pods: 'Pod',
  nodes: 'Node',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  replicasets: 'ReplicaSet',
  networkpolicies: 'NetworkPolicy',
  rolebindings: 'RoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
};

/** `/api/v1/namespaces/ns/pods/name`, `/apis/apps/v1/namespaces/ns/deployments/name/scale`, `/api/v1/nodes/name` → what it names. */
export function objectRef(path: string, bodyName?: string): ObjectRef | undefined {
  const clean = path.split('?')[0]!;
  const parts = clean.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : undefined;
  if (!rest) return undefined;
  let namespace: string | undefined;
  let tail = rest;
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    namespace = decodeURIComponent(tail[1]!);
    tail = tail.slice(2);
  }
  const [plural, name, subresource] = tail;
  if (!plural) return undefined;
  // A collection path (POST create): the object is the one the body names.
  if (name === undefined) return bodyName ? { path: `${clean}/${encodeURIComponent(bodyName)}`, name: bodyName, ...(namespace ? { namespace } : {}), ...(KINDS[plural] ? { kind: KINDS[plural] } : {}) } : undefined;
  const kind = subresource === 'scale' ? 'Scale' : KINDS[plural];
  return { path: clean, name: decodeURIComponent(name), ...(namespace ? { namespace } : {}), ...(kind ? { kind } : {}) };
}

function metadataOf(object: Record<string, unknown>): Record<string, unknown> {
  return isObject(object.metadata) ? object.metadata : {};
}

function findAfter(ref: ObjectRef, objects: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  return objects.find((object) => {
    const metadata = metadataOf(object);
    return metadata.name === ref.name && (metadata.namespace ?? undefined) === ref.namespace && (ref.kind === undefined || object.kind === undefined || object.kind === ref.kind);
  });
}

/** Fields a DELETE of an object the action created would lose: what a person may have edited. */
const CREATED_OBJECT_FIELDS = ['/spec', '/metadata/labels', '/metadata/annotations'];

async function checkRequest(request: KubeRequest, afterObjects: readonly Record<string, unknown>[], client: KubeClient, notes: string[]): Promise<string | typeof GONE | undefined> {
  const bodyName = isObject(request.body) ? metadataOf(request.body).name : undefined;
  const ref = objectRef(request.path, typeof bodyName === 'string' ? bodyName : undefined);
  if (!ref) return `cannot tell which object ${request.method} ${request.path} changes`;
  let current: unknown;
  try {
    current = await client.send({ method: 'GET', path: ref.path });
  } catch (error) {
    if (error instanceof KubeRequestError && error.status === 404) {
      if (request.method === 'POST') return undefined;
      // Deleting what is gone already reaches the goal: an undo that stopped half way can run again.
      if (request.method === 'DELETE') {
        notes.push(`${ref.path} is gone already (an earlier undo or a person deleted it): not deleted again`);
        return GONE;
      }
      return `${ref.path} no longer exists: it was deleted or already reverted by hand`;
    }
    throw error;
  }
  if (request.method === 'POST') return `${ref.path} exists again (recreated since the action); restoring the recorded one would fail or clobber it`;
  if (!isObject(current)) return `${ref.path}: the API server answered with no object`;
  const after = findAfter(ref, afterObjects);
  if (!after) return `the trail has no state of ${ref.path} after the action, so a change since cannot be ruled out`;
  const version = metadataOf(after).resourceVersion;
  if (version !== undefined && metadataOf(current).resourceVersion === version) return undefined;
  const pointers = request.method === 'DELETE' ? CREATED_OBJECT_FIELDS : touchedPointers(request);
  for (const pointer of pointers) {
    const then = JSON.stringify(valueAt(after, pointer));
    const now = JSON.stringify(valueAt(current, pointer));
    if (then !== now) return `${ref.path} changed since the action at ${pointer || '/'} (was ${then ?? 'absent'}, now ${now ?? 'absent'}); undoing would overwrite that change`;
  }
  notes.push(`${ref.path} changed since the action (resourceVersion ${String(version)} → ${String(metadataOf(current).resourceVersion)}), but not in the fields the undo writes`);
  return undefined;
}
