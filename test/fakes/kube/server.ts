/**
 * A Kubernetes API server for tests, on 127.0.0.1 over plain HTTP (or HTTPS with a given key): discovery (/api, /apis, the
 * group-version resource lists, CRD groups derived from the CRD objects it stores), cluster-wide
 * and namespaced lists with limit/continue pagination and resourceVersion, field selectors,
 * PartialObjectMetadataList content negotiation, Status bodies for 401/403/404/410, and the
 * node proxy's /configz. It answers in the shapes and with the quirks of a real server: list
 * items of built-in kinds carry no apiVersion/kind; metadata-only items are PartialObjectMetadata.
 * Single objects can be read and written (writes.ts): create, replace, patch, delete, scale;
 * every write that changes an object gives it the store's next resourceVersion and is served
 * back by later GETs and lists.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { K8sObject } from '../../../src/model/index.js';
import { BUILTIN_RESOURCES } from './builtin-resources.js';
import { handleWrite, resourcePath, type StoredResource } from './writes.js';

export interface FakeKubeOptions {
  /** Objects as stored, Secrets with their values. */
  objects: K8sObject[];
  /** Resources whose lists answer 403, named like errors name them: `v1/secrets`, `rbac.authorization.k8s.io/v1/clusterroles`, `v1/nodes/proxy`. */
  forbidden?: string[];
  /** Ignore the metadata-only Accept and send full Secrets, as a careless proxy might. */
  ignoreMetadataOnly?: boolean;
  /** Accept only this bearer token (401 otherwise), or a token the function accepts. */
  token?: string | ((token: string) => boolean);
  /** The largest page served whatever `limit` asks (forces pagination). */
  maxPageSize?: number;
  /** Resources whose first continue request answers 410 Gone (expired continue token). */
  expireContinueOnce?: string[];
  /** Node name → kubelet configuration served at /api/v1/nodes/<node>/proxy/configz. */
  configz?: Record<string, Record<string, unknown>>;
  /** The user name in 403 messages. */
  user?: string;
  /** Keep every request and response body for assertions (default); off for benchmarks. */
  record?: boolean;
  /** Requests never answered (an API server that hangs on them). */
  hang?: (request: FakeRequest) => boolean;
  /** Serve HTTPS with this key and certificate instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  accept: string;
  authorization?: string;
  /** The Content-Type of a request with a body. */
  contentType?: string;
  /** The body parsed as JSON (the raw text when it is not JSON). */
  body?: unknown;
}

export interface FakeKube {
  url: string;
  requests: FakeRequest[];
  /** Every response body sent, for asserting what crossed the wire. */
  sent: string[];
  close(): Promise<void>;
}

type Served = StoredResource;

const META_LIST = 'PartialObjectMetadataList';

