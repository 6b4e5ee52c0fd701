/**
 * Debian package version ordering as deb-version(7) and dpkg define it:
 * `[epoch:]upstream_version[-debian_revision]`, epochs compared as numbers, then upstream and
 * revision each compared as alternating non-digit and digit runs. In non-digit runs `~` sorts
 * before everything (even the end of the string), letters before non-letters; digit runs compare
 * numerically. Also used for Ubuntu.
 */

interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

/** Splits a version; an absent epoch is 0 and an absent revision compares like "0". */
export function parseDebianVersion(version: string): DebianVersion {
  const text = version.trim();
  const colon = text.indexOf(':');
  let epoch = 0;
  let rest = text;
  if (colon > 0 && /^\d+$/.test(text.slice(0, colon))) {
    epoch = Number(text.slice(0, colon));
    rest = text.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return { epoch, upstream: rest, revision: '' };
  return { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Weight of one character of a non-digit run; NaN (past the end) weighs 0 like dpkg's NUL. */
function weight(code: number): number {
  if (Number.isNaN(code) || isDigit(code)) return 0;
  if (code === 126) return -1; // '~'
  if (isLetter(code)) return code;
  return code + 256;
}

/** Compares one part (upstream or revision) the way dpkg's verrevcmp does. */
function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const wa = weight(a.charCodeAt(i));
      const wb = weight(b.charCodeAt(j));
      if (wa !== wb) return wa - wb;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    let firstDiff = 0;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
export function compareDebian(a: string, b: string): number {
  const va = parseDebianVersion(a);
  const vb = parseDebianVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  return Math.sign(comparePart(va.upstream, vb.upstream)) || Math.sign(comparePart(va.revision, vb.revision));
}

/** deb-version(7): the upstream part must start with a digit; characters from a small set. */
export function isValidDebianVersion(version: string): boolean {
  const { upstream, revision } = parseDebianVersion(version);
  return /^\d[A-Za-z0-9.+~:-]*$/.test(upstream) && /^[A-Za-z0-9.+~]*$/.test(revision);
}
