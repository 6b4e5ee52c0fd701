/**
 * Which discovered clusters a fleet takes: name globs to include and exclude, and EKS tags.
 * Globs know `*` (any run of characters) and `?` (one character), matched against the whole
 * cluster name; EKS names are letters, digits, `-` and `_`, so nothing else needs escaping.
 */
import type { ClusterFilter } from './config.js';

/**
 * Glob matching in time proportional to glob × name, whatever the pattern: a regex with `.*` per
 * star backtracks exponentially on names that almost match (`*a*a*a*a*a*a*a*a*c`), and fleet
 * files are not always written by the people who run the scan. Two cursors; on a mismatch, the
 * last star seen takes one more character and the rest is tried again from there. Only the last
 * star needs remembering: an earlier star taking more can never help once a later one is reached.
 * Compared by code point, so `?` is one character even outside the BMP.
 */
export function matchesGlob(glob: string, name: string): boolean {
  const pattern = [...glob];
  const text = [...name];
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export interface CompiledFilter {
  /** The name globs alone: clusters failing them need no DescribeCluster. */
  byName(name: string): boolean;
  /** Names and tags: true for a cluster the fleet takes. */
  takes(name: string, tags: Readonly<Record<string, string>>): boolean;
}

export function clusterFilter(filter: ClusterFilter): CompiledFilter {
  const { include, exclude } = filter;
  const tags = Object.entries(filter.tags);
  const byName = (name: string): boolean => (include.length === 0 || include.some((glob) => matchesGlob(glob, name))) && !exclude.some((glob) => matchesGlob(glob, name));
  return {
    byName,
    takes: (name, clusterTags) =>
      byName(name) &&
      tags.every(([key, values]) => {
        const value = Object.hasOwn(clusterTags, key) ? clusterTags[key] : undefined;
        return value !== undefined && values.includes(value);
      }),
  };
}
