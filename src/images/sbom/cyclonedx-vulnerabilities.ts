/**
 * The CycloneDX `vulnerabilities` section: one entry per OSV id and affected package, rated,
 * linked to the package's component, with the record's links and the versions that fix it.
 */
import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import type { Severity } from '../../model/index.js';
import type { VulnerabilityMatch } from '../types.js';
import { cvssBaseScore } from '../vulns/index.js';
import { orderedVulnerabilities } from './ordering.js';

const SEVERITY: Record<Severity, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Info,
};

function osvSource(id: string): Models.Vulnerability.Source {
  return new Models.Vulnerability.Source({ name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` });
}

/** The CVSS method a vector is written in, by its prefix; v2 vectors have none. */
function cvssMethod(vector: string): Enums.Vulnerability.RatingMethod | undefined {
  if (vector.startsWith('CVSS:4.0/')) return Enums.Vulnerability.RatingMethod.CVSSv4;
  if (vector.startsWith('CVSS:3.1/')) return Enums.Vulnerability.RatingMethod.CVSSv31;
  if (vector.startsWith('CVSS:3.0/')) return Enums.Vulnerability.RatingMethod.CVSSv3;
  if (/^\(?AV:[LAN]\//.test(vector)) return Enums.Vulnerability.RatingMethod.CVSSv2;
  return undefined;
}

/**
 * eksguard's severity, with the CVSS vector and base score it came from when the record gave
 * one. A database label (GHSA's MODERATE, Ubuntu's priorities) is a severity without a method.
 */
function rating(match: VulnerabilityMatch): Models.Vulnerability.Rating {
  const r = new Models.Vulnerability.Rating({ source: osvSource(match.id), severity: SEVERITY[match.severity] });
  const method = match.cvss === undefined ? undefined : cvssMethod(match.cvss);
  // A vector the calculator cannot score is not passed on as if it were one.
  const base = method === undefined || match.cvss === undefined ? undefined : cvssBaseScore(match.cvss);
  if (base) {
    r.method = method;
    r.vector = match.cvss;
    r.score = base.score;
  }
  return r;
}

function recommendation(match: VulnerabilityMatch): string | undefined {
  const fixed = match.fixedVersions;
  if (fixed.length === 0) return undefined;
  const target = fixed.length === 1 ? fixed[0] : `one of ${fixed.join(', ')}`;
  return `Upgrade ${match.package.name} from ${match.package.version} to ${target}.`;
}

function affectedVersions(match: VulnerabilityMatch): Models.Vulnerability.AffectedVersionRepository {
  const { Affected, Unaffected } = Enums.Vulnerability.AffectStatus;
  return new Models.Vulnerability.AffectedVersionRepository([
    new Models.Vulnerability.AffectedSingleVersion(match.package.version, { status: Affected }),
    ...match.fixedVersions.map((v) => new Models.Vulnerability.AffectedSingleVersion(v, { status: Unaffected })),
  ]);
}

/**
 * `components` maps a purl to the components found with it. A match whose package is not in the
 * document (the caller filtered packages) is left out rather than pointing nowhere.
 */
export function cycloneDxVulnerabilities(
  matches: readonly VulnerabilityMatch[],
  components: ReadonlyMap<string, readonly Models.Component[]>,
): Models.Vulnerability.Vulnerability[] {
  const out: Models.Vulnerability.Vulnerability[] = [];
  for (const match of orderedVulnerabilities(matches)) {
    const affected = components.get(match.package.purl);
    if (!affected?.length) continue;
    out.push(
      new Models.Vulnerability.Vulnerability({
        id: match.id,
        source: osvSource(match.id),
        description: match.summary || undefined,
        recommendation: recommendation(match),
        references: new Models.Vulnerability.ReferenceRepository(
          [...new Set(match.aliases)].map((alias) => new Models.Vulnerability.Reference(alias, osvSource(alias))),
        ),
        ratings: new Models.Vulnerability.RatingRepository([rating(match)]),
        advisories: new Models.Vulnerability.AdvisoryRepository([...new Set(match.references)].map((url) => new Models.Vulnerability.Advisory(url))),
        affects: new Models.Vulnerability.AffectRepository(
          affected.map((c) => new Models.Vulnerability.Affect(c.bomRef, { versions: affectedVersions(match) })),
        ),
      }),
    );
  }
  return out;
}
