/**
 * PEP 440 version ordering (PyPI), the common subset: epoch, release, pre (a/b/rc and their
 * spellings), post (including the implicit `-N` form), dev and local segments, with the
 * normalisations the PEP lists (case, `alpha`→`a`, `c`/`pre`/`preview`→`rc`, `rev`/`r`→`post`,
 * separators, leading `v`). Legacy non-PEP-440 versions are not ordered (parse returns undefined).
 */

interface Pep440Version {
  epoch: number;
  release: number[];
  /** [rank, number]: a 0, b 1, rc 2. */
  pre?: [number, number];
  post?: number;
  dev?: number;
  local?: Array<number | string>;
}

// The PEP's own grammar (Appendix B), written out for our parse.
const PATTERN =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export function parsePep440(version: string): Pep440Version | undefined {
  const m = PATTERN.exec(version);
  if (!m) return undefined;
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel, devNumber, local] = m;
  const parsed: Pep440Version = {
    epoch: epoch ? Number(epoch) : 0,
    release: (release as string).split('.').map(Number),
  };
  if (preLabel) parsed.pre = [PRE_RANK[preLabel.toLowerCase()] ?? 0, Number(preNumber ?? 0)];
  if (postImplicit !== undefined) parsed.post = Number(postImplicit);
  else if (postLabel) parsed.post = Number(postNumber ?? 0);
  if (devLabel) parsed.dev = Number(devNumber ?? 0);
  if (local) parsed.local = local.toLowerCase().split(/[-_.]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return parsed;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Release segments compare with trailing zeros ignored (1.0 == 1.0.0). */
function compareRelease(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (r !== 0) return r;
  }
  return 0;
}

/** Pre-release key: a dev release with no pre or post sorts before every pre-release. */
function preKey(v: Pep440Version): [number, number] {
  if (v.pre) return v.pre;
  if (v.post === undefined && v.dev !== undefined) return [-1, 0];
  return [Number.POSITIVE_INFINITY, 0];
}

function compareLocal(a: Array<number | string> | undefined, b: Array<number | string> | undefined): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1; // numeric segments sort after alphanumeric
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Compares two PEP 440 versions; undefined when either does not parse. */
export function comparePep440(a: string, b: string): number | undefined {
  const va = parsePep440(a);
  const vb = parsePep440(b);
  if (!va || !vb) return undefined;
  const pa = preKey(va);
  const pb = preKey(vb);
  return (
    compareNumbers(va.epoch, vb.epoch) ||
    compareRelease(va.release, vb.release) ||
    compareNumbers(pa[0], pb[0]) ||
    compareNumbers(pa[1], pb[1]) ||
    compareNumbers(va.post ?? -1, vb.post ?? -1) ||
    compareNumbers(va.dev ?? Number.POSITIVE_INFINITY, vb.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocal(va.local, vb.local)
  );
}
