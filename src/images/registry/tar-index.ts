/**
 * Random access into an uncompressed tar file on disk: one pass over the headers (skipping the
 * data) records where every regular file's bytes sit, so a `docker save` archive's layers can be
 * streamed in any order without unpacking it. Handles ustar prefixes, pax `path`/`size` records,
 * GNU long names and symlinks (Docker links repeated legacy layers).
 */
import type { FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { ImageError } from './errors.js';

export interface TarIndexEntry {
  offset: number;
  size: number;
}

const BLOCK = 512;
const MAX_ENTRIES = 100_000;
const MAX_META = 1024 * 1024;

function text(block: Buffer, start: number, length: number): string {
  const slice = block.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end < 0 ? slice.length : end).toString('utf8');
}

function number(block: Buffer, start: number, length: number, where: string): number {
  const field = block.subarray(start, start + length);
  if ((field[0] ?? 0) & 0x80) {
    // GNU base-256: big-endian binary after the marker bit.
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const digits = text(block, start, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new ImageError('bad-archive', `${where}: header field is not octal ('${digits.slice(0, 20)}')`);
  return parseInt(digits, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = parseInt(text(block, 148, 8).trim() || '-1', 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0);
  return stored === sum;
}

function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const length = Number(data.subarray(i, space).toString('ascii'));
    if (!Number.isSafeInteger(length) || length <= 0 || i + length > data.length) break;
    const record = data.subarray(space + 1, i + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    i += length;
  }
  return records;
}

export function normaliseTarPath(name: string): string {
  return posix.normalize(name.replace(/^\/+/, '')).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export async function indexTar(handle: FileHandle, fileSize: number, where: string): Promise<Map<string, TarIndexEntry>> {
  const files = new Map<string, TarIndexEntry>();
  const links = new Map<string, string>();
  const block = Buffer.alloc(BLOCK);
  let offset = 0;
  let longName: string | undefined;
  let pax = new Map<string, string>();
  while (offset + BLOCK <= fileSize) {
    await handle.read(block, 0, BLOCK, offset);
    if (block.every((byte) => byte === 0)) break;
    if (!checksumOk(block)) throw new ImageError('bad-archive', `${where}: tar header at byte ${offset} has a bad checksum (not a tar file, or corrupt)`);
    const type = String.fromCharCode(block[156] ?? 48);
    let size = number(block, 124, 12, `${where} @${offset}`);
    if (pax.has('size')) size = Number(pax.get('size'));
    const dataStart = offset + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0 || dataStart + size > fileSize) {
      throw new ImageError('bad-archive', `${where}: entry at byte ${offset} claims ${size} bytes past the end of the file (truncated?)`);
    }
    const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L' || type === 'g') {
      if (size > MAX_META) throw new ImageError('bad-archive', `${where}: metadata entry at byte ${offset} is ${size} bytes`);
      const data = Buffer.alloc(size);
      await handle.read(data, 0, size, dataStart);
      if (type === 'x') pax = paxRecords(data);
      if (type === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
      offset = next;
      continue;
    }
    const ustar = text(block, 257, 6).startsWith('ustar');
    const prefix = ustar ? text(block, 345, 155) : '';
    const raw = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    const name = normaliseTarPath(raw);
    if (type === '0' || type === '\0' || type === '7') files.set(name, { offset: dataStart, size });
    if (type === '2') links.set(name, pax.get('linkpath') ?? text(block, 157, 100));
    if (type === '1') links.set(name, `/${normaliseTarPath(pax.get('linkpath') ?? text(block, 157, 100))}`);
    if (files.size + links.size > MAX_ENTRIES) throw new ImageError('too-large', `${where}: more than ${MAX_ENTRIES} entries`);
    longName = undefined;
    pax = new Map();
    offset = next;
  }
  for (const [name, target] of links) {
    // Hard links (marked with a leading '/') name a path from the root; symlinks are relative to their folder.
    const resolved = target.startsWith('/') ? normaliseTarPath(target) : normaliseTarPath(posix.join(posix.dirname(name), target));
    const entry = files.get(resolved);
    if (entry && !resolved.startsWith('..')) files.set(name, entry);
  }
  return files;
}
