/**
 * A tarpit registry: it answers the manifest GET at once and then drips one byte every 300 ms,
 * so the stall timer (refreshed per chunk) never fires. The lookup must end at the cache's
 * deadline, free its slot, and abort the request the judge made.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageVerdictCache } from '../admission/image-verdict-cache.js';
import { webhookJudge } from './webhook-image-gates.js';

const DEADLINE_MS = 1_500;
let server: ReturnType<typeof createServer>;
let host: string;
const drips = new Set<NodeJS.Timeout>();
/** When the server saw each request's connection close, by path. */
const closedAt = new Map<string, number>();

function drip(res: ServerResponse, path: string): void {
  res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': '4000' });
  res.write(' ');
  const timer = setInterval(() => res.write(' '), 300);
  drips.add(timer);
  res.on('close', () => {
    clearInterval(timer);
    drips.delete(timer);
    closedAt.set(path, performance.now());
  });
}

beforeAll(async () => {
  server = createServer((req, res) => drip(res, req.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const timer of drips) clearInterval(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('webhook image lookups against a tarpit registry', () => {
  it('end at the deadline, free the slot, and abort the registry request', async () => {
    const judge = webhookJudge({ registry: { dockerConfig: false, ecr: false, timeoutMs: 10_000, retries: 0 } }, true);
    const cache = new ImageVerdictCache(judge, { ttlMs: 60_000, errorTtlMs: 30_000, maxEntries: 10, maxRunning: 1, deadlineMs: DEADLINE_MS });
    const started = performance.now();
    const lookup = await cache.lookup(`${host}/tarpit/app:v1`, 10_000);
    const took = performance.now() - started;
    expect(lookup).toMatchObject({ state: 'known', verdict: { error: `the lookup did not finish within ${DEADLINE_MS} ms` } });
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(took).toBeLessThan(DEADLINE_MS + 1_000);
    expect(cache.pending()).toBe(0);
    // The one slot is free: another image is looked up rather than refused as "already running".
    const next = await cache.lookup(`${host}/other/app:v1`, 0);
    expect(next).toEqual({ state: 'unknown', reason: 'not looked up yet' });
    // The judge's request was aborted, not left dripping in the background.
    const deadline = Date.now() + 2_000;
    while (!closedAt.has('/v2/tarpit/app/manifests/v1') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedAt.get('/v2/tarpit/app/manifests/v1')).toBeDefined();
    await cache.settle();
  }, 15_000);
});
