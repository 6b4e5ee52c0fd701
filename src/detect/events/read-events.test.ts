import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from './read-events.js';
import { ANONYMOUS_EVENT, AUDIT_EVENTS, EXEC_EVENT, GET_SECRET_EVENT } from './test-support/samples.js';
import { ASSUME_ROLE_WEB_IDENTITY, CLOUDTRAIL_RECORDS, CREATE_ACCESS_ENTRY } from './test-support/cloudtrail-samples.js';
import { chunked, logEvent, readAllEvents, readText } from './test-support/read-helpers.js';

const jsonl = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
const ids = (items: Awaited<ReturnType<typeof readText>>['items']) =>
  items.map((i) => (i.kind === 'k8s-audit' ? i.event.auditID : i.record.eventName));
const AUDIT_IDS = AUDIT_EVENTS.map((e) => e.auditID);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eksguard-events-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readEvents formats', () => {
  it('reads JSON lines with file and line of each event', async () => {
    const { items, stats } = await readText(`\n${jsonl(AUDIT_EVENTS)}`, { chunk: 100 });
    expect(items.map((i) => [i.kind, i.file, i.line])).toEqual([
      ['k8s-audit', 'input.json', 2],
      ['k8s-audit', 'input.json', 3],
      ['k8s-audit', 'input.json', 4],
    ]);
    expect(items[0]).toEqual({ kind: 'k8s-audit', event: EXEC_EVENT, file: 'input.json', line: 2 });
    expect(stats).toMatchObject({ files: 1, events: 3, k8sAudit: 3, cloudTrail: 0, malformed: 0, issues: [] });
  });

  it('reads a pretty-printed JSON array', async () => {
    const text = JSON.stringify(AUDIT_EVENTS, null, 2);
    const { items, stats } = await readText(text, { chunk: 333 });
    expect(ids(items)).toEqual(AUDIT_IDS);
    const starts = text.split('\n').flatMap((line, i) => (line === '  {' ? [i + 1] : []));
    expect(items.map((i) => i.line)).toEqual(starts);
    expect(stats.events).toBe(3);
  });

  it('reads an EventList as the audit webhook posts it (items without kind)', async () => {
    const items = AUDIT_EVENTS.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items };
    const r = await readText(JSON.stringify(list), { chunk: 50 });
    expect(ids(r.items)).toEqual(AUDIT_IDS);
  });

  it('reads CloudWatch Logs events (FilterLogEvents records, one per line, and the CLI output)', async () => {
    const records = AUDIT_EVENTS.map((e, i) => logEvent(JSON.stringify(e), i));
    const lines = await readText(jsonl(records));
    expect(ids(lines.items)).toEqual(AUDIT_IDS);
    expect(lines.items.map((i) => i.line)).toEqual([1, 2, 3]);
    const cli = await readText(JSON.stringify({ events: records, searchedLogStreams: [], nextToken: 'abc' }, null, 4), { chunk: 97 });
    expect(ids(cli.items)).toEqual(AUDIT_IDS);
  });

  it('reads a CloudWatch Logs subscription payload, decoded and gzip (as Lambda and Firehose get it)', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '111122223333',
      logGroup: '/aws/eks/prod/cluster',
      logStream: 'kube-apiserver-audit-3c8f0e4b1d2a7c9e5f6a8b0d1e2f3a4b',
      subscriptionFilters: ['eksguard'],
      logEvents: AUDIT_EVENTS.map((e, i) => ({ id: `3797462528402189312000${i}`, timestamp: 1715508000000 + i, message: JSON.stringify(e) })),
    };
    const control = {
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [{ id: '', timestamp: 1715508000000, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
    };
    const decoded = await readText(JSON.stringify(payload));
    expect(ids(decoded.items)).toEqual(AUDIT_IDS);
    // Firehose: concatenated gzip members, one per payload, no separators.
    const firehose = Buffer.concat([gzipSync(JSON.stringify(control)), gzipSync(JSON.stringify(payload)), gzipSync(JSON.stringify(payload))]);
    const gz = await readText(firehose, { chunk: 64 });
    expect(ids(gz.items)).toEqual([...AUDIT_IDS, ...AUDIT_IDS]);
    expect(gz.stats).toMatchObject({ events: 6, skipped: 1, malformed: 0 });
  });

  it('reads CloudTrail files (.json, .json.gz) from an AWSLogs tree in sorted order, skipping digests', async () => {
    const base = join(dir, 'AWSLogs/111122223333/CloudTrail/eu-west-1/2025/05');
    const file = (day: string, name: string) => join(base, day, `111122223333_CloudTrail_eu-west-1_${name}`);
    await mkdir(join(base, '12'), { recursive: true });
    await mkdir(join(base, '11'), { recursive: true });
    await mkdir(join(dir, 'AWSLogs/111122223333/CloudTrail-Digest/eu-west-1'), { recursive: true });
    await writeFile(file('12', '20250512T1005Z_b.json.gz'), gzipSync(JSON.stringify({ Records: [ASSUME_ROLE_WEB_IDENTITY] })));
    await writeFile(file('12', '20250512T1000Z_a.json'), JSON.stringify({ Records: [CREATE_ACCESS_ENTRY, ASSUME_ROLE_WEB_IDENTITY] }));
    await writeFile(file('11', '20250511T2355Z_c.json.gz'), gzipSync(JSON.stringify({ Records: [CREATE_ACCESS_ENTRY] })));
    await writeFile(join(base, '12', 'notes.txt'), 'not an event file');
    await writeFile(join(dir, 'AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/digest.json.gz'), gzipSync('{"digestStartTime":"x"}'));
    const { items, stats } = await readAllEvents({ path: join(dir, 'AWSLogs') });
    expect(items.map((i) => [i.kind, ids([i])[0], i.file.slice(base.length + 1)])).toEqual([
      ['cloudtrail', 'CreateAccessEntry', '11/111122223333_CloudTrail_eu-west-1_20250511T2355Z_c.json.gz'],
      ['cloudtrail', 'CreateAccessEntry', '12/111122223333_CloudTrail_eu-west-1_20250512T1000Z_a.json'],
      ['cloudtrail', 'AssumeRoleWithWebIdentity', '12/111122223333_CloudTrail_eu-west-1_20250512T1000Z_a.json'],
      ['cloudtrail', 'AssumeRoleWithWebIdentity', '12/111122223333_CloudTrail_eu-west-1_20250512T1005Z_b.json.gz'],
    ]);
    expect(items[1]).toEqual({ kind: 'cloudtrail', record: CREATE_ACCESS_ENTRY, file: file('12', '20250512T1000Z_a.json'), line: 1 });
    expect(stats).toMatchObject({ files: 3, cloudTrail: 4, malformed: 0 });
  });

  it('reads standard input for the path "-" and mixes audit events and CloudTrail records', async () => {
    const stdin = chunked(jsonl([GET_SECRET_EVENT, CREATE_ACCESS_ENTRY, logEvent(JSON.stringify(ASSUME_ROLE_WEB_IDENTITY))]), 10);
    const { items } = await readAllEvents({ path: '-' }, { stdin });
    expect(items.map((i) => [i.kind, i.file, ids([i])[0]])).toEqual([
      ['k8s-audit', '<stdin>', GET_SECRET_EVENT.auditID],
      ['cloudtrail', '<stdin>', 'CreateAccessEntry'],
      ['cloudtrail', '<stdin>', 'AssumeRoleWithWebIdentity'],
    ]);
  });

  it('reads several sources in order and a gzip JSON lines file', async () => {
    const path = join(dir, 'audit.log.gz');
    await writeFile(path, gzipSync(jsonl(AUDIT_EVENTS)));
    const { items, stats } = await readAllEvents([{ path }, { stream: chunked(jsonl(CLOUDTRAIL_RECORDS), 1), name: 'ct' }]);
    expect(ids(items)).toEqual([...AUDIT_IDS, 'CreateAccessEntry', 'AssumeRoleWithWebIdentity']);
    expect(stats).toMatchObject({ files: 2, k8sAudit: 3, cloudTrail: 2 });
  });

  it('skips a UTF-8 byte order mark', async () => {
    const { items } = await readText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl([EXEC_EVENT]))]));
    expect(items).toHaveLength(1);
  });
});

