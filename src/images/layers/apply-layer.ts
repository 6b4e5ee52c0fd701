/**
 * One layer's tar applied onto the tree, with the OCI rules: `.wh.<name>` deletes `<name>` from
 * the layers below, `.wh..wh..opq` empties its directory of what the layers below put there,
 * and the layer's own entries replace lower ones. Whiteouts affect only lower layers, so the
 * layer's entries are staged and merged after its whiteouts are applied.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header } from 'tar-stream';
import { ImageError } from '../registry/errors.js';
import type { WantedFile } from '../types.js';
import { MemoryFileTree, normalisePath } from './file-tree.js';

export interface ExtractLimits {
  /** Wanted files larger than this are skipped with a warning (default 64 MiB). */
  maxFileBytes: number;
  /** All extracted file contents together (default 512 MiB): beyond, the read fails. */
  maxTotalBytes: number;
  /** Decompressed bytes of any one layer (default 8 GiB): beyond, the read fails. */
  maxLayerBytes: number;
  /** Symlinks kept across the image (default 100,000). */
  maxSymlinks: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxFileBytes: 64 * 1024 ** 2,
  maxTotalBytes: 512 * 1024 ** 2,
  maxLayerBytes: 8 * 1024 ** 3,
  maxSymlinks: 100_000,
};

/** What extraction learns across layers. */
export interface ExtractState {
  extractedBytes: number;
  warnings: string[];
  /** Targets of wanted links, wanted in later entries too. */
  linkTargets: Set<string>;
}

/**
 * PATH_MAX: a longer name or link target cannot exist on Linux, and pax headers would otherwise
 * let one entry make us hold megabytes (its link target is kept, and wanted targets are remembered).
 */
const MAX_NAME_BYTES = 4096;
const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

async function readEntry(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function applyLayer(
  tar: Readable,
  tree: MemoryFileTree,
  wanted: WantedFile,
  state: ExtractState,
  limits: ExtractLimits,
  where: string,
): Promise<void> {
  const staged = new MemoryFileTree();
  const removed: string[] = [];
  const opaque: string[] = [];
  const isWanted = (path: string, size: number) => state.linkTargets.has(path) || wanted(path, size);

  const parser = extract();
  let pipeError: unknown;
  const piping = pipeline(tar, parser).catch((error: unknown) => {
    pipeError = error;
  });
  try {
    for await (const entry of parser) {
      const header: Header = entry.header;
      const oversized = oversizedName(header);
      if (oversized) {
        state.warnings.push(`${where}: ${oversized}`);
        entry.resume();
        continue;
      }
      const path = normalisePath(header.name);
      const base = posix.basename(path);
      const dir = posix.dirname(path);
      if (base === OPAQUE) opaque.push(dir);
      else if (base.startsWith(WHITEOUT)) removed.push(posix.join(dir, base.slice(WHITEOUT.length)));
      else if (header.type === 'symlink' && header.linkname) {
        if (tree.symlinks.size + staged.symlinks.size >= limits.maxSymlinks) {
          throw new ImageError('too-large', `${where}: more than ${limits.maxSymlinks} symlinks`);
        }
        // Targets are held in memory like file contents, and count against the same cap.
        state.extractedBytes += Buffer.byteLength(header.linkname);
        if (state.extractedBytes > limits.maxTotalBytes) {
          throw new ImageError('too-large', `${where}: wanted files and symlink targets exceed ${limits.maxTotalBytes} bytes in total`);
        }
        staged.setSymlink(path, header.linkname);
        if (isWanted(path, 0)) {
          state.linkTargets.add(normalisePath(header.linkname.startsWith('/') ? header.linkname : posix.join(dir, header.linkname)));
        }
      } else if (header.type === 'link' && header.linkname && isWanted(path, 0)) {
        // A hard link names an earlier entry of this archive; its bytes are already held if that entry was wanted.
        const target = normalisePath(header.linkname);
        const content = staged.files.get(target) ?? tree.get(target);
        if (content) staged.setFile(path, content);
        else state.linkTargets.add(target);
      } else if ((header.type === 'file' || header.type === 'contiguous-file') && isWanted(path, header.size ?? 0)) {
        const size = header.size ?? 0;
        if (size > limits.maxFileBytes) {
          state.warnings.push(`${where}: ${path} skipped: ${size} bytes is over the ${limits.maxFileBytes}-byte per-file limit`);
        } else {
          state.extractedBytes += size;
          if (state.extractedBytes > limits.maxTotalBytes) {
            throw new ImageError('too-large', `${where}: wanted files exceed ${limits.maxTotalBytes} bytes in total`);
          }
          staged.setFile(path, await readEntry(entry));
          continue;
        }
      }
      entry.resume();
    }
  } catch (error) {
    tar.destroy();
    await piping;
    // Our own verdicts win; otherwise the pipeline's error is the cause (digest, gzip), the parser's a symptom.
    throw wrap(error instanceof ImageError ? error : (pipeError ?? error), where);
  }
  await piping;
  if (pipeError) throw wrap(pipeError, where);

  tree.applyWhiteouts(removed, opaque);
  for (const [path, target] of staged.symlinks) tree.setSymlink(path, target);
  for (const [path, content] of staged.files) tree.setFile(path, content);
}

/** Why an entry is skipped for its name's or link target's length; the names themselves are not quoted whole. */
function oversizedName(header: Header): string | undefined {
  const nameBytes = Buffer.byteLength(header.name);
  if (nameBytes > MAX_NAME_BYTES) return `${header.name.slice(0, 64)}… skipped: path of ${nameBytes} bytes is over the ${MAX_NAME_BYTES}-byte limit`;
  const linkBytes = header.linkname ? Buffer.byteLength(header.linkname) : 0;
  if (linkBytes > MAX_NAME_BYTES) return `${normalisePath(header.name)} skipped: link target of ${linkBytes} bytes is over the ${MAX_NAME_BYTES}-byte limit`;
  return undefined;
}

function wrap(error: unknown, where: string): ImageError {
  if (error instanceof ImageError) return error;
  return new ImageError('bad-layer', `${where}: not a readable tar (${(error as Error).message})`, { cause: error });
}
