import { isSeverity, SEVERITIES, severityRank, type ImageVulnerability, type Severity } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { containerImages } from '../container-images.js';
import { imageIndex, imagesRequires, listText, shown } from '../image-assessments.js';

/** How many vulnerability ids, and packages, a finding names. */
const SHOWN_IDS = 5;
const SHOWN_PACKAGES = 5;

function minSeverityOption(options: Record<string, unknown>): Severity | undefined {
  const value = options.minSeverity;
  return isSeverity(value) ? value : undefined;
}

function requires(inventory: InventoryView, options: Record<string, unknown>): string | undefined {
  const missing = imagesRequires(inventory);
  if (missing) return missing;
  const min = minSeverityOption(options);
  if (!min) return `option minSeverity must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(options.minSeverity)})`;
  const images = inventory.images!;
  if (!images.database) return 'images were scanned without a vulnerability database: run `eksguard db update`, then scan again';
  // A scan that kept only critical findings cannot tell whether an image has high ones.
  if (severityRank(min) < severityRank(images.minSeverity)) {
    return `the image scan recorded only vulnerabilities of severity ${images.minSeverity} or worse, and minSeverity is ${min}: scan again recording ${min}`;
  }
  return undefined;
}

/** Worst first; among equals, those with a fix first (they are what to act on), then by id. */
function worstFirst(a: ImageVulnerability, b: ImageVulnerability): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Number(b.fixedVersions.length > 0) - Number(a.fixedVersions.length > 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function describe(vulnerability: ImageVulnerability): string {
  // Lowest first: the last is the one that clears every record merged into this match.
  const highest = vulnerability.fixedVersions[vulnerability.fixedVersions.length - 1];
  const fix = highest !== undefined ? `fixed in ${shown(highest, 40)}` : 'no fix yet';
  return `${shown(vulnerability.id)} (${vulnerability.severity}, ${shown(vulnerability.package, 60)} ${shown(vulnerability.installedVersion, 40)}, ${fix})`;
}

export const check = defineCheck<Workload, 'vulnerable'>({
  id: 'sc-image-vulns-critical',
  title: 'Image with critical known vulnerabilities',
  severity: 'high',
  area: 'supply-chain',
  needs: ['images'],
  description:
    'A container runs an image whose packages (distribution packages, and language packages such as npm, PyPI, Go modules) carry known vulnerabilities at or above `minSeverity` (default critical), as matched against the OSV database by `--scan-images`. One finding per container, naming how many, the worst five with the version that fixes each, and the packages. With `onlyFixable: true` only vulnerabilities with a known fixed version count. Exposed workloads rank higher on attack paths. A container whose image could not be read (registry unreachable, no credentials) is reported not evaluated, with the reason.',
  remediation:
    'Rebuild the image on a current base image (a patched distribution release, or a distroless or minimal base with fewer packages), or bump the vulnerable package to a fixed version, then redeploy by digest. Where no fix exists yet, reduce the exposure (NetworkPolicies, no Internet-facing Service) and watch for one.',
  messages: {
    vulnerable:
      'Container "{{container}}" runs "{{image}}" with {{count}} known {{threshold}} vulnerabilities in {{packages}}: {{worst}}',
  },
  links: ['https://ossf.github.io/osv-schema/', 'https://aws.github.io/aws-eks-best-practices/security/docs/image/'],
  options: {
    /** Report vulnerabilities at or above this severity: critical, high, medium, low or info. */
    minSeverity: 'critical',
    /** Count only vulnerabilities for which a fixed version is known. */
    onlyFixable: false,
  },
  requires,
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const min = minSeverityOption(context.options) ?? 'critical';
    const onlyFixable = context.options.onlyFixable === true;
    const index = imageIndex(context.inventory);
    for (const { ref, reference, path } of containerImages(workload, context)) {
      const where = { container: ref.name, path };
      const image = index.find(reference);
      if (!image) {
        context.notEvaluated(`Container "${ref.name}": image "${shown(reference.raw, 200)}" was not scanned`, where);
        continue;
      }
      if (image.error !== undefined) {
        context.notEvaluated(`Container "${ref.name}": image "${shown(reference.raw, 200)}" could not be scanned: ${shown(image.error, 300)}`, where);
        continue;
      }
      const found = image.vulnerabilities
        .filter((vulnerability) => severityRank(vulnerability.severity) >= severityRank(min))
        .filter((vulnerability) => !onlyFixable || vulnerability.fixedVersions.length > 0)
        .sort(worstFirst);
      if (found.length === 0) {
        // Nothing found where the scan could not look is not a pass.
        if (image.gaps && image.gaps.length > 0) {
          context.notEvaluated(`Container "${ref.name}": image "${shown(reference.raw, 200)}" was only partly scanned: ${image.gaps.map((gap) => shown(gap, 200)).join('; ')}`, where);
        }
        continue;
      }
      // One CVE in a source package reaches every binary built from it (libssl3 and openssl):
      // count and list it once, worst first as sorted.
      const seen = new Set<string>();
      const distinct = found.filter((vulnerability) => !seen.has(vulnerability.id) && seen.add(vulnerability.id));
      const packages = [...new Set(found.map((vulnerability) => shown(vulnerability.package, 60)))];
      context.fail(
        'vulnerable',
        {
          container: ref.name,
          image: shown(reference.raw, 200),
          count: distinct.length,
          threshold: `${min === 'critical' ? 'critical' : `${min}-or-worse`}${onlyFixable ? ' fixable' : ''}`,
          packages: listText(packages, SHOWN_PACKAGES),
          worst: listText(distinct.slice(0, SHOWN_IDS).map(describe), SHOWN_IDS, distinct.length),
        },
        where,
      );
    }
  },
});
