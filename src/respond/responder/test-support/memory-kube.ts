/* eslint-disable @typescript-eslint/no-explicit-any -- objects as the API server serves them, read freely */
/**
 * A KubeClient over objects in memory, for the responder's own tests before and beside the fake
 * API server: object paths only, GET / POST / PATCH (JSON and merge patch) / DELETE, 404 and 409
 * as Status errors, resourceVersion bumped on every write. Every request is kept.
 */
import fastJsonPatch from 'fast-json-patch';
import { KubeRequestError, PATCH_TYPES, type KubeClient, type KubeRequest } from '../../actions/types.js';

type Obj = Record<string, any>;

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Obj = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Obj) } : {};
  for (const [key, value] of Object.entries(patch as Obj)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export class MemoryKube implements KubeClient {
  readonly requests: KubeRequest[] = [];
  readonly objects = new Map<string, Obj>();
  private version = 1000;

  constructor(objects: Record<string, Obj> = {}) {
    for (const [path, object] of Object.entries(objects)) this.put(path, object);
  }

  put(path: string, object: Obj): Obj {
    const stored = structuredClone(object);
    stored.metadata = { ...(stored.metadata ?? {}), resourceVersion: String(++this.version) };
    this.objects.set(path, stored);
    return stored;
  }

  get(path: string): Obj | undefined {
    return this.objects.get(path);
  }

  writes(): KubeRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  send(request: KubeRequest): Promise<unknown> {
    this.requests.push(structuredClone(request));
    const path = request.path.split('?')[0]!;
    const fail = (status: number, reason: string, message: string) => Promise.reject(new KubeRequestError(status, reason, message, { method: request.method, path: request.path }));
    const current = this.objects.get(path);
    switch (request.method) {
      case 'GET':
        return current ? Promise.resolve(structuredClone(current)) : fail(404, 'NotFound', `"${path}" not found`);
      case 'POST': {
        const body = request.body as Obj;
        const target = `${path}/${body.metadata?.name}`;
        if (this.objects.has(target)) return fail(409, 'AlreadyExists', `"${body.metadata?.name}" already exists`);
        return Promise.resolve(structuredClone(this.put(target, body)));
      }
      case 'DELETE':
        if (!current) return fail(404, 'NotFound', `"${path}" not found`);
        this.objects.delete(path);
        return Promise.resolve(current);
      case 'PATCH': {
        if (!current) return fail(404, 'NotFound', `"${path}" not found`);
        let next: unknown;
        if (request.contentType === PATCH_TYPES.json) {
          try {
            next = fastJsonPatch.applyPatch(structuredClone(current), request.body as fastJsonPatch.Operation[], true, false).newDocument;
          } catch (error) {
            return fail(422, 'Invalid', (error as Error).message);
          }
        } else {
          next = mergePatch(current, request.body);
        }
        return Promise.resolve(structuredClone(this.put(path, next as Obj)));
      }
      default:
        return fail(405, 'MethodNotAllowed', request.method);
    }
  }
}
