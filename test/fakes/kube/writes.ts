/**
 * The fake API server's object endpoints: GET of one object, POST (create), PUT (replace),
 * PATCH (JSON, merge and strategic merge patches), DELETE with DeleteOptions preconditions, and
 * the `scale` subresource (autoscaling/v1 Scale) of the workloads that have one. Answers and
 * errors take the shapes and reasons of kube-apiserver's generic registry; `?dryRun=All` runs
 * the whole request and stores nothing. Writes change the objects the lists serve.
 */
import { randomUUID } from 'node:crypto';
import type { K8sObject } from '../../../src/model/index.js';
import type { FakeResource } from './builtin-resources.js';
import { applyPatchBody, isMap, PATCH_CONTENT_TYPES } from './patches.js';
import { scaleOf, selectorString } from './scale.js';
import { labelProblems, nameProblem, status, type Reply } from './statuses.js';

export interface StoredResource extends FakeResource {
  items: K8sObject[];
}

/** A resource path split into its parts (no name: the collection). */
export interface ResourcePath {
  group: string;
  version: string;
  plural: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface WriteRequest {
  method: string;
  target: ResourcePath;
  resource: StoredResource;
  query: URLSearchParams;
  contentType: string;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

export interface Store {
  /** The next resourceVersion of the whole store (etcd's revision). */
  nextResourceVersion(): string;
  /** Namespaces that exist, or undefined when the store holds no Namespace objects (then any namespace is accepted). */
  namespaces(): Set<string> | undefined;
}

/** Kinds whose registry answers DELETE with the deleted object instead of a Status (ReturnDeletedObject). */
const RETURNS_DELETED = new Set(['pods', 'serviceaccounts']);
/** Kinds the registry gives a metadata.generation (those with a spec the controllers observe). */
const NO_GENERATION = new Set(['Pod', 'Node', 'Service', 'Namespace', 'PersistentVolumeClaim', 'PersistentVolume']);
const SCALABLE = new Set(['apps/deployments', 'apps/statefulsets', 'apps/replicasets', '/replicationcontrollers']);

/** `/api/v1[/namespaces/<ns>]/<plural>[/<name>[/<subresource>]]` and the `/apis/<group>/<version>/…` forms. */
export function resourcePath(parts: readonly string[]): ResourcePath | undefined {
  const [root, ...rest] = parts;
  let group: string;
  let tail: string[];
  if (root === 'api') {
    group = '';
    tail = rest;
  } else if (root === 'apis' && rest.length >= 3) {
    group = rest[0]!;
    tail = rest.slice(1);
  } else {
    return undefined;
  }
  const [version, ...path] = tail.map((part) => decodeURIComponent(part));
  if (!version || path.length === 0) return undefined;
  if (path[0] === 'namespaces' && path.length >= 3 && path.length <= 5) {
    return { group, version, namespace: path[1]!, plural: path[2]!, ...(path[3] ? { name: path[3] } : {}), ...(path[4] ? { subresource: path[4] } : {}) };
  }
  if (path.length <= 3) return { group, version, plural: path[0]!, ...(path[1] ? { name: path[1] } : {}), ...(path[2] ? { subresource: path[2] } : {}) };
  return undefined;
}

export function handleWrite(request: WriteRequest, store: Store): Reply {
  const { method, target, query } = request;
  const dryRun = query.getAll('dryRun');
  if (method !== 'GET' && dryRun.some((value) => value !== 'All')) {
    return status(400, 'BadRequest', `Invalid dryRun "${dryRun.join(',')}": supported values: "All"`);
  }
  const ctx = new Context(request, store, dryRun.length > 0);
  if (target.subresource === 'scale') return ctx.scale();
  if (target.subresource) return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (target.name === undefined) {
    if (method === 'POST') return ctx.create();
    return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
  switch (method) {
    case 'GET':
      return ctx.get();
    case 'PATCH':
      return ctx.patch();
    case 'PUT':
      return ctx.replace();
    case 'DELETE':
      return ctx.remove();
    default:
      return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

class Context {
  private readonly apiVersion: string;
  private readonly qualified: string;

  constructor(
    private readonly request: WriteRequest,
    private readonly store: Store,
    private readonly dryRun: boolean,
  ) {
    const { group, version, plural } = request.target;
    this.apiVersion = group === '' ? version : `${group}/${version}`;
    this.qualified = group === '' ? plural : `${plural}.${group}`;
  }

  get(): Reply {
    const index = this.find();
    if (index < 0) return this.notFound();
    return { status: 200, body: this.served(this.request.resource.items[index]!) };
  }

  create(): Reply {
    const { body, target, resource, contentType } = this.request;
    if (!contentType.startsWith('application/json')) return unsupported(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
    if (!isMap(body)) return status(400, 'BadRequest', 'the object provided is unrecognized (must be of type map)');
    if (body.kind === undefined) return status(400, 'BadRequest', `Object 'Kind' is missing in '${JSON.stringify(body)}'`);
    if (body.kind !== resource.kind || (body.apiVersion !== undefined && body.apiVersion !== this.apiVersion)) {
      return status(400, 'BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${this.apiVersion})`);
    }
    const object = structuredClone(body) as K8sObject;
    const metadata = (object.metadata ??= {});
    if (target.namespace !== undefined) {
      if (metadata.namespace !== undefined && metadata.namespace !== target.namespace) {
        return status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = target.namespace;
      const namespaces = this.store.namespaces();
      if (namespaces && !namespaces.has(target.namespace)) {
        return status(404, 'NotFound', `namespaces "${target.namespace}" not found`, { name: target.namespace, kind: 'namespaces' });
      }
    }
    if (metadata.resourceVersion) return status(400, 'BadRequest', 'resourceVersion should not be set on objects to be created');
    const invalid = this.validate(object);
    if (invalid) return invalid;
    const name = metadata.name!;
    if (this.find(name) >= 0) return status(409, 'AlreadyExists', `${this.qualified} "${name}" already exists`, this.details(name));
    metadata.uid = randomUUID();
    metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if ('spec' in object && !NO_GENERATION.has(resource.kind)) metadata.generation = 1;
    object.apiVersion = this.apiVersion;
    // A dry run answers the object as it would be stored, without the revision it would get.
    if (!this.dryRun) {
      metadata.resourceVersion = this.store.nextResourceVersion();
      resource.items.push(object);
      resource.items.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    }
    return { status: 201, body: this.served(object) };
  }

  patch(): Reply {
    const index = this.find();
    if (index < 0) return this.notFound();
    const current = this.request.resource.items[index]!;
    const patched = this.applyPatch(current);
    if ('status' in patched) return patched;
    return this.update(index, patched.object);
  }

  replace(): Reply {
    const index = this.find();
    if (index < 0) return this.notFound();
    const { body } = this.request;
    if (!isMap(body)) return status(400, 'BadRequest', 'the object provided is unrecognized (must be of type map)');
    return this.update(index, structuredClone(body));
  }

  remove(): Reply {
    const index = this.find();
    if (index < 0) return this.notFound();
    const { resource, body, target } = this.request;
    const current = resource.items[index]!;
    const name = target.name!;
    const preconditions = isMap(body) && isMap(body.preconditions) ? body.preconditions : {};
    if (typeof preconditions.uid === 'string' && preconditions.uid !== current.metadata?.uid) {
      return this.conflict(name, `StorageError: invalid object, Code: 4, Key: ${this.key(current)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata?.uid ?? ''}`);
    }
    if (typeof preconditions.resourceVersion === 'string' && preconditions.resourceVersion !== current.metadata?.resourceVersion) {
      return this.conflict(name, `StorageError: invalid object, Code: 4, Key: ${this.key(current)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${versionOf(current)}`);
    }
    if (!this.dryRun) resource.items.splice(index, 1);
    if (RETURNS_DELETED.has(resource.plural) || resource.custom) return { status: 200, body: this.served(current) };
    return {
      status: 200,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { ...this.details(name), ...(current.metadata?.uid ? { uid: current.metadata.uid } : {}) } },
    };
  }

  /** GET and PATCH of `<workload>/scale`: the Scale is a view of spec.replicas and status. */
  scale(): Reply {
    const { method, resource, target } = this.request;
    if (!SCALABLE.has(`${target.group}/${target.plural}`)) return status(404, 'NotFound', 'the server could not find the requested resource');
    const index = this.find();
    if (index < 0) return this.notFound();
    const current = resource.items[index]!;
    if (method === 'GET') return { status: 200, body: scaleOf(current) };
    if (method !== 'PATCH') return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const patched = this.applyPatch(scaleOf(current));
    if ('status' in patched) return patched;
    const replicas = (patched.object.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      return this.invalid('Scale', 'autoscaling', target.name!, 'spec.replicas', `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`);
    }
    const next = structuredClone(current);
    next.spec = { ...(next.spec as Record<string, unknown>), replicas };
    // The Scale's uid and resourceVersion are the workload's: preconditions when a patch sets them.
    const scaleMeta = (patched.object.metadata ?? {}) as { uid?: string; resourceVersion?: string };
    next.metadata = { ...next.metadata, uid: scaleMeta.uid, resourceVersion: scaleMeta.resourceVersion };
    const updated = this.update(index, next);
    return updated.status === 200 ? { status: 200, body: scaleOf(updated.body as K8sObject) } : updated;
  }

  private applyPatch(current: Record<string, unknown>): { object: K8sObject } | Reply {
    const { contentType, body, resource } = this.request;
    const accepted: string[] = [PATCH_CONTENT_TYPES.json, PATCH_CONTENT_TYPES.merge, 'application/apply-patch+yaml'];
    // Custom resources have no Go struct to carry patch strategies: no strategic merge patch.
    if (!resource.custom) accepted.push(PATCH_CONTENT_TYPES.strategic);
    if (contentType === 'application/apply-patch+yaml' || !accepted.includes(contentType)) return unsupported(accepted);
    const outcome = applyPatchBody(current, contentType, body);
    if (outcome.ok) return { object: outcome.object };
    if (outcome.kind === 'bad') return status(400, 'BadRequest', outcome.message);
    return status(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  }

  /** Stores `next` in place of the object at `index` as an update would (PATCH and PUT). */
  private update(index: number, next: K8sObject): Reply {
    const { resource, target } = this.request;
    const current = resource.items[index]!;
    const name = target.name!;
    const metadata = (next.metadata ??= {});
    if (metadata.name !== undefined && metadata.name !== name) {
      return status(400, 'BadRequest', `the name of the object (${metadata.name}) does not match the name on the URL (${name})`);
    }
    if (metadata.namespace !== undefined && metadata.namespace !== (target.namespace ?? metadata.namespace)) {
      return status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (metadata.uid !== undefined && metadata.uid !== current.metadata?.uid) {
      return this.conflict(name, `StorageError: invalid object, Code: 4, Key: ${this.key(current)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${metadata.uid}, UID in object meta: ${current.metadata?.uid ?? ''}`);
    }
    // An update without a resourceVersion is unconditional (every built-in kind allows it).
    if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== current.metadata?.resourceVersion) {
      return this.conflict(name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    // What the client may not change: identity and the fields the server owns.
    next.apiVersion = current.apiVersion ?? this.apiVersion;
    next.kind = current.kind ?? resource.kind;
    metadata.name = name;
    if (target.namespace !== undefined) metadata.namespace = target.namespace;
    for (const key of ['uid', 'creationTimestamp', 'generation', 'resourceVersion'] as const) {
      if (current.metadata?.[key] === undefined) delete metadata[key];
      else (metadata as Record<string, unknown>)[key] = current.metadata[key];
    }
    dropEmptyMaps(next);
    const invalid = this.validate(next);
    if (invalid) return invalid;
    // A write that changes nothing is not stored: no new resourceVersion, as etcd is not written.
    if (JSON.stringify(withoutVersion(current)) === JSON.stringify(withoutVersion(next))) return { status: 200, body: this.served(current) };
    if (typeof metadata.generation === 'number' && JSON.stringify(next.spec) !== JSON.stringify(current.spec)) metadata.generation += 1;
    if (this.dryRun) return { status: 200, body: this.served(next) };
    metadata.resourceVersion = this.store.nextResourceVersion();
    resource.items[index] = next;
    return { status: 200, body: this.served(next) };
  }

  private validate(object: K8sObject): Reply | undefined {
    const { resource, target } = this.request;
    const name = object.metadata?.name;
    if (!name) return this.invalid(resource.kind, target.group, '', 'metadata.name', 'Required value: name or generateName is required');
    const problem = nameProblem(resource.group, name);
    if (problem) return this.invalid(resource.kind, target.group, name, 'metadata.name', `Invalid value: ${JSON.stringify(name)}: ${problem}`);
    for (const [field, message] of labelProblems(object.metadata?.labels)) return this.invalid(resource.kind, target.group, name, field, message);
    if (resource.kind === 'NetworkPolicy' && isMap(object.spec) && isMap(object.spec.podSelector)) {
      // The server parses the selector to validate it; an unparsable one is refused.
      if (selectorString(object.spec.podSelector) === undefined) {
        return this.invalid(resource.kind, target.group, name, 'spec.podSelector', 'Invalid value: the selector is not a valid label selector');
      }
    }
    return undefined;
  }

  private find(name = this.request.target.name): number {
    const namespace = this.request.target.namespace;
    return this.request.resource.items.findIndex(
      (item) => item.metadata?.name === name && (namespace === undefined || item.metadata?.namespace === namespace),
    );
  }

  /** Single objects of built-in kinds are served with apiVersion and kind (lists leave them out). */
  private served(object: K8sObject): K8sObject {
    return { apiVersion: this.apiVersion, kind: this.request.resource.kind, ...object };
  }

  private key(object: K8sObject): string {
    const ns = object.metadata?.namespace;
    return `/registry/${this.request.resource.plural}/${ns ? `${ns}/` : ''}${object.metadata?.name ?? ''}`;
  }

  private details(name: string): Record<string, string> {
    const { group, plural } = this.request.target;
    return { name, ...(group ? { group } : {}), kind: plural };
  }

  private notFound(): Reply {
    const name = this.request.target.name!;
    return status(404, 'NotFound', `${this.qualified} "${name}" not found`, this.details(name));
  }

  private conflict(name: string, why: string): Reply {
    return status(409, 'Conflict', `Operation cannot be fulfilled on ${this.qualified} "${name}": ${why}`, this.details(name));
  }

  private invalid(kind: string, group: string, name: string, field: string, message: string): Reply {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    return status(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${field}: ${message}`, {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: [{ reason: message.startsWith('Required') ? 'FieldValueRequired' : 'FieldValueInvalid', message, field }],
    });
  }
}

function unsupported(accepted: readonly string[]): Reply {
  return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/** Go's `omitempty`: an emptied labels or annotations map is not served at all. */
function dropEmptyMaps(object: K8sObject): void {
  const metadata = object.metadata;
  if (!metadata) return;
  if (metadata.labels && Object.keys(metadata.labels).length === 0) delete metadata.labels;
  if (metadata.annotations && Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
}

function versionOf(object: K8sObject): string {
  const version = object.metadata?.resourceVersion;
  return typeof version === 'string' ? version : '';
}

function withoutVersion(object: K8sObject): K8sObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: undefined } };
}

function keyOf(object: K8sObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
