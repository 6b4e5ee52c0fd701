import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Files a directory walk reads: JSON, JSON lines and logs, plain or gzip. */
const EVENT_FILE = /\.(json|jsonl|ndjson|log|gz)$/i;
/** CloudTrail digest files sign log files; they hold no events. */
const SKIPPED_DIRECTORIES = new Set(['CloudTrail-Digest', 'node_modules']);

export type ByteSource = AsyncIterable<Uint8Array | string>;

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The bytes of a source, gunzipped when it starts with the gzip magic bytes (1f 8b; multi-member
 * gzip as Firehose writes it included) and without a leading UTF-8 byte order mark.
 */
export async function* decodedBytes(source: ByteSource): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  let ended = false;
  while (head.length < 3 && !ended) {
    const next = await iterator.next();
    if (next.done) ended = true;
    else head = head.length === 0 ? toBuffer(next.value) : Buffer.concat([head, toBuffer(next.value)]);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield toBuffer(next.value);
    }
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  yield* withoutBom(gzip ? gunzip(rest()) : rest());
}

async function* withoutBom(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of chunks) {
    if (first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      first = false;
      if (chunk.length > 3) yield chunk.subarray(3);
      continue;
    }
    first = false;
    yield chunk;
  }
}

async function* gunzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflate = createGunzip();
  const feeding = pipeline(Readable.from(chunks), inflate);
  feeding.catch(() => undefined);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
    await feeding;
  } finally {
    inflate.destroy();
  }
}

export function fileBytes(path: string): ByteSource {
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

/**
 * The files a path names: itself, or for a directory every event file under it, recursively, in
 * sorted order (CloudTrail's AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/ layout
 * reads in time order). `onError` receives paths that cannot be read; the walk goes on.
 */
export async function* expandPath(path: string, onError: (path: string, error: Error) => void): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    onError(path, error as Error);
    return;
  }
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    onError(path, error as Error);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* expandPath(child, onError);
    } else if (EVENT_FILE.test(entry.name)) {
      yield child;
    }
  }
}