export async function startFakeKube(options: FakeKubeOptions): Promise<FakeKube> {
  const resources = servedResources(options.objects);
  const requests: FakeRequest[] = [];
  const sent: string[] = [];
  const expiring = new Set(options.expireContinueOnce ?? []);
  // The store's revision: lists report it, every stored write takes the next one.
  let revision = 100_000 + options.objects.length;
  const store = {
    nextResourceVersion: () => String(++revision),
    namespaces: () => {
      const namespaces = resources.find((resource) => resource.group === '' && resource.plural === 'namespaces')!.items;
      return namespaces.length > 0 ? new Set(namespaces.map((namespace) => namespace.metadata?.name ?? '')) : undefined;
    },
  };
  const user = options.user ?? 'arn:aws:sts::111122223333:assumed-role/eksguard-reader/ci';
  const record = options.record ?? true;

  const listener: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => serve(req, res, Buffer.concat(chunks).toString('utf8')));
  };

  const serve = (req: IncomingMessage, res: ServerResponse, text: string): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    let body: unknown;
    let parsed = true;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
        parsed = false;
      }
    }
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      accept: req.headers.accept ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(text !== '' ? { contentType, body } : {}),
    };
    if (record) requests.push(request);
    if (options.hang?.(request)) return;
    const reply = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      if (record) sent.push(text);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    };
    if (!authorized(req, options.token)) return reply(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (!parsed) return reply(400, status(400, 'BadRequest', `the request body is not JSON: ${text.slice(0, 80)}`));
    if (req.method !== 'GET') return write(url, request, reply);
    route(url, req, request, reply);
  };

  /** Non-GET requests, and GETs of one object: writes.ts. */
  const write = (url: URL, request: FakeRequest, reply: (status: number, body: unknown) => void): void => {
    const target = resourcePath(url.pathname.split('/').filter(Boolean));
    const resource = target && resources.find((candidate) => candidate.group === target.group && candidate.versions.includes(target.version) && candidate.plural === target.plural);
    if (!target || !resource) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (target.namespace !== undefined && !resource.namespaced) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const answer = handleWrite(
      { method: request.method, target, resource, query: url.searchParams, contentType: request.contentType ?? '', body: request.body },
      store,
    );
    reply(answer.status, answer.body);
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);

  const route = (url: URL, req: IncomingMessage, request: FakeRequest, reply: (status: number, body: unknown) => void): void => {
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.pathname === '/api') return reply(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:443' }] });
    if (url.pathname === '/apis') return reply(200, groupList(resources));
    // /api/v1 or /apis/<group>/<version>: the resource list.
    if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
      const group = parts[0] === 'api' ? '' : parts[1]!;
      const version = parts[parts.length - 1]!;
      const served = resources.filter((resource) => resource.group === group && resource.versions.includes(version));
      if (served.length === 0) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return reply(200, resourceList(group, version, served));
    }
    // /api/v1/nodes/<node>/proxy/configz
    if (parts[0] === 'api' && parts[2] === 'nodes' && parts[4] === 'proxy' && parts[5] === 'configz') {
      const node = decodeURIComponent(parts[3]!);
      if (options.forbidden?.includes('v1/nodes/proxy')) {
        return reply(403, forbidden(user, 'get', 'nodes/proxy', '', node));
      }
      const config = options.configz?.[node];
      if (!config) return reply(503, status(503, 'ServiceUnavailable', `no endpoints available for node "${node}": dial tcp 10.0.1.17:10250: connect: connection refused`));
      return reply(200, { kubeletconfig: config });
    }
    const target = resourcePath(parts);
    if (target?.name !== undefined) return write(url, request, reply);
    if (!target) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const resource = resources.find((candidate) => candidate.group === target.group && candidate.versions.includes(target.version) && candidate.plural === target.plural);
    if (!resource) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const name = target.group === '' ? `${target.version}/${target.plural}` : `${target.group}/${target.version}/${target.plural}`;
    if (options.forbidden?.includes(name)) {
      return reply(403, forbidden(user, 'list', target.plural, target.group, undefined, target.namespace));
    }
    const selected = resource.items.filter(
      (item) => (!target.namespace || item.metadata?.namespace === target.namespace) && matchesFieldSelector(item, url.searchParams.get('fieldSelector')) && matchesLabelSelector(item, url.searchParams.get('labelSelector')),
    );
    const continueToken = url.searchParams.get('continue');
    let start = 0;
    if (continueToken) {
      if (expiring.delete(name)) {
        return reply(410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'));
      }
      try {
        start = (JSON.parse(Buffer.from(continueToken, 'base64').toString('utf8')) as { start: number }).start;
      } catch {
        return reply(400, status(400, 'BadRequest', 'continue key is not valid: illegal base64 data'));
      }
    }
    const asked = Number(url.searchParams.get('limit') ?? '0');
    const limit = Math.min(asked > 0 ? asked : Infinity, options.maxPageSize ?? Infinity);
    const page = selected.slice(start, start + limit);
    const next = start + page.length;
    const resourceVersion = String(revision);
    const metadata: Record<string, unknown> = { resourceVersion };
    if (next < selected.length) {
      metadata.continue = Buffer.from(JSON.stringify({ rv: resourceVersion, start: next })).toString('base64');
      metadata.remainingItemCount = selected.length - next;
    }
    const metadataOnly = (req.headers.accept ?? '').includes(`as=${META_LIST}`) && !options.ignoreMetadataOnly;
    if (metadataOnly) {
      return reply(200, {
        kind: META_LIST,
        apiVersion: 'meta.k8s.io/v1',
        metadata,
        items: page.map((item) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata })),
      });
    }
    const apiVersion = target.group === '' ? target.version : `${target.group}/${target.version}`;
    return reply(200, {
      kind: `${resource.kind}List`,
      apiVersion,
      metadata,
      items: page.map((item) => {
        if (resource.custom) return { ...item, apiVersion };
        const { apiVersion: _apiVersion, kind: _kind, ...rest } = item;
        return rest;
      }),
    });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    sent,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests would hold the server open.
        server.closeAllConnections();
      }),
  };
}

