/**
 * A hostile registry's redirects and error bodies: an "internal" service on another loopback
 * port stands for the cloud metadata endpoint or a cluster-internal API. Whatever it answers must
 * never be fetched over plain http, and no body may come back in an error message (they become
 * admission messages the requester reads).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from './client.js';
import { isImageError } from './errors.js';

const SECRET = 'INTERNAL-SECRET-ROLE-CREDENTIALS';

interface Peer {
  server: Server;
  origin: string;
  host: string;
  hits: string[];
}

async function serve(handle: (req: IncomingMessage, res: ServerResponse, peer: Peer) => void): Promise<Peer> {
  const hits: string[] = [];
  const peer = { hits } as Peer;
  peer.server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handle(req, res, peer);
  });
  await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
  peer.host = `127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
  peer.origin = `http://${peer.host}`;
  return peer;
}

let internal: Peer;
let hostile: Peer;

beforeAll(async () => {
  internal = await serve((_req, res) => {
    // Shaped as a registry error so that a client quoting `errors[0].message` would quote it.
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: SECRET }] }));
  });
  hostile = await serve((req, res) => {
    const url = req.url ?? '';
    if (url.includes('/manifests/to-internal')) res.writeHead(302, { location: `${internal.origin}/latest/meta-data/iam` }).end();
    else if (url.includes('/manifests/loop')) res.writeHead(302, { location: url }).end();
    else if (url.includes('/manifests/same-origin')) res.writeHead(307, { location: '/v2/app/manifests/explained' }).end();
    else if (url.includes('/manifests/explained')) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: SECRET }] }));
    } else if (url.includes('/manifests/garbage')) {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(`${SECRET} is not JSON`);
    } else if (url.includes('/manifests/odd-type')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ schemaVersion: 2, mediaType: `${SECRET} and more` }));
    } else res.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([internal, hostile].filter(Boolean).map((peer) => new Promise((resolve) => peer.server.close(resolve))));
});

async function failure(reference: string): Promise<Error> {
  const client = new RegistryClient(hostile.host, { retries: 0, timeoutMs: 5_000 });
  const error = await client.manifest('app', reference).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error(`${reference}: expected a failure`);
  return error;
}

describe('registry redirects and error bodies', () => {
  it('refuses a redirect to another plain-http origin without calling it', async () => {
    const error = await failure('to-internal');
    expect(internal.hits).toEqual([]);
    expect(isImageError(error, 'registry-error')).toBe(true);
    expect(error.message).toMatch(/HTTP 302 redirect refused/);
    expect(error.message).not.toContain(SECRET);
  });

  it('follows a same-origin redirect, and reports its error by status alone', async () => {
    const error = await failure('same-origin');
    expect(hostile.hits.filter((url) => url.includes('/manifests/explained'))).toHaveLength(1);
    expect(error.message).toBe(`${hostile.host}/app:same-origin manifest: HTTP 500`);
  });

  it('stops after 3 redirects', async () => {
    const before = hostile.hits.length;
    const error = await failure('loop');
    expect(error.message).toMatch(/more than 3 redirects/);
    expect(hostile.hits.length - before).toBe(4);
  });

  it('quotes nothing of a body that does not parse, nor a made-up media type', async () => {
    const garbage = await failure('garbage');
    expect(isImageError(garbage, 'bad-manifest')).toBe(true);
    expect(garbage.message).not.toContain(SECRET);
    const odd = await failure('odd-type');
    expect(isImageError(odd, 'unsupported')).toBe(true);
    expect(odd.message).not.toContain(SECRET);
  });
});