describe('readEvents bad input', () => {
  it('counts and reports malformed lines, wrong types and unknown records, and goes on', async () => {
    const wrongVerb = { ...GET_SECRET_EVENT, verb: 7 };
    const unknownFields = { ...ANONYMOUS_EVENT, somethingNew: { nested: true } };
    const text = [
      JSON.stringify(EXEC_EVENT),
      '{"kind":"Event","auditID":"broken",',
      'GET /api/v1/pods 200',
      JSON.stringify(wrongVerb),
      JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' } }),
      JSON.stringify(unknownFields),
      '"just a string"',
      JSON.stringify({ ...CREATE_ACCESS_ENTRY, eventTime: 5 }),
    ].join('\n');
    const { items, stats } = await readText(text, { chunk: 41 });
    expect(ids(items)).toEqual([EXEC_EVENT.auditID, ANONYMOUS_EVENT.auditID]);
    expect((items[1] as unknown as { event: Record<string, unknown> }).event.somethingNew).toEqual({ nested: true });
    expect(stats.malformed).toBe(6);
    // Whole lines in one chunk go to JSON.parse, lines across chunks through the scanner.
    expect(stats.issues[0]!.message).toMatch(/^(invalid JSON: |line ends inside a JSON value)/);
    expect(stats.issues).toEqual([
      { file: 'input.json', line: 2, kind: 'json', message: stats.issues[0]!.message },
      { file: 'input.json', line: 3, kind: 'json', message: 'not JSON: "GET /api/v1/pods 200"' },
      { file: 'input.json', line: 4, kind: 'schema', message: 'audit event: verb: expected a string, got number' },
      { file: 'input.json', line: 5, kind: 'schema', message: 'neither a Kubernetes audit event (auditID) nor a CloudTrail record (eventSource, eventName)' },
      { file: 'input.json', line: 7, kind: 'json', message: 'not JSON: "\\"just a string\\""' },
      { file: 'input.json', line: 8, kind: 'schema', message: 'CloudTrail record: eventTime: expected a string, got number' },
    ]);
  });

  it('reports invalid JSON inside a balanced line with the parser message', async () => {
    const { stats } = await readText(`{"auditID": x}\n${JSON.stringify(EXEC_EVENT)}\n`);
    expect(stats.events).toBe(1);
    expect(stats.issues[0]).toMatchObject({ line: 1, kind: 'json' });
    expect(stats.issues[0]!.message).toMatch(/^invalid JSON: /);
  });

  it('counts events over the size limit without parsing them', async () => {
    const big = { ...EXEC_EVENT, requestObject: { data: 'x'.repeat(5000) } };
    const inArray = JSON.stringify({ Records: [CREATE_ACCESS_ENTRY, { ...CREATE_ACCESS_ENTRY, requestParameters: { p: 'y'.repeat(5000) } }] });
    const { items, stats } = await readText(`${jsonl([big, GET_SECRET_EVENT])}${inArray}\n`, { maxEventBytes: 4096, chunk: 1000 });
    expect(ids(items)).toEqual([GET_SECRET_EVENT.auditID, 'CreateAccessEntry']);
    expect(stats.oversize).toBe(2);
    expect(stats.issues.map((i) => [i.line, i.kind, i.message.replace(/\d{4,}/, 'N')])).toEqual([
      [1, 'oversize', 'record of N bytes is over the 4096-byte limit'],
      [3, 'oversize', 'Records[1]: record of N bytes is over the 4096-byte limit'],
    ]);
  });

  it('counts CloudWatch-truncated audit events separately, in messages and raw lines', async () => {
    const full = JSON.stringify({ ...EXEC_EVENT, requestObject: { spec: 'z'.repeat(300) } });
    const cut = `${full.slice(0, 200)}[Truncated...]`;
    const text = jsonl([logEvent(cut, 0), logEvent(JSON.stringify(GET_SECRET_EVENT), 1)]) + `${cut}\n${JSON.stringify(ANONYMOUS_EVENT)}\n`;
    const { items, stats } = await readText(text);
    expect(ids(items)).toEqual([GET_SECRET_EVENT.auditID, ANONYMOUS_EVENT.auditID]);
    expect(stats).toMatchObject({ truncated: 2, malformed: 0 });
    expect(stats.issues.map((i) => [i.line, i.kind, i.message])).toEqual([
      [1, 'truncated', 'message: message truncated by CloudWatch Logs ([Truncated...])'],
      [3, 'truncated', 'record truncated by CloudWatch Logs ([Truncated...])'],
    ]);
  });

  it('reports a message that is not JSON, and a subscription payload event by index', async () => {
    const payload = { messageType: 'DATA_MESSAGE', logGroup: 'g', logStream: 's', logEvents: [{ id: '1', timestamp: 1, message: 'I0512 10:00:00 started' }, { id: '2', timestamp: 2, message: JSON.stringify(EXEC_EVENT) }] };
    const { items, stats } = await readText(JSON.stringify(payload));
    expect(items).toHaveLength(1);
    expect(stats.issues).toHaveLength(1);
    expect(stats.issues[0]!.message).toMatch(/^logEvents\[0\]\.message: message is not JSON: /);
  });

  it('reports missing files and corrupt gzip, and keeps reading other sources', async () => {
    const corrupt = join(dir, 'corrupt.json.gz');
    await writeFile(corrupt, gzipSync(jsonl(AUDIT_EVENTS)).subarray(0, 60));
    const { items, stats } = await readAllEvents([{ path: join(dir, 'missing.json') }, { path: corrupt }, { stream: chunked(jsonl([EXEC_EVENT]), 5), name: 'ok' }]);
    expect(items.at(-1)).toMatchObject({ file: 'ok', line: 1 });
    expect(stats.unreadable).toBe(2);
    expect(stats.issues.filter((i) => i.kind === 'read').map((i) => i.file)).toEqual([join(dir, 'missing.json'), corrupt]);
    expect(stats.issues.find((i) => i.file === corrupt)!.message).toMatch(/^read failed: unexpected end of file/);
  });

  it('survives arbitrary bytes without throwing', async () => {
    let seed = 7;
    const random = Buffer.alloc(200_000, 0).map(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % 256));
    const { stats } = await readText(Buffer.concat([random, Buffer.from(`\n${jsonl([EXEC_EVENT])}`)]), { chunk: 4096 });
    expect(stats.malformed + stats.oversize).toBeGreaterThan(0);
  });

  it('keeps at most maxIssues issues and counts the rest', async () => {
    const { stats } = await readText('x\n'.repeat(50), { maxIssues: 10 });
    expect(stats).toMatchObject({ malformed: 50, issuesOmitted: 40 });
    expect(stats.issues).toHaveLength(10);
  });
});

