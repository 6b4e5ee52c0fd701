/**
 * Builds minimal ELF64 little-endian executables carrying Go build info, in the two layouts the
 * Go linker has used: inline varint-prefixed strings (Go 1.18+, flag 0x2) and pointers to Go
 * string headers (Go 1.13–1.17). No Go toolchain is installed here, so the bytes are written to
 * the format (cmd/link's buildinfo writer, debug/buildinfo's reader), not produced by `go build`.
 */

const BASE = 0x400000n;
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** The 16-byte frames cmd/go puts around modinfo. */
export const MODINFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
export const MODINFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

export function framedModInfo(lines: string[]): Buffer {
  return Buffer.concat([MODINFO_START, Buffer.from(lines.join('\n') + '\n', 'utf8'), MODINFO_END]);
}

export interface GoElfOptions {
  layout: 'inline' | 'pointer';
  goVersion: string;
  /** Raw modinfo, frames included (see framedModInfo). */
  modinfo: Buffer;
  /** Leave out section headers, as `strip --strip-section-headers`-like tools do. */
  withoutSections?: boolean;
  /** Bytes of filler before the build info, to look like a binary's text. */
  padding?: number;
}

export function buildGoElf(o: GoElfOptions): Buffer {
  const modinfo = o.modinfo;
  const version = Buffer.from(o.goVersion, 'utf8');
  const bodyStart = 64 + 56;
  const infoOffset = Math.ceil((bodyStart + (o.padding ?? 0)) / 16) * 16;
  let info: Buffer;
  let tail: Buffer;
  if (o.layout === 'inline') {
    info = Buffer.alloc(32);
    MAGIC.copy(info);
    info[14] = 8;
    info[15] = 0x2;
    tail = Buffer.concat([uvarint(version.length), version, uvarint(modinfo.length), modinfo]);
  } else {
    // header(32) | string header of version (16) | string header of modinfo (16) | bytes
    const vaddr = (off: number): bigint => BASE + BigInt(off);
    const hdr1 = infoOffset + 32;
    const hdr2 = hdr1 + 16;
    const vData = hdr2 + 16;
    const mData = vData + version.length;
    info = Buffer.alloc(32);
    MAGIC.copy(info);
    info[14] = 8;
    info[15] = 0;
    info.writeBigUInt64LE(vaddr(hdr1), 16);
    info.writeBigUInt64LE(vaddr(hdr2), 24);
    const headers = Buffer.alloc(32);
    headers.writeBigUInt64LE(vaddr(vData), 0);
    headers.writeBigUInt64LE(BigInt(version.length), 8);
    headers.writeBigUInt64LE(vaddr(mData), 16);
    headers.writeBigUInt64LE(BigInt(modinfo.length), 24);
    tail = Buffer.concat([headers, version, modinfo]);
  }
  const sectionSize = info.length + tail.length;
  const shstrtab = Buffer.from('\0.go.buildinfo\0.shstrtab\0', 'latin1');
  const shstrOffset = infoOffset + sectionSize;
  const shoff = Math.ceil((shstrOffset + shstrtab.length) / 8) * 8;
  const total = o.withoutSections ? shstrOffset : shoff + 3 * 64;
  const buf = Buffer.alloc(total);
  for (let i = bodyStart; i < infoOffset; i++) buf[i] = (i * 31) & 0xff;
  // ELF header: ELFCLASS64, ELFDATA2LSB, ET_EXEC, EM_X86_64.
  buf.writeUInt32BE(0x7f454c46, 0);
  buf[4] = 2;
  buf[5] = 1;
  buf[6] = 1;
  buf.writeUInt16LE(2, 16);
  buf.writeUInt16LE(62, 18);
  buf.writeUInt32LE(1, 20);
  buf.writeBigUInt64LE(BASE, 24);
  buf.writeBigUInt64LE(64n, 0x20);
  buf.writeBigUInt64LE(o.withoutSections ? 0n : BigInt(shoff), 0x28);
  buf.writeUInt16LE(64, 0x34);
  buf.writeUInt16LE(56, 0x36);
  buf.writeUInt16LE(1, 0x38);
  buf.writeUInt16LE(64, 0x3a);
  buf.writeUInt16LE(o.withoutSections ? 0 : 3, 0x3c);
  buf.writeUInt16LE(o.withoutSections ? 0 : 2, 0x3e);
  // One PT_LOAD mapping the whole file at BASE.
  buf.writeUInt32LE(1, 64);
  buf.writeUInt32LE(5, 68);
  buf.writeBigUInt64LE(0n, 72);
  buf.writeBigUInt64LE(BASE, 80);
  buf.writeBigUInt64LE(BASE, 88);
  buf.writeBigUInt64LE(BigInt(shstrOffset), 96);
  buf.writeBigUInt64LE(BigInt(shstrOffset), 104);
  buf.writeBigUInt64LE(0x1000n, 112);
  info.copy(buf, infoOffset);
  tail.copy(buf, infoOffset + 32);
  if (!o.withoutSections) {
    shstrtab.copy(buf, shstrOffset);
    const sh = (i: number, name: number, type: number, addr: bigint, offset: number, size: number): void => {
      const p = shoff + i * 64;
      buf.writeUInt32LE(name, p);
      buf.writeUInt32LE(type, p + 4);
      buf.writeBigUInt64LE(addr, p + 0x10);
      buf.writeBigUInt64LE(BigInt(offset), p + 0x18);
      buf.writeBigUInt64LE(BigInt(size), p + 0x20);
    };
    sh(1, 1, 1, BASE + BigInt(infoOffset), infoOffset, sectionSize);
    sh(2, 15, 3, 0n, shstrOffset, shstrtab.length);
  }
  return buf;
}
