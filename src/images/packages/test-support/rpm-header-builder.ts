/**
 * Writes RPM header blobs to the RPM file format's header structure (as stored in the rpmdb,
 * without the 8-byte header magic): il, dl, index entries sorted by tag, then the data store
 * with INT32 data aligned to 4 bytes. Used to build test rpmdbs independently of `rpm`.
 */
import { RPM_TYPE } from '../rpm-header.js';

export type RpmTagValue = { type: 'string' | 'i18n'; value: string } | { type: 'int32'; value: number } | { type: 'string_array'; value: string[] };

export function buildRpmHeaderBlob(tags: Record<number, RpmTagValue>): Buffer {
  const entries: Buffer[] = [];
  const data: Buffer[] = [];
  let dl = 0;
  for (const tag of Object.keys(tags).map(Number).sort((a, b) => a - b)) {
    const v = tags[tag]!;
    let bytes: Buffer;
    let type: number;
    let count = 1;
    if (v.type === 'int32') {
      const pad = (4 - (dl % 4)) % 4;
      if (pad) {
        data.push(Buffer.alloc(pad));
        dl += pad;
      }
      bytes = Buffer.alloc(4);
      bytes.writeInt32BE(v.value);
      type = RPM_TYPE.INT32;
    } else if (v.type === 'string_array') {
      bytes = Buffer.concat(v.value.map((s) => Buffer.from(`${s}\0`, 'utf8')));
      type = RPM_TYPE.STRING_ARRAY;
      count = v.value.length;
    } else {
      bytes = Buffer.from(`${v.value}\0`, 'utf8');
      type = v.type === 'i18n' ? RPM_TYPE.I18NSTRING : RPM_TYPE.STRING;
    }
    const entry = Buffer.alloc(16);
    entry.writeUInt32BE(tag, 0);
    entry.writeUInt32BE(type, 4);
    entry.writeUInt32BE(dl, 8);
    entry.writeUInt32BE(count, 12);
    entries.push(entry);
    data.push(bytes);
    dl += bytes.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(dl, 4);
  return Buffer.concat([head, ...entries, ...data]);
}
