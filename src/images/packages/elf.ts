/**
 * Just enough of ELF (the System V gABI) to find a named section and to turn a virtual address
 * into a file offset through the PT_LOAD segments. Every read is bounds-checked: a file that
 * merely starts with the ELF magic is untrusted input like any other.
 */

const PT_LOAD = 1;
const MAX_HEADERS = 4096;

export interface ElfFile {
  ptrSize: 4 | 8;
  littleEndian: boolean;
  section(name: string): Buffer | undefined;
  /** The file bytes at a virtual address, or undefined when no loaded segment holds them. */
  at(vaddr: bigint, length: number): Buffer | undefined;
}

interface Segment {
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
}

export function isElf(buf: Buffer): boolean {
  return buf.length >= 52 && buf.readUInt32BE(0) === 0x7f454c46;
}

export function parseElf(buf: Buffer): ElfFile | undefined {
  if (!isElf(buf)) return undefined;
  const is64 = buf[4] === 2;
  if (!is64 && buf[4] !== 1) return undefined;
  const le = buf[5] === 1;
  if (!le && buf[5] !== 2) return undefined;
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): bigint => BigInt(le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u64 = (o: number): bigint => (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o));
  const word = (o: number): bigint => (is64 ? u64(o) : u32(o));
  const inFile = (offset: bigint, size: bigint): boolean => offset >= 0n && size >= 0n && offset + size <= BigInt(buf.length);
  if (buf.length < (is64 ? 64 : 52)) return undefined;

  const phoff = word(is64 ? 0x20 : 0x1c);
  const shoff = word(is64 ? 0x28 : 0x20);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = Math.min(u16(is64 ? 0x38 : 0x2c), MAX_HEADERS);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = Math.min(u16(is64 ? 0x3c : 0x30), MAX_HEADERS);
  const shstrndx = u16(is64 ? 0x3e : 0x32);

  const segments: Segment[] = [];
  if (phentsize >= (is64 ? 56 : 32)) {
    for (let i = 0; i < phnum; i++) {
      const at = phoff + BigInt(i * phentsize);
      if (!inFile(at, BigInt(phentsize))) break;
      const p = Number(at);
      if (u32(p) !== BigInt(PT_LOAD)) continue;
      segments.push(
        is64
          ? { offset: u64(p + 8), vaddr: u64(p + 0x10), filesz: u64(p + 0x20) }
          : { offset: u32(p + 4), vaddr: u32(p + 8), filesz: u32(p + 0x10) },
      );
    }
  }

  const sections = new Map<string, { offset: bigint; size: bigint }>();
  const shdr = (i: number): { name: number; offset: bigint; size: bigint } | undefined => {
    const at = shoff + BigInt(i * shentsize);
    if (shentsize < (is64 ? 64 : 40) || !inFile(at, BigInt(shentsize))) return undefined;
    const p = Number(at);
    return is64
      ? { name: Number(u32(p)), offset: u64(p + 0x18), size: u64(p + 0x20) }
      : { name: Number(u32(p)), offset: u32(p + 0x10), size: u32(p + 0x14) };
  };
  const strtab = shstrndx < shnum ? shdr(shstrndx) : undefined;
  if (strtab && inFile(strtab.offset, strtab.size)) {
    const names = buf.subarray(Number(strtab.offset), Number(strtab.offset + strtab.size));
    for (let i = 0; i < shnum; i++) {
      const s = shdr(i);
      if (!s || s.name >= names.length) continue;
      const end = names.indexOf(0, s.name);
      const name = names.toString('latin1', s.name, end < 0 ? names.length : end);
      if (!sections.has(name)) sections.set(name, { offset: s.offset, size: s.size });
    }
  }

  return {
    ptrSize: is64 ? 8 : 4,
    littleEndian: le,
    section(name) {
      const s = sections.get(name);
      return s && inFile(s.offset, s.size) ? buf.subarray(Number(s.offset), Number(s.offset + s.size)) : undefined;
    },
    at(vaddr, length) {
      for (const seg of segments) {
        if (vaddr < seg.vaddr || vaddr + BigInt(length) > seg.vaddr + seg.filesz) continue;
        const offset = seg.offset + (vaddr - seg.vaddr);
        return inFile(offset, BigInt(length)) ? buf.subarray(Number(offset), Number(offset) + length) : undefined;
      }
      return undefined;
    },
  };
}
