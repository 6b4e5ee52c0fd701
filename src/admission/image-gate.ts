import { SEVERITIES, severityRank, type K8sObject, type Severity } from '../model/index.js';
import { podTemplateOf } from '../inventory/index.js';
import type { ImageVerdict, ImageVerdictCache } from './image-verdict-cache.js';
import { triage } from './request-triage.js';
import type { AdmissionMode, AdmissionRequestInfo, VerdictGate, Violation } from './verdict-types.js';

/** What the image gates require, from the `admission.images` section of the configuration. */
export interface ImageGatePolicy {
  /** Deny (or warn about) images whose signature does not verify under the configured keys or identities. */
  signatures?: { mode: AdmissionMode };
  /** Deny (or warn about) images carrying vulnerabilities at or above `minSeverity`. */
  vulnerabilities?: { mode: AdmissionMode; minSeverity: Severity; onlyFixable: boolean };
  /**
   * What a request gets while an image's verdict is not known yet (cold cache, registry slow or
   * down): `deny` (enforce), `warn`, or `allow`. The lookup goes on either way and warms the cache.
   */
  whileUnknown: 'deny' | 'warn' | 'allow';
  /** How long one request may wait for lookups; the webhook's budget must leave room for the checks. */
  waitMs: number;
}

const GATE = 'gate:images';
const SHOWN_IDS = 5;

/**
 * The image gates of the admission webhook: every container image of the object under review is
 * looked up (signature, vulnerabilities) through a cache that answers within `waitMs`, and each
 * requirement it fails becomes a violation like a check's.
 */
export function imageGate(cache: ImageVerdictCache, policy: ImageGatePolicy): VerdictGate {
  return {
    name: 'images',
    async judge(request: AdmissionRequestInfo): Promise<Violation[]> {
      if (!policy.signatures && !policy.vulnerabilities) return [];
      // As for the checks: `kubectl debug` answers for the ephemeral containers it adds, not for
      // the images the pod was admitted with.
      const plan = triage(request);
      if (plan.action !== 'judge') return [];
      const only = plan.onlyContainers;
      const images = imagesOf(plan.object).filter((entry) => !only || only.has(entry.container));
      const violations: Violation[] = [];
      const lookups = await Promise.all(images.map((entry) => cache.lookup(entry.image, policy.waitMs)));
      images.forEach((entry, index) => {
        const lookup = lookups[index]!;
        if (lookup.state === 'unknown') violations.push(...unknown(entry, lookup.reason, policy));
        else if (lookup.verdict.error !== undefined) violations.push(...unknown(entry, `it could not be checked: ${lookup.verdict.error}`, policy));
        else violations.push(...judged(entry, lookup.verdict, policy));
      });
      return violations;
    },
  };
}

interface ContainerImageEntry {
  image: string;
  container: string;
  path: string;
}

/** Every container image of a pod template (init and ephemeral containers too), once per container. */
function imagesOf(object: K8sObject): ContainerImageEntry[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const entries: ContainerImageEntry[] = [];
  for (const ref of template.containers) {
    const image = ref.container.image;
    if (typeof image !== 'string' || image.length === 0) continue;
    entries.push({ image, container: ref.name, path: `${dotted(ref.path)}.image` });
  }
  return entries;
}

function dotted(path: readonly (string | number)[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

function unknown(entry: ContainerImageEntry, reason: string, policy: ImageGatePolicy): Violation[] {
  if (policy.whileUnknown === 'allow') return [];
  return [
    {
      checkId: `${GATE}/unknown`,
      title: 'Image not verified yet',
      severity: 'medium',
      mode: policy.whileUnknown === 'deny' ? 'enforce' : 'warn',
      message: `Container "${entry.container}" uses image ${entry.image}, whose signature and vulnerabilities are not known yet (${reason})`,
      path: entry.path,
      container: entry.container,
      remediation: 'Retry in a moment: the lookup continues in the background. If it keeps failing, check that the webhook can reach the registry.',
    },
  ];
}

function judged(entry: ContainerImageEntry, verdict: ImageVerdict, policy: ImageGatePolicy): Violation[] {
  const violations: Violation[] = [];
  const at = verdict.digest ? ` (${verdict.digest})` : '';
  if (policy.signatures && verdict.signature && !verdict.signature.verified) {
    violations.push({
      checkId: `${GATE}/signature`,
      title: 'Image signature not verified',
      severity: 'high',
      mode: policy.signatures.mode,
      message: `Container "${entry.container}" uses image ${entry.image}${at}, whose signature does not verify: ${verdict.signature.reason ?? 'no trusted signature'}`,
      path: entry.path,
      container: entry.container,
      remediation: 'Sign the image with a key or identity the webhook trusts (cosign sign), or deploy an image that is signed.',
    });
  }
  const rule = policy.vulnerabilities;
  if (rule && verdict.vulnerabilities) {
    const over = verdict.vulnerabilities
      .filter((vulnerability) => severityRank(vulnerability.severity) >= severityRank(rule.minSeverity))
      .filter((vulnerability) => !rule.onlyFixable || vulnerability.fixedVersions.length > 0)
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
    const worst = over[0];
    if (worst) {
      // Fixed versions come lowest first: the last clears every record merged into the match.
      const fixOf = (vulnerability: { fixedVersions: string[] }) => vulnerability.fixedVersions[vulnerability.fixedVersions.length - 1];
      const shown = over.slice(0, SHOWN_IDS).map((vulnerability) => `${vulnerability.id} in ${vulnerability.package}${fixOf(vulnerability) ? ` (fixed in ${fixOf(vulnerability)})` : ''}`);
      violations.push({
        checkId: `${GATE}/vulnerabilities`,
        title: 'Image carries known vulnerabilities',
        severity: worst.severity,
        mode: rule.mode,
        // Findings before the image: kubectl may cut warnings at 256 characters, and a digest is 71.
        message: `Container "${entry.container}" carries ${countsOf(over)}: ${shown.join(', ')}${over.length > SHOWN_IDS ? ', …' : ''}; image ${entry.image}${at}`,
        path: entry.path,
        container: entry.container,
        remediation: 'Rebuild the image on a patched base and upgrade the affected packages to their fixed versions, then deploy it by digest.',
      });
    }
  }
  return violations;
}

function countsOf(vulnerabilities: readonly { severity: Severity }[]): string {
  const counts = SEVERITIES.map((severity) => [severity, vulnerabilities.filter((vulnerability) => vulnerability.severity === severity).length] as const);
  return counts
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ')
    .concat(` vulnerabilit${vulnerabilities.length === 1 ? 'y' : 'ies'}`);
}
