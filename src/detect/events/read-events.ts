import { classifyText, TRUNCATION_MARKER, type Collector, type DetectInput, type Location, type ReadIssue, type ReadIssueKind } from './classify.js';
import { decodedBytes, expandPath, fileBytes, type ByteSource } from './byte-streams.js';
import { JsonValueScanner, type Position } from './json-scanner.js';

/** A file, a directory (walked recursively), `-` for standard input, or a named stream. */
export type EventSource = { path: string } | { stream: ByteSource; name: string };

export interface ReadOptions {
  /** Largest record accepted, in bytes of JSON text; larger ones are counted as oversize. Default 1 MiB. */
  maxEventBytes?: number;
  /** Issues kept in `stats.issues`; the rest are only counted (`issuesOmitted`). Default 1000. */
  maxIssues?: number;
  /** Standard input, for the path `-`. Default `process.stdin`. */
  stdin?: ByteSource;
}

export interface ReadStats {
  /** Files and streams read. */
  files: number;
  /** Events yielded (`k8sAudit + cloudTrail`). */
  events: number;
  k8sAudit: number;
  cloudTrail: number;
  /** Records that were not JSON, or JSON of the wrong shape. */
  malformed: number;
  /** Records cut by CloudWatch Logs (`[Truncated...]`). */
  truncated: number;
  /** Records over `maxEventBytes`. */
  oversize: number;
  /** Files or streams that failed to read (missing, unreadable, corrupt gzip). */
  unreadable: number;
  /** CloudWatch Logs control messages, which carry no event. */
  skipped: number;
  issues: ReadIssue[];
  issuesOmitted: number;
}

export interface EventReader extends AsyncIterable<DetectInput> {
  /** Counts so far; final once iteration has finished. */
  readonly stats: ReadStats;
}

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
const DEFAULT_MAX_ISSUES = 1000;

export function emptyReadStats(): ReadStats {
  return { files: 0, events: 0, k8sAudit: 0, cloudTrail: 0, malformed: 0, truncated: 0, oversize: 0, unreadable: 0, skipped: 0, issues: [], issuesOmitted: 0 };
}

/**
 * Reads Kubernetes audit events and CloudTrail records from files, directories, stdin or streams,
 * one record at a time. The format is recognised from the content (JSON lines, JSON array,
 * `EventList`, CloudTrail `{"Records": [...]}`, CloudWatch Logs subscription payloads and
 * exported log events, gzip by magic bytes). Bad records are counted in `stats` with file and
 * line, and reading goes on; iteration never throws for bad input.
 */
export function readEvents(sources: EventSource | readonly EventSource[], options: ReadOptions = {}): EventReader {
  const stats = emptyReadStats();
  const list: readonly EventSource[] = Array.isArray(sources) ? sources : [sources as EventSource];
  return {
    stats,
    [Symbol.asyncIterator]: () => oneByOne(readAll(list, options, stats)),
  };
}

/**
 * The inputs of batches one at a time. Reading yields what one chunk held as one batch: a
 * generator step per event (two, through the nested generators) cost more than the rules.
 */
function oneByOne<T>(batches: AsyncGenerator<T[]>): AsyncIterator<T> {
  let batch: T[] = [];
  let index = 0;
  return {
    async next(): Promise<IteratorResult<T>> {
      while (index >= batch.length) {
        const step = await batches.next();
        if (step.done) return { done: true, value: undefined };
        batch = step.value;
        index = 0;
      }
      return { done: false, value: batch[index++] as T };
    },
    async return(): Promise<IteratorResult<T>> {
      batch = [];
      await batches.return(undefined);
      return { done: true, value: undefined };
    },
  };
}

async function* readAll(sources: readonly EventSource[], options: ReadOptions, stats: ReadStats): AsyncGenerator<DetectInput[]> {
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const record = (kind: ReadIssueKind, loc: Location, message: string): void => {
    if (kind === 'json' || kind === 'schema') stats.malformed++;
    else if (kind === 'truncated') stats.truncated++;
    else if (kind === 'oversize') stats.oversize++;
    else stats.unreadable++;
    if (stats.issues.length >= maxIssues) {
      stats.issuesOmitted++;
      return;
    }
    stats.issues.push({ file: loc.file, line: loc.line, kind, message: loc.where ? `${loc.where}: ${message}` : message });
  };
  const maxBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  for (const source of sources) {
    if ('stream' in source) {
      yield* readStream(source.stream, source.name, maxBytes, stats, record);
    } else if (source.path === '-') {
      yield* readStream(options.stdin ?? (process.stdin as ByteSource), '<stdin>', maxBytes, stats, record);
    } else {
      const files = expandPath(source.path, (path, error) => record('read', { file: path, line: 0 }, error.message));
      for await (const file of files) yield* readStream(fileBytes(file), file, maxBytes, stats, record);
    }
  }
}

function whereOf(position: Position): string | undefined {
  if (position.index === undefined) return undefined;
  return `${position.container ?? ''}[${position.index}]`;
}

async function* readStream(
  source: ByteSource,
  file: string,
  maxBytes: number,
  stats: ReadStats,
  record: (kind: ReadIssueKind, loc: Location, message: string) => void,
): AsyncGenerator<DetectInput[]> {
  stats.files++;
  let ready: DetectInput[] = [];
  const out: Collector = {
    maxBytes,
    item(input) {
      stats.events++;
      if (input.kind === 'k8s-audit') stats.k8sAudit++;
      else stats.cloudTrail++;
      ready.push(input);
    },
    issue: record,
    skip() {
      stats.skipped++;
    },
  };
  const scanner = new JsonValueScanner(maxBytes, {
    value(value) {
      classifyText(value.text, value.bytes, { file, line: value.line, where: whereOf(value) }, out);
    },
    problem(problem) {
      const loc = { file, line: problem.line, where: whereOf(problem) };
      if (problem.partial?.includes(TRUNCATION_MARKER)) record('truncated', loc, `record truncated by CloudWatch Logs (${TRUNCATION_MARKER})`);
      else record('json', loc, problem.message);
    },
  });
  try {
    for await (const chunk of decodedBytes(source)) {
      scanner.push(chunk);
      if (ready.length > 0) {
        yield ready;
        ready = [];
      }
    }
    scanner.end();
  } catch (error) {
    record('read', { file, line: scanner.currentLine }, `read failed: ${(error as Error).message}`);
  }
  if (ready.length > 0) yield ready;
}
