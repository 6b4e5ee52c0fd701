import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Inventory, K8sObject } from '../model/index.js';
import { jsonErrorPosition } from './json-error-position.js';
import { canonical, parseSnapshot, readSnapshot, serializeSnapshot, SnapshotError, snapshotOf, writeSnapshot } from './snapshot.js';

const API = { type: 'api', api: 'k8s' } as const;

function clusterInventory(): Inventory {
  return {
    source: { type: 'cluster', cluster: 'prod', region: 'eu-west-1', accountId: '111122223333', kubeContext: 'prod', collectedAt: '2026-03-02T08:00:00.000Z' },
    objects: [
      { object: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'shop', name: 'web-1', labels: { z: '1', a: '2' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }, origin: API },
      { object: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'shop' } }, origin: API },
      { object: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'data', name: 'db-0' }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } }, origin: API },
      { object: { apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkPolicy', metadata: { namespace: 'shop', name: 'deny' }, spec: {} }, origin: API },
      { object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: 'shop', name: 'deny' }, spec: { podSelector: {} } }, origin: API },
    ],
    aws: { eks: { cluster: { name: 'prod', version: '1.32', createdAt: '2024-02-14T09:30:00.000Z' } } },
    kubeletConfigs: { 'ip-10-20-12-34.eu-west-1.compute.internal': { readOnlyPort: 0, authentication: { anonymous: { enabled: false } } } },
    errors: [
      { source: 'kubernetes', operation: 'list', resource: 'v1/secrets', code: 403, message: 'secrets is forbidden' },
      { source: 'aws', service: 'iam', operation: 'GetRole', target: 'arn:aws:iam::111122223333:role/x', code: 'AccessDenied', message: 'denied' },
    ],
  };
}

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'eksguard-snapshot-')), name);
}

