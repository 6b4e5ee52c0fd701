/**
 * SPDX element ids: `SPDXRef-` followed by letters, digits, `.` and `-` only (SPDX 2.3 §7.2). A
 * package's name is kept readable where it can be, and a hash of its document-unique reference
 * keeps two names that clean up alike (`a_b`, `a-b`) apart.
 */
import { createHash } from 'node:crypto';

export class SpdxIds {
  readonly #taken = new Set<string>();

  /** `SPDXRef-<kind>-<cleaned label>-<12 hex of key>`; `key` must be unique in the document. */
  allocate(kind: string, label: string, key: string): string {
    const cleaned = label.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
    const base = `SPDXRef-${kind}-${cleaned ? `${cleaned}-` : ''}${hash}`;
    let id = base;
    for (let n = 2; this.#taken.has(id); n++) id = `${base}-${n}`;
    this.#taken.add(id);
    return id;
  }
}
