/**
 * SemVer 2.0 precedence (npm, Go modules, crates.io, …) through the `semver` package. Go
 * versions carry a `v` prefix and OSV's SEMVER ranges do not, so a leading `v` is dropped;
 * build metadata is ignored as SemVer requires. Versions that are not SemVer are not ordered.
 */
import semver from 'semver';

export function parseSemver(version: string): semver.SemVer | undefined {
  const text = version.trim().replace(/^v(?=\d)/, '');
  try {
    return new semver.SemVer(text, { loose: true });
  } catch {
    return undefined;
  }
}

export function compareSemver(a: string, b: string): number | undefined {
  const va = parseSemver(a);
  const vb = parseSemver(b);
  if (!va || !vb) return undefined;
  return va.compare(vb);
}
