/**
 * Whether a version falls in an OSV `affected` entry, by the schema's evaluation algorithm:
 * exact `versions` entries, or any range whose sorted events leave the version vulnerable
 * (introduced ≤ v, then fixed ≤ v or last_affected < v clear it) and which is below one of its
 * `limit`s when it has any. ECOSYSTEM ranges use the ecosystem's ordering, SEMVER ranges SemVer;
 * GIT ranges need the repository and are not evaluated here.
 */
import { compareSemver, ecosystemComparator, type VersionComparator } from '../versions/index.js';
import type { OsvAffected, OsvEvent, OsvRange } from './osv-record.js';

export interface AffectedVerdict {
  affected: boolean;
  /**
   * The version that fixes it: the highest `fixed` of the ranges that matched, since overlapping
   * ranges are all cleared only by that one; empty when a matched range has no fix. Holds every
   * such `fixed` in the rare case they cannot be ordered against each other.
   */
  fixed: string[];
  /** A range that could not be evaluated (unordered version): reported, never silently clean. */
  unevaluated?: string;
}

const eventVersion = (event: OsvEvent): string => event.introduced ?? event.fixed ?? event.last_affected ?? event.limit ?? '';

/** Sort key that puts introduced "0" first and orders the rest by version. */
function sortEvents(events: OsvEvent[], compare: VersionComparator): OsvEvent[] | undefined {
  let unordered = false;
  const sorted = [...events].sort((x, y) => {
    if (x.introduced === '0') return y.introduced === '0' ? 0 : -1;
    if (y.introduced === '0') return 1;
    const r = compare(eventVersion(x), eventVersion(y));
    if (r === undefined) {
      unordered = true;
      return 0;
    }
    return r;
  });
  return unordered ? undefined : sorted;
}

/**
 * Whether the version is in the range, with the fix that closes its interval (the first `fixed`
 * above it: a multi-interval range also lists fixes of other release lines); undefined when the
 * version or an event cannot be ordered.
 */
function inRange(version: string, range: OsvRange, compare: VersionComparator): { hit: boolean; fix?: string } | undefined {
  const limits = range.events.flatMap((e) => (e.limit === undefined ? [] : [e.limit]));
  // No limit, or a "*" one, means no upper limit; otherwise v must be below one of them.
  if (limits.length > 0 && !limits.some((limit) => limit.includes('*'))) {
    let below = false;
    for (const limit of limits) {
      const r = compare(version, limit);
      if (r === undefined) return undefined;
      if (r < 0) below = true;
    }
    if (!below) return { hit: false };
  }
  const sorted = sortEvents(
    range.events.filter((e) => e.limit === undefined),
    compare,
  );
  if (!sorted) return undefined;
  let vulnerable = false;
  let fix: string | undefined;
  for (const event of sorted) {
    if (event.introduced !== undefined) {
      const r = event.introduced === '0' ? 1 : compare(version, event.introduced);
      if (r === undefined) return undefined;
      if (r >= 0) vulnerable = true;
    } else if (event.fixed !== undefined) {
      const r = compare(version, event.fixed);
      if (r === undefined) return undefined;
      if (r >= 0) vulnerable = false;
      else fix ??= event.fixed;
    } else if (event.last_affected !== undefined) {
      const r = compare(version, event.last_affected);
      if (r === undefined) return undefined;
      if (r > 0) vulnerable = false;
    }
  }
  return vulnerable ? (fix === undefined ? { hit: true } : { hit: true, fix }) : { hit: false };
}

/** The highest of the fixes, or all of them when two cannot be ordered. */
function highestFix(fixes: Array<{ fix: string; compare: VersionComparator }>): string[] {
  const [first, ...rest] = fixes;
  if (!first) return [];
  let best = first;
  for (const candidate of rest) {
    const r = best.compare(candidate.fix, best.fix);
    if (r === undefined) return [...new Set(fixes.map((f) => f.fix))];
    if (r > 0) best = candidate;
  }
  return [best.fix];
}

export function evaluateAffected(version: string, affected: OsvAffected): AffectedVerdict {
  const verdict: AffectedVerdict = { affected: false, fixed: [] };
  const fixes: Array<{ fix: string; compare: VersionComparator }> = [];
  let unfixed = false;
  if (affected.versions.includes(version)) verdict.affected = true;
  for (const range of affected.ranges) {
    if (range.type === 'GIT') continue;
    const compare = range.type === 'SEMVER' ? compareSemver : ecosystemComparator(affected.package.ecosystem);
    if (!compare) {
      verdict.unevaluated ??= `no version ordering for ecosystem ${affected.package.ecosystem}`;
      continue;
    }
    const hit = inRange(version, range, compare);
    if (hit === undefined) {
      verdict.unevaluated ??= `cannot order version ${JSON.stringify(version)} against a ${range.type} range`;
      continue;
    }
    if (hit.hit) {
      verdict.affected = true;
      if (hit.fix === undefined) unfixed = true;
      else fixes.push({ fix: hit.fix, compare });
    }
  }
  if (!unfixed) verdict.fixed = highestFix(fixes);
  return verdict;
}
