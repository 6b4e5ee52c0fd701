/**
 * EKS add-on and Kubernetes version comparison. Add-on versions look like
 * `v1.19.2-eksbuild.1`: a numeric core, then a build suffix that AWS increments for rebuilds of
 * the same upstream release, so `v1.19.2-eksbuild.1` < `v1.19.2-eksbuild.3` < `v1.19.10-eksbuild.1`.
 * Plain string order gets every one of those wrong.
 */
import type { EksAddonVersion } from './eks-data.js';

interface ParsedVersion {
  core: number[];
  /** Suffix tokens split at `.`, `-`, `_` and `+`: `['eksbuild', 1]`. */
  suffix: Array<string | number>;
}

function parse(version: string): ParsedVersion {
  const text = version.trim().replace(/^v/i, '');
  const match = /^(\d+(?:\.\d+)*)(.*)$/.exec(text);
  if (!match) return { core: [], suffix: tokens(text) };
  return { core: (match[1] ?? '').split('.').map(Number), suffix: tokens(match[2] ?? '') };
}

function tokens(text: string): Array<string | number> {
  return text
    .split(/[.\-_+]/)
    .filter((token) => token !== '')
    .map((token) => (/^\d+$/.test(token) ? Number(token) : token.toLowerCase()));
}

function compareToken(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // A number after a shared word (`eksbuild.2`) outranks a word; words compare as text.
  if (typeof a === 'number') return 1;
  if (typeof b === 'number') return -1;
  return a < b ? -1 : 1;
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  const coreLength = Math.max(left.core.length, right.core.length);
  for (let index = 0; index < coreLength; index++) {
    const diff = (left.core[index] ?? 0) - (right.core[index] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  const suffixLength = Math.max(left.suffix.length, right.suffix.length);
  for (let index = 0; index < suffixLength; index++) {
    const diff = compareToken(left.suffix[index], right.suffix[index]);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** `1.30` → `[1, 30]`; undefined when not a Kubernetes minor version. */
export function kubernetesMinor(version: string | undefined): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export interface CompatibleVersions {
  /** Compatible versions, newest first. */
  versions: string[];
  /** The version EKS installs by default on this Kubernetes version, if one is marked. */
  defaultVersion?: string;
  latest?: string;
}

/**
 * The versions of an add-on that DescribeAddonVersions lists as compatible with a Kubernetes
 * version. A version without `compatibilities` is kept: the call was already filtered by
 * `kubernetesVersion`, and dropping it would make an up-to-date add-on look outdated.
 */
export function compatibleVersions(infos: readonly EksAddonVersion[], clusterVersion: string | undefined): CompatibleVersions {
  const versions: string[] = [];
  let defaultVersion: string | undefined;
  for (const info of infos) {
    if (!info.addonVersion) continue;
    const compatibilities = info.compatibilities ?? [];
    const forCluster = compatibilities.filter((entry) => clusterVersion === undefined || entry.clusterVersion === clusterVersion);
    if (compatibilities.length > 0 && forCluster.length === 0) continue;
    versions.push(info.addonVersion);
    if (forCluster.some((entry) => entry.defaultVersion === true)) {
      if (defaultVersion === undefined || compareVersions(info.addonVersion, defaultVersion) > 0) defaultVersion = info.addonVersion;
    }
  }
  const unique = [...new Set(versions)].sort((a, b) => compareVersions(b, a));
  const result: CompatibleVersions = { versions: unique };
  if (defaultVersion !== undefined) result.defaultVersion = defaultVersion;
  if (unique[0] !== undefined) result.latest = unique[0];
  return result;
}
