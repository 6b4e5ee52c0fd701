import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterFile } from './dead-letter.js';
import { DEFAULT_RETRY_POLICY } from './http-delivery.js';
import { type SinkDeps, createSink, parseSinkHeader, parseSinkSpec } from './sink-spec.js';
import { sampleAlert } from './test-support/sample-alert.js';
import { type ScriptedServer, recordingClock, refusingUrl, startScriptedServer } from './test-support/scripted-server.js';

describe('parseSinkSpec', () => {
  it('reads every kind', () => {
    expect(parseSinkSpec('stdout')).toEqual({ ok: true, value: { kind: 'stdout' } });
    expect(parseSinkSpec('stdout=text')).toEqual({ ok: true, value: { kind: 'stdout', format: 'text' } });
    expect(parseSinkSpec('file=out/alerts.jsonl')).toEqual({ ok: true, value: { kind: 'file', path: 'out/alerts.jsonl' } });
    expect(parseSinkSpec('webhook=https://siem.example.com/ingest?x=a=b')).toEqual({ ok: true, value: { kind: 'webhook', url: { value: 'https://siem.example.com/ingest?x=a=b' } } });
    expect(parseSinkSpec('slack=env:SLACK_WEBHOOK_URL')).toEqual({ ok: true, value: { kind: 'slack', url: { env: 'SLACK_WEBHOOK_URL' } } });
  });

  it('explains bad specs without ever repeating a URL', () => {
    expect(parseSinkSpec('email=a@b')).toEqual({ ok: false, error: '--sink email: unknown sink (use stdout, stdout=text, stdout=jsonl, file=PATH, webhook=URL, slack=URL (URL may be env:VARIABLE))' });
    expect(parseSinkSpec('stdout=xml')).toEqual({ ok: false, error: '--sink stdout=xml: the format must be text or jsonl' });
    expect(parseSinkSpec('file=')).toEqual({ ok: false, error: '--sink file needs a path: file=alerts.jsonl' });
    expect(parseSinkSpec('slack')).toEqual({ ok: false, error: '--sink slack needs a URL: slack=https://… or slack=env:VARIABLE' });
    expect(parseSinkSpec('slack=hooks.slack.com/services/T1/B2/SECRET')).toEqual({ ok: false, error: '--sink slack=…: the URL is not valid (expected https://host/path)' });
    expect(parseSinkSpec('webhook=ftp://example.com/SECRET')).toEqual({ ok: false, error: '--sink webhook=…: the URL must start with https:// or http://, not ftp://' });
    expect(parseSinkSpec('webhook=env:1BAD')).toEqual({ ok: false, error: '--sink webhook=…: env:1BAD is not an environment variable name' });
  });
});

describe('parseSinkHeader', () => {
  it('reads a literal value or an environment variable reference', () => {
    expect(parseSinkHeader('Authorization: Bearer abc: def')).toEqual({ ok: true, value: { name: 'Authorization', value: { value: 'Bearer abc: def' } } });
    expect(parseSinkHeader('X-Api-Key: env:SIEM_KEY')).toEqual({ ok: true, value: { name: 'X-Api-Key', value: { env: 'SIEM_KEY' } } });
  });

  it('rejects malformed and reserved headers, masking the value', () => {
    expect(parseSinkHeader('Bearer abcdefghijklmnopq')).toEqual({ ok: false, error: `--sink-header must be 'Name: value' or 'Name: env:VARIABLE', not "Bearer abc…"` });
    expect(parseSinkHeader('Bad Name: value')).toEqual({ ok: false, error: `--sink-header must be 'Name: value' or 'Name: env:VARIABLE', not "Bad Name: …"` });
    expect(parseSinkHeader('Content-Type: text/plain')).toEqual({ ok: false, error: '--sink-header Content-Type: set by eksguard itself, it cannot be overridden' });
  });
});

describe('createSink', () => {
  let dir: string;
  let server: ScriptedServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eksguard-sink-spec-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function deps(overrides: Partial<SinkDeps> = {}): SinkDeps {
    return { stdout: new PassThrough(), format: 'jsonl', env: {}, cwd: dir, userAgent: 'eksguard/1.2.3', policy: DEFAULT_RETRY_POLICY, clock: recordingClock(), ...overrides };
  }

  function spec(text: string) {
    const parsed = parseSinkSpec(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  }

  it('writes stdout sinks in the CLI format unless the spec names one', async () => {
    const stdout = new PassThrough();
    const sink = await createSink(spec('stdout=text'), deps({ stdout }));
    sink.write(sampleAlert());
    expect(String(stdout.read())).toMatch(/^2024-05-01T12:00:00.000000Z {2}HIGH/);
    expect(sink.name).toBe('stdout');
  });

  it('resolves a relative file path against the working folder', async () => {
    const sink = await createSink(spec('file=alerts.jsonl'), deps());
    sink.write(sampleAlert());
    await sink.close();
    expect(JSON.parse(readFileSync(join(dir, 'alerts.jsonl'), 'utf8'))).toEqual(sampleAlert());
  });

  it('sends the User-Agent and --sink-header values (from the environment) to a webhook taken from the environment', async () => {
    server = await startScriptedServer([]);
    const headers = [parseSinkHeader('Authorization: env:SIEM_TOKEN'), parseSinkHeader('X-Team: sec')].map((parsed) => (parsed.ok ? parsed.value : undefined)!);
    const sink = await createSink(spec('webhook=env:SIEM_URL'), deps({ env: { SIEM_URL: `${server.url}/ingest`, SIEM_TOKEN: 'Bearer from-env-123456' }, headers }));
    sink.write(sampleAlert());
    await sink.flush();
    expect(server.requests[0]!.headers).toMatchObject({ 'user-agent': 'eksguard/1.2.3', authorization: 'Bearer from-env-123456', 'x-team': 'sec' });
  });

  it('never sends --sink-header values to Slack, whose URL is the credential', async () => {
    server = await startScriptedServer([]);
    const header = parseSinkHeader('Authorization: Bearer for-the-siem-only');
    const sink = await createSink(spec(`slack=${server.url}/services/T1/B2/SECRET`), deps({ headers: [(header.ok ? header.value : undefined)!] }));
    sink.write(sampleAlert());
    await sink.flush();
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.headers['user-agent']).toBe('eksguard/1.2.3');
  });

  it('dead-letters through the shared dead-letter file', async () => {
    const deadLetter = DeadLetterFile.open(join(dir, 'dead.jsonl'));
    const sink = await createSink(spec(`webhook=${await refusingUrl()}/x`), deps({ deadLetter, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } }));
    sink.write(sampleAlert());
    await sink.close();
    expect(readFileSync(join(dir, 'dead.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('fails clearly when an env: reference is unset or holds no URL, without quoting it', async () => {
    await expect(createSink(spec('slack=env:SLACK_URL'), deps())).rejects.toThrow('--sink slack: environment variable SLACK_URL is not set');
    await expect(createSink(spec('slack=env:SLACK_URL'), deps({ env: { SLACK_URL: 'hooks.slack.com/services/SECRET' } }))).rejects.toThrow(/^--sink slack=env:…: the URL is not valid \(expected https:\/\/host\/path\)$/);
    const header = parseSinkHeader('Authorization: env:NOPE');
    await expect(createSink(spec('webhook=https://siem.example.com/'), deps({ headers: [(header.ok ? header.value : undefined)!] }))).rejects.toThrow('--sink-header Authorization: environment variable NOPE is not set');
  });
});
