/**
 * RPM header blobs as the rpmdb stores them (the header structure of the RPM file format without
 * its 8-byte magic): big-endian `il` (index entry count) and `dl` (data store length), `il`
 * entries of 16 bytes — tag, type, offset into the data store, count — then the data store.
 * Only the tags a package inventory needs are decoded; every offset is bounds-checked because
 * the blob comes from an untrusted image.
 */

export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  ARCH: 1022,
  SOURCERPM: 1044,
} as const;

export const RPM_TYPE = { INT32: 4, STRING: 6, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** rpm's own sanity limits (hdrchkTags / hdrchkData): anything larger is corrupt. */
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 256 * 1024 * 1024;

interface IndexEntry {
  type: number;
  offset: number;
  count: number;
}

export class RpmHeader {
  private constructor(
    private readonly data: Buffer,
    private readonly entries: Map<number, IndexEntry>,
  ) {}

  static parse(blob: Buffer): RpmHeader {
    if (blob.length < 8) throw new Error(`header blob of ${blob.length} bytes is too short`);
    const il = blob.readUInt32BE(0);
    const dl = blob.readUInt32BE(4);
    if (il < 1 || il > MAX_INDEX_ENTRIES) throw new Error(`header index count ${il} out of range`);
    if (dl > MAX_DATA_BYTES) throw new Error(`header data length ${dl} out of range`);
    const dataStart = 8 + il * 16;
    if (dataStart + dl > blob.length) throw new Error(`header claims ${dataStart + dl} bytes, blob has ${blob.length}`);
    const data = blob.subarray(dataStart, dataStart + dl);
    const entries = new Map<number, IndexEntry>();
    for (let i = 0; i < il; i++) {
      const at = 8 + i * 16;
      const tag = blob.readUInt32BE(at);
      const entry = { type: blob.readUInt32BE(at + 4), offset: blob.readUInt32BE(at + 8), count: blob.readUInt32BE(at + 12) };
      if (entry.offset >= dl && entry.count > 0) throw new Error(`tag ${tag}: data offset ${entry.offset} beyond data length ${dl}`);
      if (!entries.has(tag)) entries.set(tag, entry);
    }
    return new RpmHeader(data, entries);
  }

  /** A STRING tag, or the first string of an I18NSTRING / STRING_ARRAY one. */
  string(tag: number): string | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RPM_TYPE.STRING && e.type !== RPM_TYPE.I18NSTRING && e.type !== RPM_TYPE.STRING_ARRAY) {
      throw new Error(`tag ${tag}: expected a string type, found type ${e.type}`);
    }
    const end = this.data.indexOf(0, e.offset);
    if (end < 0) throw new Error(`tag ${tag}: string not NUL-terminated`);
    return this.data.toString('utf8', e.offset, end);
  }

  int32(tag: number): number | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RPM_TYPE.INT32 || e.count < 1) throw new Error(`tag ${tag}: expected INT32, found type ${e.type}`);
    if (e.offset % 4 !== 0 || e.offset + 4 > this.data.length) throw new Error(`tag ${tag}: misaligned or truncated INT32`);
    return this.data.readInt32BE(e.offset);
  }
}
