/**
 * Which discovered clusters a fleet takes: name globs to include and exclude, and EKS tags.
 * Globs know `*` (any run of characters) and `?` (one character), matched against the whole
 * cluster name; EKS names are letters, digits, `-` and `_`, so nothing else needs escaping.
 */
import type { ClusterFilter } from './config.js';

function globPattern(glob: string): RegExp {
  const source = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's');
}

export function matchesGlob(glob: string, name: string): boolean {
  return globPattern(glob).test(name);
}

export interface CompiledFilter {
  /** The name globs alone: clusters failing them need no DescribeCluster. */
  byName(name: string): boolean;
  /** Names and tags: true for a cluster the fleet takes. */
  takes(name: string, tags: Readonly<Record<string, string>>): boolean;
}

export function clusterFilter(filter: ClusterFilter): CompiledFilter {
  const include = filter.include.map(globPattern);
  const exclude = filter.exclude.map(globPattern);
  const tags = Object.entries(filter.tags);
  const byName = (name: string): boolean => (include.length === 0 || include.some((pattern) => pattern.test(name))) && !exclude.some((pattern) => pattern.test(name));
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
