/**
 * Matches an image's packages against the database with OSV semantics. Distro records name
 * source packages, so a package with a `sourceName` is looked up by it (and its source version);
 * RPM distros' records may name binary RPMs too, so those are looked up by both. One vulnerability is
 * reported once per package: records that are aliases of each other (a GHSA and its CVE, a
 * Debian CVE record and the CVE it tracks) form one match under the best-known id, and an
 * advisory (DSA, DLA) whose CVEs are all reported already is folded into them as an alias.
 */
import { severityRank, type Severity } from '../../model/index.js';
import type { ImagePackage, VulnerabilityMatch } from '../types.js';
import { baseEcosystem, ecosystemComparator } from '../versions/index.js';
import { evaluateAffected } from './affected.js';
import { ecosystemCovers, normalizePackageName, type OsvDatabase } from './osv-db.js';
import type { OsvRecord } from './osv-record.js';
import { rateSeverity } from './severity.js';

const MAX_REFERENCES = 20;

export interface MatchOptions {
  /** Told about ranges that could not be evaluated (an unordered version), which are not matched. */
  onUnevaluated?: (pkg: ImagePackage, recordId: string, reason: string) => void;
}

interface Hit {
  record: OsvRecord;
  fixed: string[];
  severity?: Severity;
  cvss?: string;
}

/** CVE ids are the names everyone knows; GHSA next; then the rest. */
function idRank(id: string): number {
  return id.startsWith('CVE-') ? 0 : id.startsWith('GHSA-') ? 1 : 2;
}
const byIdRank = (a: string, b: string): number => idRank(a) - idRank(b) || (a < b ? -1 : a > b ? 1 : 0);

/** RPM distros whose OSV records may name binary packages (`python3`) as well as source ones (`python3.9`). */
const BINARY_NAMED = new Set(['Red Hat', 'AlmaLinux', 'Rocky Linux', 'SUSE', 'openSUSE', 'Mageia']);

/** Lookups for one package: [name, version] pairs. */
function lookupKeys(pkg: ImagePackage): Array<[string, string]> {
  if (!pkg.sourceName) return [[pkg.name, pkg.version]];
  const keys: Array<[string, string]> = [[pkg.sourceName, pkg.sourceVersion ?? pkg.version]];
  if (BINARY_NAMED.has(baseEcosystem(pkg.ecosystem)) && pkg.sourceName !== pkg.name) keys.push([pkg.name, pkg.version]);
  return keys;
}

function hitsFor(db: OsvDatabase, pkg: ImagePackage, options: MatchOptions): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<number>();
  for (const [name, version] of lookupKeys(pkg)) {
    const wanted = normalizePackageName(pkg.ecosystem, name);
    for (const { key, record } of db.lookup(pkg.ecosystem, name)) {
      if (seen.has(key) || record.withdrawn) continue;
      seen.add(key);
      let hit: Hit | undefined;
      for (const affected of record.affected) {
        const eco = affected.package.ecosystem;
        if (!ecosystemCovers(eco, pkg.ecosystem) || normalizePackageName(eco, affected.package.name) !== wanted) continue;
        const verdict = evaluateAffected(version, affected);
        if (verdict.unevaluated) options.onUnevaluated?.(pkg, record.id, verdict.unevaluated);
        if (!verdict.affected) continue;
        hit ??= { record, fixed: [] };
        hit.fixed.push(...verdict.fixed);
        const rated = rateSeverity(affected.databaseSeverity, affected.severity);
        if (rated && (!hit.severity || severityRank(rated.severity) > severityRank(hit.severity))) Object.assign(hit, rated);
      }
      if (!hit) continue;
      if (!hit.severity) Object.assign(hit, rateSeverity(record.databaseSeverity, record.severity));
      hits.push(hit);
    }
  }
  return hits;
}

/** Union-find over vulnerability ids. */
class Groups {
  private readonly parent = new Map<string, string>();
  find(id: string): string {
    let root = id;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    this.parent.set(id, root);
    return root;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/** Ids that name the same vulnerability as a record: its aliases, and a single upstream. */
const sameAs = (record: OsvRecord): string[] => [...record.aliases, ...(record.upstream.length === 1 ? record.upstream : [])];

function toMatches(pkg: ImagePackage, hits: Hit[]): VulnerabilityMatch[] {
  const groups = new Groups();
  // Advisories bundling several CVEs are held back, to fold into those CVEs when reported.
  const bundles = hits.filter((h) => h.record.upstream.length > 1 && h.record.aliases.length === 0);
  const singles = hits.filter((h) => !bundles.includes(h));
  for (const hit of singles) for (const other of sameAs(hit.record)) groups.join(hit.record.id, other);
  const members = new Map<string, Hit[]>();
  const ids = new Map<string, Set<string>>();
  const add = (root: string, hit: Hit, more: string[]): void => {
    members.set(root, [...(members.get(root) ?? []), hit]);
    const set = ids.get(root) ?? new Set<string>();
    for (const id of [hit.record.id, ...more]) set.add(id);
    ids.set(root, set);
  };
  for (const hit of singles) add(groups.find(hit.record.id), hit, sameAs(hit.record));
  const known = (id: string): string | undefined => [...ids.entries()].find(([, set]) => set.has(id))?.[0];
  for (const bundle of bundles) {
    const roots = bundle.record.upstream.map(known);
    if (roots.every((root) => root !== undefined)) for (const root of new Set(roots)) add(root, bundle, []);
    else add(bundle.record.id, bundle, []);
  }

  const compare = ecosystemComparator(pkg.ecosystem);
  const order = (a: string, b: string): number => compare?.(a, b) ?? (a < b ? -1 : a > b ? 1 : 0);
  return [...members.entries()].map(([root, group]) => {
    const all = [...(ids.get(root) as Set<string>)].sort(byIdRank);
    const id = all[0] as string;
    const worst = group.reduce<Hit | undefined>((w, h) => (h.severity && (!w?.severity || severityRank(h.severity) > severityRank(w.severity)) ? h : w), undefined);
    const ranked = [...group].sort((a, b) => byIdRank(a.record.id, b.record.id));
    const match: VulnerabilityMatch = {
      id,
      aliases: all.slice(1),
      severity: worst?.severity ?? 'info',
      package: { name: pkg.name, version: pkg.version, ecosystem: pkg.ecosystem, purl: pkg.purl },
      fixedVersions: [...new Set(group.flatMap((h) => h.fixed))].sort(order),
      references: [...new Set(ranked.flatMap((h) => h.record.references))].slice(0, MAX_REFERENCES),
    };
    const summary = ranked.find((h) => h.record.summary)?.record.summary;
    if (summary) match.summary = summary;
    if (worst?.cvss) match.cvss = worst.cvss;
    return match;
  });
}

/**
 * Every known vulnerability of the packages, worst first. Severity is `info` when no record
 * of the group rates it (no label, no usable CVSS vector).
 */
export function matchPackages(db: OsvDatabase, packages: ImagePackage[], options: MatchOptions = {}): VulnerabilityMatch[] {
  const matches = packages.flatMap((pkg) => toMatches(pkg, hitsFor(db, pkg, options)));
  return matches.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.package.name < b.package.name ? -1 : a.package.name > b.package.name ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
