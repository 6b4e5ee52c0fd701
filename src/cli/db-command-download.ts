/**
 * Downloads OSV ecosystem archives (`<base>/<ECOSYSTEM>/all.zip`, as osv.dev publishes them in
 * its public bucket) to a directory, streamed to disk with a size cap, for `db update` to build
 * from. The base URL can point at a mirror.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';

/** The ecosystems images carry: distributions eksguard reads package databases of, and language packages. */
export const DEFAULT_ECOSYSTEMS = ['Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'AlmaLinux', 'Rocky Linux', 'npm', 'PyPI', 'Go', 'Maven'];

/** The largest archive (Debian, Ubuntu) is a few hundred MB; anything far past that is not an OSV export. */
export const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;
const TIMEOUT_MS = 30 * 60 * 1000;

export interface Downloaded {
  ecosystem: string;
  bytes: number;
}

/** Passes bytes through, counting them, and fails past the limit (a server may not declare a length). */
function capped(limit: number, what: string): { stream: Transform; bytes: () => number } {
  let seen = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new Error(`${what}: larger than ${limit} bytes`));
      else callback(null, chunk);
    },
  });
  return { stream, bytes: () => seen };
}

/** Downloads `<base>/<ecosystem>/all.zip` to `<dir>/<ecosystem>/all.zip` for each ecosystem. */
export async function downloadOsvArchives(base: string, ecosystems: readonly string[], dir: string, onProgress?: (text: string) => void): Promise<Downloaded[]> {
  const done: Downloaded[] = [];
  for (const ecosystem of ecosystems) {
    const url = `${base.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
    onProgress?.(`Downloading ${url}…`);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new Error(`${url}: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ''}`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`${url}: HTTP ${response.status}${response.status === 404 ? ` (is "${ecosystem}" an OSV ecosystem name?)` : ''}`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > MAX_ARCHIVE_BYTES) {
      await response.body.cancel().catch(() => undefined);
      throw new Error(`${url}: ${declared} bytes, over the ${MAX_ARCHIVE_BYTES}-byte limit`);
    }
    const target = join(dir, ecosystem);
    await mkdir(target, { recursive: true });
    const file = join(target, 'all.zip');
    const counter = capped(MAX_ARCHIVE_BYTES, url);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter.stream, createWriteStream(file));
    done.push({ ecosystem, bytes: counter.bytes() });
  }
  return done;
}
