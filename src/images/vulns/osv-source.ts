/**
 * Reads OSV JSON documents from what `db update` is given: an ecosystem `all.zip` as osv.dev
 * publishes it (one record per `.json` entry), a directory of JSON files, or a directory holding
 * both (e.g. `Debian/all.zip`, `npm/all.zip`). Each document is handed over as text with the
 * file it came from; sizes are capped so a zip bomb or a stray huge file cannot exhaust memory.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';

/** The largest OSV record seen in practice is well under 4 MB (Linux kernel CVEs). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export type DocumentHandler = (file: string, text: string) => void;
export type SourceErrorHandler = (file: string, message: string) => void;

/** Calls `onDocument` for every JSON document under `from` (file, zip or directory). */
export async function readOsvSource(from: string, onDocument: DocumentHandler, onError: SourceErrorHandler): Promise<void> {
  const info = await stat(from);
  if (info.isDirectory()) return readDirectory(from, onDocument, onError);
  if (from.endsWith('.zip')) return readZip(from, onDocument, onError);
  if (from.endsWith('.json')) return readJsonFile(from, info.size, onDocument, onError);
  throw new Error(`${from}: not a directory, .zip or .json file`);
}

async function readJsonFile(file: string, size: number, onDocument: DocumentHandler, onError: SourceErrorHandler): Promise<void> {
  if (size > MAX_RECORD_BYTES) return onError(file, `larger than ${MAX_RECORD_BYTES} bytes`);
  onDocument(file, await readFile(file, 'utf8'));
}

async function readDirectory(dir: string, onDocument: DocumentHandler, onError: SourceErrorHandler): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    return onError(dir, (error as Error).message);
  }
  // Sorted so builds are reproducible whatever order the file system lists.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await readDirectory(path, onDocument, onError);
    else if (entry.isFile() && entry.name.endsWith('.zip')) await readZip(path, onDocument, onError).catch((error: Error) => onError(path, error.message));
    else if (entry.isFile() && entry.name.endsWith('.json')) await readJsonFile(path, (await stat(path)).size, onDocument, onError);
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** Reads one entry, stopping at the cap whatever the central directory claims. */
function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RECORD_BYTES) {
          stream.destroy(new Error(`larger than ${MAX_RECORD_BYTES} bytes uncompressed`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  });
}

async function readZip(file: string, onDocument: DocumentHandler, onError: SourceErrorHandler): Promise<void> {
  const zip = await openZip(file);
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = `${file}!${entry.fileName}`;
      if (!entry.fileName.endsWith('.json')) return zip.readEntry();
      if (entry.uncompressedSize > MAX_RECORD_BYTES) {
        onError(name, `larger than ${MAX_RECORD_BYTES} bytes uncompressed`);
        return zip.readEntry();
      }
      readEntry(zip, entry)
        .then((text) => onDocument(name, text))
        .catch((error: Error) => onError(name, error.message))
        .finally(() => zip.readEntry());
    });
    zip.readEntry();
  });
}