describe('snapshotOf: canonical form', () => {
  it('sorts objects by kind, namespace, name and apiVersion, errors by source and operation, and every key', () => {
    const snapshot = snapshotOf(clusterInventory(), { toolVersion: '0.1.0' });
    expect(snapshot.kubernetes.objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}@${o.apiVersion}`)).toEqual([
      'Namespace//shop@v1',
      'NetworkPolicy/shop/deny@crd.projectcalico.org/v1',
      'NetworkPolicy/shop/deny@networking.k8s.io/v1',
      'Pod/data/db-0@v1',
      'Pod/shop/web-1@v1',
    ]);
    expect(Object.keys(snapshot.kubernetes.objects[0]!)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(Object.keys(snapshot.kubernetes.objects[4]!.metadata!.labels!)).toEqual(['a', 'z']);
    expect(snapshot.errors.map((error) => error.source)).toEqual(['aws', 'kubernetes']);
    expect(snapshot.source).toEqual({ type: 'cluster', cluster: 'prod', region: 'eu-west-1', accountId: '111122223333', kubeContext: 'prod' });
    expect(snapshot.collectedAt).toBe('2026-03-02T08:00:00.000Z');
    expect(snapshot.kubernetes.origins).toBeUndefined();
  });

  it('gives the same bytes whatever order the inventory came in', () => {
    const inventory = clusterInventory();
    const reversed = { ...inventory, objects: [...inventory.objects].reverse(), errors: [...inventory.errors].reverse() };
    expect(serializeSnapshot(snapshotOf(reversed, { toolVersion: '0.1.0' }))).toBe(serializeSnapshot(snapshotOf(inventory, { toolVersion: '0.1.0' })));
  });

  it('keeps per-object origins when objects came from files', () => {
    const inventory: Inventory = {
      source: { type: 'manifests', paths: ['k8s'] },
      objects: [
        { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }, origin: { type: 'file', file: 'k8s/b.yaml', line: 3 } },
        { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }, origin: { type: 'file', file: 'k8s/a.yaml', line: 1 } },
      ],
      errors: [],
    };
    const snapshot = snapshotOf(inventory, { toolVersion: '0.1.0', collectedAt: '2026-03-02T08:00:00Z' });
    expect(snapshot.kubernetes.origins).toEqual([
      { type: 'file', file: 'k8s/a.yaml', line: 1 },
      { type: 'file', file: 'k8s/b.yaml', line: 3 },
    ]);
    const back = parseSnapshot(Buffer.from(serializeSnapshot(snapshot)), 'manifests.json');
    expect(back.inventory.objects.map(({ object, origin }) => [object.metadata?.name, origin])).toEqual([
      ['a', { type: 'file', file: 'k8s/a.yaml', line: 1 }],
      ['b', { type: 'file', file: 'k8s/b.yaml', line: 3 }],
    ]);
  });

  it('refuses an inventory without a collection time', () => {
    const inventory = clusterInventory();
    delete inventory.source.collectedAt;
    expect(() => snapshotOf(inventory, { toolVersion: '0.1.0' })).toThrow(/collection time/);
  });
});

describe('snapshot files: round trip', () => {
  it('reads back the inventory it was written from, with collectedAt on the source', () => {
    const inventory = clusterInventory();
    const file = tempFile('prod.snapshot.json');
    writeSnapshot(file, snapshotOf(inventory, { toolVersion: '0.1.0' }));
    const loaded = readSnapshot(file);
    expect(loaded.inputErrors).toEqual([]);
    expect(loaded.inventory.source).toEqual(inventory.source);
    expect(loaded.inventory.aws).toEqual(inventory.aws);
    expect(loaded.inventory.kubeletConfigs).toEqual(inventory.kubeletConfigs);
    expect(loaded.inventory.errors).toHaveLength(2);
    expect(loaded.inventory.objects).toHaveLength(5);
    expect(loaded.inventory.objects.every(({ origin }) => origin.type === 'api' && origin.api === 'k8s')).toBe(true);
    expect(loaded.inventory.objects.find(({ object }) => object.metadata?.name === 'web-1')?.object).toEqual(canonical(inventory.objects[0]!.object));
  });

  it('writes one object per line and the same bytes on a second write of what it read', () => {
    const file = tempFile('a.json');
    writeSnapshot(file, snapshotOf(clusterInventory(), { toolVersion: '0.1.0' }));
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((line) => line.startsWith('      {"apiVersion"'))).toHaveLength(5);
    const again = tempFile('b.json');
    writeSnapshot(again, readSnapshot(file).snapshot);
    expect(readFileSync(again, 'utf8')).toBe(text);
  });

  it('gzips a .json.gz file deterministically and reads it back', () => {
    const snapshot = snapshotOf(clusterInventory(), { toolVersion: '0.1.0' });
    const first = tempFile('prod.snapshot.json.gz');
    const second = tempFile('prod.snapshot.json.gz');
    writeSnapshot(first, snapshot);
    writeSnapshot(second, snapshot);
    const bytes = readFileSync(first);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.equals(readFileSync(second))).toBe(true);
    expect(gunzipSync(bytes).toString('utf8')).toBe(serializeSnapshot(snapshot));
    expect(readSnapshot(first).inventory.objects).toHaveLength(5);
  });

  it('recognises gzip by content, not by name', () => {
    const file = tempFile('snapshot.data');
    writeFileSync(file, gzipSync(serializeSnapshot(snapshotOf(clusterInventory(), { toolVersion: '0.1.0' }))));
    expect(readSnapshot(file).inventory.objects).toHaveLength(5);
  });

  it('drops Secret values a hand-made snapshot carries', () => {
    const snapshot = snapshotOf(clusterInventory(), { toolVersion: '0.1.0' });
    snapshot.kubernetes.objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, type: 'Opaque', data: { password: 'c2VjcmV0' }, stringData: { token: 'secret' } });
    const loaded = parseSnapshot(Buffer.from(serializeSnapshot(snapshot)), 'hand-made.json');
    const secret = loaded.inventory.objects.find(({ object }) => object.kind === 'Secret')!.object;
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, type: 'Opaque' });
  });
});

describe('snapshot files: bad input', () => {
  const write = (name: string, content: string | Buffer): string => {
    const file = tempFile(name);
    writeFileSync(file, content);
    return file;
  };
  const valid = (): Record<string, unknown> => JSON.parse(serializeSnapshot(snapshotOf(clusterInventory(), { toolVersion: '0.1.0' }))) as Record<string, unknown>;

  it('names a missing file', () => {
    expect(() => readSnapshot('/nonexistent/prod.snapshot.json')).toThrow(new SnapshotError('cannot read snapshot /nonexistent/prod.snapshot.json: no such file'));
  });

  it('names the file, line and column of invalid JSON', () => {
    const text = serializeSnapshot(snapshotOf(clusterInventory(), { toolVersion: '0.1.0' }));
    const lines = text.split('\n');
    const broken = lines.findIndex((line) => line.includes('"db-0"'));
    lines[broken] = lines[broken]!.replace('"db-0"', 'db-0');
    const file = write('broken.json', lines.join('\n'));
    expect(() => readSnapshot(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${broken + 1}:\\d+: invalid JSON`));
  });

  it('reports truncated JSON at its last line', () => {
    expect(() => readSnapshot(write('cut.json', '{\n  "schemaVersion": 1,\n  "kind": "Eksg'))).toThrow(/cut\.json:3:\d+: invalid JSON \(Unterminated string\)$/);
    expect(() => readSnapshot(write('end.json', '{\n  "schemaVersion": 1,\n  "kind":'))).toThrow(/end\.json:3:10: invalid JSON \(Unexpected end of JSON input\)$/);
    expect(() => readSnapshot(write('comma.json', '{\n  "schemaVersion": 1\n  "kind": 1}'))).toThrow(/comma\.json:3:3: invalid JSON \(Expected ',' or '}' after property value\)$/);
  });

  it('rejects a corrupt gzip file', () => {
    const file = write('bad.json.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    expect(() => readSnapshot(file)).toThrow(/bad\.json\.gz: not a readable gzip file/);
  });

  it('rejects documents that are not eksguard snapshots', () => {
    expect(() => readSnapshot(write('list.json', '[]'))).toThrow(/list\.json: not an eksguard snapshot \(the document is not a JSON object\)/);
    expect(() => readSnapshot(write('pod.json', '{"apiVersion":"v1","kind":"Pod"}'))).toThrow(/pod\.json: not an eksguard snapshot \(kind is "Pod", expected "EksguardSnapshot"\)/);
  });

  it('rejects another schema version, saying which one it reads', () => {
    const document = { ...valid(), schemaVersion: 2 };
    expect(() => readSnapshot(write('v2.json', JSON.stringify(document)))).toThrow(/v2\.json: snapshot schemaVersion 2 is not supported \(this eksguard reads version 1\)/);
  });

  it('rejects a bad collection time, source, errors or origins', () => {
    expect(() => readSnapshot(write('t.json', JSON.stringify({ ...valid(), collectedAt: 'yesterday' })))).toThrow(/t\.json: collectedAt is missing or not an ISO-8601 time/);
    expect(() => readSnapshot(write('s.json', JSON.stringify({ ...valid(), source: { type: 'laptop' } })))).toThrow(/source\.type must be "cluster" or "manifests"/);
    expect(() => readSnapshot(write('e.json', JSON.stringify({ ...valid(), errors: [{ source: 'aws' }] })))).toThrow(/errors\[0\] needs source/);
    const document = valid();
    (document.kubernetes as Record<string, unknown>).origins = [];
    expect(() => readSnapshot(write('o.json', JSON.stringify(document)))).toThrow(/kubernetes\.origins must list one origin per object \(5\)/);
  });

  it('reports objects that are not Kubernetes objects as input errors and keeps the rest', () => {
    const document = valid();
    const objects = (document.kubernetes as { objects: unknown[] }).objects;
    objects.push('text', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'shop' }, spec: { containers: 'nginx' } });
    const loaded = readSnapshot(write('mixed.json', JSON.stringify(document)));
    expect(loaded.inventory.objects).toHaveLength(5);
    expect(loaded.inputErrors).toEqual([
      { file: expect.stringMatching(/mixed\.json$/), message: 'kubernetes.objects[5] is not an object' },
      { file: expect.stringMatching(/mixed\.json$/), message: 'kubernetes.objects[6] (Pod/shop/x): spec.containers must be a list, got string "nginx"' },
    ]);
  });
});

