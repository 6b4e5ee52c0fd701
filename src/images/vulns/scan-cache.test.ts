import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageScan } from '../types.js';
import { ScanCache } from './scan-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'eksguard-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = `sha256:${'ab'.repeat(32)}`;
const scan: ImageScan = {
  ref: { registry: '127.0.0.1:5000', repository: 'shop/api', digest, original: `127.0.0.1:5000/shop/api@${digest}` },
  digest,
  packages: [],
  vulnerabilities: [],
  sizeBytes: 10,
  bytesRead: 10,
  scannedAt: '2024-01-01T00:00:00.000Z',
};

describe('ScanCache', () => {
  it('stores by digest and database version', () => {
    const cache = new ScanCache(dir);
    expect(cache.get(digest, 'v1')).toBeUndefined();
    cache.put(scan, 'v1');
    expect(cache.get(digest, 'v1')).toEqual(scan);
    expect(cache.get(digest, 'v2')).toBeUndefined();
    cache.prune('v2');
    expect(cache.get(digest, 'v1')).toBeUndefined();
  });

  it('treats a corrupt entry as a miss and refuses paths out of the cache', () => {
    const cache = new ScanCache(dir);
    cache.put(scan, 'v3');
    writeFileSync(join(dir, 'image-scans', 'v3', `${'ab'.repeat(32)}.json`), '{"digest": ');
    expect(cache.get(digest, 'v3')).toBeUndefined();
    expect(() => cache.get('sha256:../../etc', 'v3')).toThrow(/digest/);
    expect(() => cache.put(scan, '../x')).toThrow(/database version/);
  });
});
