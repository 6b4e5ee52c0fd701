import { isAbsolute, resolve } from 'node:path';
import type { AlertSink } from './alert-sink.js';
import type { DeadLetterFile } from './dead-letter.js';
import { FileSink } from './file-sink.js';
import { SinkConfigError } from './file-target.js';
import { DEFAULT_RETRY_POLICY, type DeliveryClock, REAL_CLOCK, type RetryPolicy } from './http-delivery.js';
import { maskHeaderValue } from './mask.js';
import { createSlackSink } from './slack-sink.js';
import { StreamSink, type StreamFormat } from './stream-sink.js';
import { createWebhookSink } from './webhook-sink.js';

/**
 * A secret given on the command line is visible to every local user (`ps`) and lands in shell
 * history, so URLs and header values may instead name an environment variable: `env:NAME`.
 */
export type SecretValue = { value: string } | { env: string };

export type SinkSpec =
  | { kind: 'stdout'; format?: StreamFormat }
  | { kind: 'file'; path: string }
  | { kind: 'webhook' | 'slack'; url: SecretValue };

/** A header for webhook sinks, from `--sink-header 'Name: value'` or `'Name: env:VAR'`. */
export interface SinkHeader {
  name: string;
  value: SecretValue;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the HTTP client owns: overriding them would corrupt the request. */
const RESERVED_HEADERS = new Set(['content-length', 'content-type', 'host', 'transfer-encoding', 'connection']);
const SINK_USAGE = 'use stdout, stdout=text, stdout=jsonl, file=PATH, webhook=URL, slack=URL (URL may be env:VARIABLE)';

function secretValue(text: string): Parsed<SecretValue> {
  if (!text.startsWith('env:')) return { ok: true, value: { value: text } };
  const env = text.slice(4);
  return ENV_NAME.test(env) ? { ok: true, value: { env } } : { ok: false, error: `env:${env} is not an environment variable name` };
}

/** Checks an http(s) URL without ever quoting it: it may hold the destination's secret. */
function checkUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'the URL is not valid (expected https://host/path)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the URL must start with https:// or http://, not ${url.protocol}//`;
  return undefined;
}

/** `--sink` text → a spec, or an error message that never repeats a URL. */
export function parseSinkSpec(text: string): Parsed<SinkSpec> {
  const equals = text.indexOf('=');
  const kind = equals < 0 ? text : text.slice(0, equals);
  const value = equals < 0 ? undefined : text.slice(equals + 1);
  switch (kind) {
    case 'stdout':
      if (value === undefined) return { ok: true, value: { kind } };
      if (value === 'text' || value === 'jsonl') return { ok: true, value: { kind, format: value } };
      return { ok: false, error: `--sink stdout=${value}: the format must be text or jsonl` };
    case 'file':
      if (!value) return { ok: false, error: '--sink file needs a path: file=alerts.jsonl' };
      return { ok: true, value: { kind, path: value } };
    case 'webhook':
    case 'slack': {
      if (!value) return { ok: false, error: `--sink ${kind} needs a URL: ${kind}=https://… or ${kind}=env:VARIABLE` };
      const secret = secretValue(value);
      if (!secret.ok) return { ok: false, error: `--sink ${kind}=…: ${secret.error}` };
      const problem = 'value' in secret.value ? checkUrl(secret.value.value) : undefined;
      return problem ? { ok: false, error: `--sink ${kind}=…: ${problem}` } : { ok: true, value: { kind, url: secret.value } };
    }
    default:
      return { ok: false, error: `--sink ${kind}: unknown sink (${SINK_USAGE})` };
  }
}

/** `--sink-header 'Authorization: Bearer …'` or `'Authorization: env:WEBHOOK_AUTH'` → a header; errors mask the value. */
export function parseSinkHeader(text: string): Parsed<SinkHeader> {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  const raw = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (!HEADER_NAME.test(name) || raw === '') return { ok: false, error: `--sink-header must be 'Name: value' or 'Name: env:VARIABLE', not "${colon < 0 ? maskHeaderValue(text) : `${name}: …`}"` };
  if (RESERVED_HEADERS.has(name.toLowerCase())) return { ok: false, error: `--sink-header ${name}: set by eksguard itself, it cannot be overridden` };
  if (/[\r\n]/.test(raw)) return { ok: false, error: `--sink-header ${name}: the value may not contain line breaks` };
  const secret = secretValue(raw);
  return secret.ok ? { ok: true, value: { name, value: secret.value } } : { ok: false, error: `--sink-header ${name}: ${secret.error}` };
}

export interface SinkDeps {
  /** Where `stdout` sinks write (the CLI's standard output). */
  stdout: NodeJS.WritableStream;
  /** Format of `stdout` sinks that do not name one. */
  format: StreamFormat;
  /** For `env:` references. */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative file paths are resolved against it. */
  cwd: string;
  /** e.g. `eksguard/0.1.0`, sent as User-Agent by HTTP sinks. */
  userAgent: string;
  /** Headers for `webhook` sinks (never sent to Slack: its URL is the credential). */
  headers?: readonly SinkHeader[];
  /** Undelivered alerts of HTTP sinks go here (JSON lines); share one across sinks. */
  deadLetter?: DeadLetterFile;
  /** Delivery problems, already masked, for standard error. */
  warn?: (message: string) => void;
  policy?: RetryPolicy;
  clock?: DeliveryClock;
  maxBuffered?: number;
}

function resolveSecret(secret: SecretValue, what: string, env: SinkDeps['env']): string {
  if ('value' in secret) return secret.value;
  const value = env[secret.env];
  if (value === undefined || value === '') throw new SinkConfigError(`${what}: environment variable ${secret.env} is not set`);
  return value;
}

/** Opens the sink a spec describes; throws SinkConfigError (a message for the user, secrets masked) when it cannot. */
export async function createSink(spec: SinkSpec, deps: SinkDeps): Promise<AlertSink> {
  const warn = deps.warn ?? (() => {});
  switch (spec.kind) {
    case 'stdout':
      return new StreamSink(deps.stdout, spec.format ?? deps.format, 'stdout', warn);
    case 'file':
      return FileSink.open(isAbsolute(spec.path) ? spec.path : resolve(deps.cwd, spec.path), { warn });
    case 'webhook':
    case 'slack': {
      const text = resolveSecret(spec.url, `--sink ${spec.kind}`, deps.env);
      const problem = checkUrl(text);
      if (problem) throw new SinkConfigError(`--sink ${spec.kind}=env:…: ${problem}`);
      const headers: Record<string, string> = { 'user-agent': deps.userAgent };
      if (spec.kind === 'webhook') {
        for (const header of deps.headers ?? []) headers[header.name.toLowerCase()] = resolveSecret(header.value, `--sink-header ${header.name}`, deps.env);
      }
      const options = {
        url: new URL(text),
        headers,
        policy: deps.policy ?? DEFAULT_RETRY_POLICY,
        clock: deps.clock ?? REAL_CLOCK,
        warn,
        ...(deps.deadLetter ? { deadLetter: deps.deadLetter } : {}),
        ...(deps.maxBuffered !== undefined ? { maxBuffered: deps.maxBuffered } : {}),
      };
      return spec.kind === 'webhook' ? createWebhookSink(options) : createSlackSink(options);
    }
  }
}
