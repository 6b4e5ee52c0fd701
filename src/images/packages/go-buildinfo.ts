/**
 * Go binaries' build information (what `go version -m` prints), found in the `.go.buildinfo`
 * section or, failing that, by its 32-byte header `\xff Go buildinf:` + pointer size + flags.
 * Go 1.18+ writes the version and module info inline as uvarint-length-prefixed strings (flag
 * 0x2); Go 1.13–1.17 wrote two pointers to Go string headers, resolved through the ELF segments.
 */
import type { InventoryBuilder } from './inventory.js';
import { parseElf, type ElfFile } from './elf.js';
import { golangPurl } from './purl.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const FLAG_BIG_ENDIAN = 0x1;
const FLAG_INLINE = 0x2;
const MAX_STRING = 4 * 1024 * 1024;
/** modinfo is framed by 16 sentinel bytes on each side (cmd/go's modload.ModInfoData). */
const SENTINEL = 16;

export interface GoModule {
  path: string;
  version: string;
}

export interface GoBuildInfo {
  goVersion: string;
  path?: string;
  main?: GoModule;
  deps: GoModule[];
}

function uvarint(buf: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let shift = 0, i = at; i < buf.length && shift < 35; shift += 7, i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return { value, next: i + 1 };
  }
  return undefined;
}

function inlineStrings(buf: Buffer, at: number): [Buffer, Buffer] | undefined {
  const out: Buffer[] = [];
  let pos = at;
  for (let i = 0; i < 2; i++) {
    const len = uvarint(buf, pos);
    if (!len || len.value > MAX_STRING || len.next + len.value > buf.length) return undefined;
    out.push(buf.subarray(len.next, len.next + len.value));
    pos = len.next + len.value;
  }
  return [out[0]!, out[1]!];
}

/** Pre-1.18: `addr` holds a Go string header {data pointer, length}, both of pointer size. */
function pointedString(elf: ElfFile, addr: bigint, ptrSize: 4 | 8, bigEndian: boolean): Buffer | undefined {
  const read = (b: Buffer): bigint =>
    ptrSize === 8 ? (bigEndian ? b.readBigUInt64BE(0) : b.readBigUInt64LE(0)) : BigInt(bigEndian ? b.readUInt32BE(0) : b.readUInt32LE(0));
  const header = elf.at(addr, ptrSize * 2);
  if (!header) return undefined;
  const data = read(header);
  const len = read(header.subarray(ptrSize));
  if (len > BigInt(MAX_STRING)) return undefined;
  return elf.at(data, Number(len));
}

function decodeHeader(buf: Buffer, at: number, elf: ElfFile | undefined): [Buffer, Buffer] | undefined {
  if (at + HEADER_SIZE > buf.length || !buf.subarray(at, at + MAGIC.length).equals(MAGIC)) return undefined;
  const ptrSize = buf[at + 14];
  const flags = buf[at + 15]!;
  if (flags & FLAG_INLINE) return inlineStrings(buf, at + HEADER_SIZE);
  if ((ptrSize !== 4 && ptrSize !== 8) || !elf) return undefined;
  const big = (flags & FLAG_BIG_ENDIAN) !== 0;
  const ptr = (o: number): bigint =>
    ptrSize === 8 ? (big ? buf.readBigUInt64BE(o) : buf.readBigUInt64LE(o)) : BigInt(big ? buf.readUInt32BE(o) : buf.readUInt32LE(o));
  const version = pointedString(elf, ptr(at + 16), ptrSize, big);
  const mod = pointedString(elf, ptr(at + 16 + ptrSize), ptrSize, big);
  return version !== undefined && mod !== undefined ? [version, mod] : undefined;
}

/** The build info of a Go binary, or undefined when the file is not one (most files are not). */
export function readGoBuildInfo(buf: Buffer): GoBuildInfo | undefined {
  const elf = parseElf(buf);
  const section = elf?.section('.go.buildinfo');
  let found = section ? decodeHeader(section, 0, elf) : undefined;
  // Without the section (stripped of section headers, or not ELF), look for the header itself;
  // a hit can be the magic quoted by code that reads build info, so keep looking on failure.
  for (let at = buf.indexOf(MAGIC); !found && at >= 0; at = buf.indexOf(MAGIC, at + 1)) {
    found = decodeHeader(buf, at, elf);
  }
  const goVersion = found?.[0].toString('utf8');
  if (!found || !goVersion || !(goVersion.startsWith('go') || goVersion.startsWith('devel'))) return undefined;
  return parseModInfo(goVersion, found[1]);
}

export function parseModInfo(goVersion: string, raw: Buffer): GoBuildInfo {
  // The frames are not UTF-8: strip them as bytes before decoding the text between.
  const framed = raw.length >= 2 * SENTINEL + 1 && raw[raw.length - SENTINEL - 1] === 0x0a;
  const text = (framed ? raw.subarray(SENTINEL, raw.length - SENTINEL) : raw).toString('utf8');
  const info: GoBuildInfo = { goVersion, deps: [] };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const [kind, path, version] = line.split('\t');
    if (kind === 'path' && path) info.path = path;
    else if ((kind === 'mod' || kind === 'dep') && path) {
      last = { path, version: version ?? '' };
      if (kind === 'mod') info.main = last;
      else info.deps.push(last);
    } else if (kind === '=>' && path && last && version) {
      // A replacement is the code actually built in; one by a local directory has no version
      // and keeps the original's identity.
      last.path = path;
      last.version = version;
    }
  }
  return info;
}

/**
 * The SemVer the Go vulnerability database gives `stdlib` versions: `go1.21.5` (or
 * `go1.22.0 X:boringcrypto`) → `v1.21.5`; releases before 1.21 had no `.0` (`go1.20` →
 * `v1.20.0`); pre-releases `go1.21rc2` → `v1.21.0-rc.2`, `go1.18beta1` → `v1.18.0-beta.1`.
 */
function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(beta|rc)(\d+))?(?:\s|$)/.exec(goVersion);
  if (!m) return undefined;
  const [, major, minor, patch = '0', pre, preNumber] = m;
  return `v${major}.${minor}.${patch}${pre ? `-${pre}.${preNumber}` : ''}`;
}

export function readGoBinary(file: string, buf: Buffer, out: InventoryBuilder): void {
  const info = readGoBuildInfo(buf);
  if (!info) return;
  const add = (name: string, version: string): void => out.add({ name, version, ecosystem: 'Go', purl: golangPurl(name, version), foundIn: file });
  if (info.main?.path) add(info.main.path, info.main.version || '(devel)');
  for (const dep of info.deps) if (dep.version) add(dep.path, dep.version);
  const std = stdlibVersion(info.goVersion);
  if (std) add('stdlib', std);
}