describe('readEvents streaming', () => {
  const LINES = 50_000;

  it(`streams ${LINES} lines with bounded read-ahead`, async () => {
    const line = JSON.stringify(GET_SECRET_EVENT) + '\n';
    let produced = 0;
    let maxAhead = 0;
    let consumed = 0;
    const source = {
      async *[Symbol.asyncIterator]() {
        // 100 lines per chunk, produced only when asked for.
        for (let i = 0; i < LINES; i += 100) {
          await Promise.resolve();
          produced += 100;
          yield Buffer.from(line.repeat(100));
        }
      },
    };
    const reader = readEvents({ stream: source, name: 'big.jsonl' });
    let firstSeenAt = -1;
    for await (const item of reader) {
      if (firstSeenAt < 0) firstSeenAt = produced;
      consumed++;
      maxAhead = Math.max(maxAhead, produced - consumed);
      expect(item.line).toBe(consumed);
    }
    expect(firstSeenAt).toBe(100);
    expect(maxAhead).toBeLessThanOrEqual(100);
    expect(reader.stats).toMatchObject({ events: LINES, malformed: 0 });
  });

  it(`reads a ${LINES}-line file from disk`, async () => {
    const path = join(dir, 'big.jsonl');
    await writeFile(path, jsonl([EXEC_EVENT, GET_SECRET_EVENT]).repeat(LINES / 2));
    const reader = readEvents({ path });
    let count = 0;
    let last = 0;
    for await (const item of reader) {
      count++;
      last = item.line;
    }
    expect([count, last, reader.stats.malformed]).toEqual([LINES, LINES, 0]);
  });
});