function authorized(req: IncomingMessage, token: FakeKubeOptions['token']): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return false;
  const presented = header.slice('Bearer '.length);
  return typeof token === 'string' ? presented === token : token(presented);
}

/** Built-in resources plus those the stored CRDs define, each with the objects it holds. */
function servedResources(objects: readonly K8sObject[]): Served[] {
  const served: Served[] = BUILTIN_RESOURCES.map((resource) => ({ ...resource, items: [] }));
  for (const crd of objects.filter((object) => object.kind === 'CustomResourceDefinition')) {
    const spec = crd.spec as { group: string; scope: string; names: { plural: string; kind: string; singular?: string }; versions: Array<{ name: string; served: boolean; storage: boolean }> };
    const versions = [...spec.versions]
      .filter((version) => version.served)
      .sort((a, b) => Number(b.storage) - Number(a.storage))
      .map((version) => version.name);
    served.push({
      group: spec.group,
      versions,
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      kind: spec.names.kind,
      namespaced: spec.scope === 'Namespaced',
      subresources: ['status'],
      custom: true,
      items: [],
    });
  }
  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    const resource = served.find((candidate) => candidate.group === group && candidate.kind === object.kind);
    if (!resource) throw new Error(`the fake API server has no resource for ${object.apiVersion} ${object.kind}`);
    resource.items.push(object);
  }
  // etcd order: by key, /registry/<resource>/<namespace>/<name>.
  for (const resource of served) {
    resource.items.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }
  return served;
}

function keyOf(object: K8sObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

function groupList(resources: readonly Served[]): unknown {
  const groups = new Map<string, string[]>();
  for (const resource of resources) {
    if (resource.group === '') continue;
    const versions = groups.get(resource.group) ?? [];
    for (const version of resource.versions) if (!versions.includes(version)) versions.push(version);
    groups.set(resource.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]!}`, version: versions[0]! },
    })),
  };
}

function resourceList(group: string, version: string, resources: readonly Served[]): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: resources.flatMap((resource) => [
      {
        name: resource.plural,
        singularName: resource.singular,
        namespaced: resource.namespaced,
        kind: resource.kind,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        storageVersionHash: Buffer.from(resource.plural).toString('base64').slice(0, 11),
      },
      ...(resource.subresources ?? []).map((sub) => ({ name: `${resource.plural}/${sub}`, singularName: '', namespaced: resource.namespaced, kind: resource.kind, verbs: ['get'] })),
    ]),
  };
}

/** `type=Opaque,metadata.namespace!=kube-system`: the selectors a real server supports on these fields. */
function matchesFieldSelector(object: K8sObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const negated = term.includes('!=');
    const [field, value] = term.split(negated ? '!=' : /==?/);
    const actual = field === 'type' ? (object.type ?? 'Opaque') : field === 'metadata.name' ? object.metadata?.name : field === 'metadata.namespace' ? object.metadata?.namespace : undefined;
    return negated ? actual !== value : actual === value;
  });
}

/**
 * The equality-based label selector terms (`key`, `!key`, `key=value`, `key==value`,
 * `key!=value`, comma = and); the set-based ones (`in`, `notin`) are not needed by the tests.
 */
function matchesLabelSelector(object: K8sObject, selector: string | null): boolean {
  if (!selector) return true;
  const labels = object.metadata?.labels ?? {};
  return selector.split(',').every((raw) => {
    const term = raw.trim();
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    const negated = term.includes('!=');
    if (!negated && !term.includes('=')) return term in labels;
    const [key, value] = term.split(negated ? '!=' : /==?/).map((part) => part.trim());
    return negated ? labels[key!] !== value : labels[key!] === value;
  });
}

function status(code: number, reason: string, message: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function forbidden(user: string, verb: string, resource: string, group: string, name?: string, namespace?: string): unknown {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const [plural, sub] = resource.split('/');
  const what = `${group ? `${plural}.${group}` : plural}${name ? ` "${name}"` : ''}`;
  return {
    ...(status(403, 'Forbidden', `${what} is forbidden: User "${user}" cannot ${verb} resource "${plural}"${sub ? ` in subresource "${sub}"` : ''} in API group "${group}" ${scope}`) as object),
    details: { ...(name ? { name } : {}), group, kind: plural },
  };
}