describe('jsonErrorPosition', () => {
  it('points at the first offending character', () => {
    expect(jsonErrorPosition('{\n  "a": 1,\n  "b": tru\n}')).toEqual({ line: 3, column: 11 });
    expect(jsonErrorPosition('{"a": [1, 2,]}')).toEqual({ line: 1, column: 13 });
    expect(jsonErrorPosition('{"a": "x\\q"}')).toEqual({ line: 1, column: 10 });
    expect(jsonErrorPosition('{"a": 1} extra')).toEqual({ line: 1, column: 10 });
  });
});

describe('snapshot keys named like Object properties', () => {
  it('keeps a __proto__ data key as data', () => {
    const object = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"x"},"data":{"__proto__":"token value"}}') as K8sObject;
    const copy = canonical(object);
    expect(Object.keys(copy.data as object)).toEqual(['__proto__']);
    expect(JSON.stringify(copy)).toContain('"__proto__":"token value"');
  });
});

describe('snapshot files with wrong types', () => {
  const base = { schemaVersion: 1, kind: 'EksguardSnapshot', collectedAt: '2026-11-02T08:00:00.000Z', tool: { name: 'eksguard', version: '0.1.0' }, source: { type: 'cluster' }, kubernetes: { objects: [] }, errors: [] };
  it.each([
    [{ errors: [{ source: 'kubernetes', operation: 'list', resource: 123, message: 'x' }] }, /errors\[0\]\.resource must be a string/],
    [{ aws: { eks: { nodegroups: 'oops' } } }, /aws\.eks\.nodegroups must be a list of objects/],
    [{ aws: { iam: { roles: [null] } } }, /aws\.iam\.roles must be a list of objects/],
  ])('refuses %j naming the field', (patch, message) => {
    const bytes = Buffer.from(JSON.stringify({ ...base, ...patch }));
    expect(() => parseSnapshot(bytes, 'bad.json')).toThrow(message);
  });
});
