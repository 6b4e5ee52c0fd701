/**
 * The order and the identities both SBOM formats share, so that one scan always renders to the
 * same bytes whatever order the readers and the matcher produced it in.
 */
import type { ImagePackage, VulnerabilityMatch } from '../types.js';

/** Code-unit order: `localeCompare` would make the output depend on the machine's locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hands out references that are unique within one document, in the order asked for. */
export class RefAllocator {
  readonly #taken = new Set<string>();

  /** `wanted` itself when free, else `wanted#2`, `wanted#3`, … */
  allocate(wanted: string): string {
    let ref = wanted;
    for (let n = 2; this.#taken.has(ref); n++) ref = `${wanted}#${n}`;
    this.#taken.add(ref);
    return ref;
  }
}

export interface PackageEntry {
  pkg: ImagePackage;
  /** Unique in the document: the purl, or purl + the file it was found in when the purl repeats. */
  ref: string;
}

function packageOrder(a: ImagePackage, b: ImagePackage): number {
  return (
    byCodeUnits(a.purl, b.purl) ||
    byCodeUnits(a.name, b.name) ||
    byCodeUnits(a.version, b.version) ||
    byCodeUnits(a.foundIn, b.foundIn) ||
    byCodeUnits(a.ecosystem, b.ecosystem)
  );
}

/**
 * Packages sorted by purl. The same purl may be found twice (one npm package in two lockfiles):
 * both stay, told apart by where they were found.
 */
export function orderedPackages(packages: readonly ImagePackage[], refs: RefAllocator): PackageEntry[] {
  const sorted = [...packages].sort(packageOrder);
  const seen = new Map<string, number>();
  for (const p of sorted) seen.set(p.purl, (seen.get(p.purl) ?? 0) + 1);
  return sorted.map((pkg) => {
    const base = pkg.purl || `${pkg.ecosystem}/${pkg.name}@${pkg.version}`;
    const wanted = pkg.purl && seen.get(pkg.purl) === 1 ? base : `${base}#${pkg.foundIn}`;
    return { pkg, ref: refs.allocate(wanted) };
  });
}

/** Matches sorted by id then package, one per (id, package purl). */
export function orderedVulnerabilities(matches: readonly VulnerabilityMatch[]): VulnerabilityMatch[] {
  const unique = new Map<string, VulnerabilityMatch>();
  for (const m of matches) {
    const key = `${m.id}\u0000${m.package.purl}`;
    if (!unique.has(key)) unique.set(key, m);
  }
  return [...unique.values()].sort((a, b) => byCodeUnits(a.id, b.id) || byCodeUnits(a.package.purl, b.package.purl));
}
