/**
 * `--scan-images`: the images a cluster (or a set of manifests) runs, each distinct manifest
 * digest scanned once, into the `ImageAssessments` the image checks read. Every reference is
 * first resolved to the digest it names on this platform (tags move; two tags, or a tag and a
 * digest, often name one image); then each digest is scanned with the OSV database and the scan
 * cache, and its signature verified when a policy is given. A fault costs only the images it
 * touches: they are recorded with the error, so their containers are "not evaluated", never clean.
 */
import type { ImageAssessment, ImageAssessments, ImageSignatureResult, ImageVulnerability, Inventory, Severity } from '../model/index.js';
import { IMAGE_ASSESSMENTS_VERSION, severityRank } from '../model/index.js';
import { podTemplateOf } from '../inventory/index.js';
import { IMAGE_LIMITS } from '../inventory/snapshot-images.js';
import { hasOsvData } from '../images/packages/index.js';
import { DEFAULT_PLATFORM, selectPlatform } from '../images/registry/platform.js';
import { RegistrySource } from '../images/registry/registry-source.js';
import { signatureSource } from '../images/registry/signature-source.js';
import { ManifestMemo, openImage, scanImage, type OpenedImage, type ScanImageOptions } from '../images/scan-image.js';
import { verifyImage, type ImageVerification, type VerificationPolicy } from '../images/signatures/index.js';
import type { ImageScan, VulnerabilityMatch } from '../images/types.js';
import type { OsvDatabase, ScanCache } from '../images/vulns/index.js';

export interface ImageAssessOptions {
  /** Registry access (credentials, platform, limits) as `openImage` takes it. */
  registry: Omit<ScanImageOptions, 'db' | 'cache'>;
  /** Without one, packages are counted and no vulnerability is matched. */
  db?: OsvDatabase;
  cache?: ScanCache;
  /** Signatures are verified when given; `keys` and `identities` name what was trusted, for the report. */
  signatures?: { policy: VerificationPolicy; keys: string[]; identities: string[] };
  /** Images read at once (default 4): each holds a layer stream and its decompressor. */
  concurrency?: number;
  onProgress?: (text: string) => void;
  /** Called once per digest scanned (not per reference), for tests and statistics. */
  onScanned?: (scan: ImageScan) => void;
}

export const DEFAULT_IMAGE_CONCURRENCY = 4;
/** Recorded when every image fits the snapshot's caps: every severity, so any check threshold can be met. */
const RECORDED_SEVERITY: Severity = 'info';
const VULNERABILITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$/;
// eslint-disable-next-line no-control-regex -- registries and feeds are not ours: control characters are dropped
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Every image reference the inventory's workloads name (init and ephemeral containers too), sorted, once each. */
export function imageReferences(inventory: Pick<Inventory, 'objects'>): string[] {
  const references = new Set<string>();
  for (const { object } of inventory.objects) {
    for (const { container } of podTemplateOf(object)?.containers ?? []) {
      const image = container.image;
      if (typeof image === 'string' && image.trim() !== '') references.add(image.trim());
    }
  }
  return [...references].sort();
}

/** Runs `work` on every item with at most `limit` in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

function messageOf(error: unknown): string {
  return text(error instanceof Error ? error.message : String(error)) || 'unknown error';
}

/** Text fit for the snapshot's images section: no control characters, within its length cap. */
function text(value: string, max: number = IMAGE_LIMITS.text): string {
  const clean = value.replace(CONTROL, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function shortList(values: readonly string[]): string[] {
  return values.slice(0, IMAGE_LIMITS.shortList).map((value) => text(value));
}

interface Resolved {
  reference: string;
  opened: OpenedImage;
  /** The registry behind it, when it is one: signatures are read from there. */
  registrySource?: RegistrySource;
  /** The digest the reference names (an index's own for a multi-platform image): what signatures sign. */
  topDigest: string;
  /** The platform manifest's digest: what is scanned, and what groups references. */
  digest: string;
}

async function resolve(reference: string, options: ImageAssessOptions): Promise<Resolved> {
  const opened = await openImage(reference, options.registry);
  const source = new ManifestMemo(opened.source);
  const top = await source.manifest();
  const digest =
    top.manifest.kind === 'index' ? selectPlatform(top.manifest, options.registry.platform ?? DEFAULT_PLATFORM, source.description).digest : top.digest;
  return {
    reference,
    opened: { source, ref: opened.ref },
    ...(opened.source instanceof RegistrySource ? { registrySource: opened.source } : {}),
    topDigest: top.digest,
    digest,
  };
}

function vulnerabilityOf(match: VulnerabilityMatch): ImageVulnerability | undefined {
  // An id the snapshot reader would refuse would cost the whole image on reading: left out here.
  if (!VULNERABILITY_ID.test(match.id)) return undefined;
  const vulnerability: ImageVulnerability = {
    id: match.id,
    aliases: shortList(match.aliases.filter((alias) => VULNERABILITY_ID.test(alias))),
    severity: match.severity,
    package: text(match.package.name, 512),
    installedVersion: text(match.package.version, 512),
    fixedVersions: shortList(match.fixedVersions),
  };
  if (match.summary) vulnerability.summary = text(match.summary);
  return vulnerability;
}

/** One entry per (id, package, version): several records of one advisory on one package are one finding. */
function vulnerabilitiesOf(scan: ImageScan): ImageVulnerability[] {
  const byKey = new Map<string, ImageVulnerability>();
  for (const match of scan.vulnerabilities) {
    const vulnerability = vulnerabilityOf(match);
    if (!vulnerability) continue;
    const key = `${vulnerability.id}\u0000${vulnerability.package}\u0000${vulnerability.installedVersion}`;
    if (!byKey.has(key)) byKey.set(key, vulnerability);
  }
  return [...byKey.values()];
}

/** Who made a signature found on the image; one that no trusted key verifies is still a signature, by an unknown key. */
function signerOf(entry: { kind: string; keyId?: string; identity?: string; issuer?: string }): string {
  if (entry.keyId) return entry.keyId;
  if (entry.identity) return `${entry.identity}${entry.issuer ? ` (${entry.issuer})` : ''}`;
  return `an unknown key (${entry.kind})`;
}

/** The verifications of one digest (one per repository it was pulled from) as one result: verified if any is. */
/** What a clean result of this scan would not vouch for. */
function gapsOf(scan: ImageScan): string[] {
  const gaps: string[] = [];
  if (scan.os && !hasOsvData(scan.os)) gaps.push(`${scan.os.prettyName ?? scan.os.id} has no vulnerability data in OSV: its OS packages were not matched`);
  for (const warning of scan.warnings ?? []) if (/not supported|unsupported/i.test(warning)) gaps.push(warning);
  return gaps;
}

export function signatureOf(results: readonly (ImageVerification | Error)[]): ImageSignatureResult {
  const verifications = results.filter((result): result is ImageVerification => !(result instanceof Error));
  const verified = verifications.find((result) => result.verified);
  if (verified) {
    const trusted = verifications.flatMap((result) => result.signatures.filter((entry) => entry.verified).map(signerOf));
    return { verified: true, signers: shortList([...new Set(trusted)]) };
  }
  // Signatures found but none trusted: who made them (an unknown key, an untrusted identity).
  const signers = [...new Set(verifications.flatMap((result) => result.signatures.map(signerOf)))];
  const faults = [
    ...results.filter((result): result is Error => result instanceof Error).map(messageOf),
    // "No signature" after a registry fault is likelier the fault than the absence.
    ...verifications.filter((result) => result.signatures.length === 0).flatMap((result) => result.errors),
  ];
  const found = verifications.some((result) => result.signatures.length > 0);
  if (!found && faults.length > 0) return { verified: false, signers: [], error: text(faults.join('; ')) };
  const reason = verifications.find((result) => result.signatures.length > 0)?.reason ?? verifications[0]?.reason ?? 'no signature';
  return { verified: false, reason: text(reason), signers: shortList(signers) };
}

async function verifyDigest(group: readonly Resolved[], policy: VerificationPolicy): Promise<ImageSignatureResult> {
  // Signatures live beside the image in its repository: each repository it came from is asked once.
  const seen = new Set<string>();
  const results: (ImageVerification | Error)[] = [];
  for (const resolved of group) {
    const { ref } = resolved.opened;
    const key = `${ref.registry}/${ref.repository}@${resolved.topDigest}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const inner = resolved.registrySource;
    if (!inner) {
      results.push(new Error(`${resolved.reference}: signatures are read from registries only`));
      continue;
    }
    try {
      const result = await verifyImage(signatureSource(inner.client), ref.repository, resolved.topDigest, policy);
      results.push(result);
      if (result.verified) break;
    } catch (error) {
      results.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return signatureOf(results);
}

/**
 * Raises the recorded severity floor until every image's list fits the snapshot's cap, so the
 * floor stays true for all images (a check asking below it says so instead of passing).
 */
function fitToCap(images: ImageAssessment[]): Severity {
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  let floor = RECORDED_SEVERITY;
  while (images.some((image) => image.vulnerabilities.length > IMAGE_LIMITS.vulnerabilities) && floor !== 'critical') {
    floor = order[order.indexOf(floor) + 1]!;
    const min = severityRank(floor);
    for (const image of images) image.vulnerabilities = image.vulnerabilities.filter((v) => severityRank(v.severity) >= min);
  }
  for (const image of images) {
    if (image.vulnerabilities.length > IMAGE_LIMITS.vulnerabilities) {
      image.vulnerabilities = [];
      image.error = `more than ${IMAGE_LIMITS.vulnerabilities} critical vulnerabilities: too many to record`;
    }
  }
  return floor;
}

/** Resolves, scans once per digest, verifies when asked: the `images` section of the inventory. */
export async function assessImages(references: readonly string[], options: ImageAssessOptions): Promise<ImageAssessments> {
  const scannedAt = new Date().toISOString();
  const concurrency = options.concurrency ?? DEFAULT_IMAGE_CONCURRENCY;
  const report = options.onProgress ?? (() => {});
  const failed: ImageAssessment[] = [];
  const groups = new Map<string, Resolved[]>();

  let resolvedCount = 0;
  await forEachLimited(references, concurrency, async (reference) => {
    try {
      const resolved = await resolve(reference, options);
      const group = groups.get(resolved.digest);
      if (group) group.push(resolved);
      else groups.set(resolved.digest, [resolved]);
    } catch (error) {
      failed.push({ references: [text(reference)], packageCount: 0, vulnerabilities: [], error: messageOf(error) });
    }
    report(`images: resolved ${++resolvedCount}/${references.length} references`);
  });

  const digests = [...groups.keys()].sort();
  const images: ImageAssessment[] = [];
  let scannedCount = 0;
  await forEachLimited(digests, concurrency, async (digest) => {
    const group = groups.get(digest)!;
    const image: ImageAssessment = { digest, references: group.map((entry) => text(entry.reference)).sort(), packageCount: 0, vulnerabilities: [] };
    try {
      const scan = await scanImage(group[0]!.opened, { ...options.registry, ...(options.db ? { db: options.db } : {}), ...(options.cache ? { cache: options.cache } : {}) });
      options.onScanned?.(scan);
      image.packageCount = scan.packages.length;
      image.vulnerabilities = vulnerabilitiesOf(scan);
      const os = scan.os?.prettyName ?? (scan.os ? `${scan.os.id}${scan.os.versionId ? ` ${scan.os.versionId}` : ''}` : undefined);
      if (os) image.os = text(os);
      const gaps = gapsOf(scan);
      if (gaps.length > 0) image.gaps = shortList(gaps);
    } catch (error) {
      image.error = messageOf(error);
    }
    if (options.signatures) image.signature = await verifyDigest(group, options.signatures.policy);
    images.push(image);
    report(`images: scanned ${++scannedCount}/${digests.length} images (${references.length} references)`);
  });

  const all = [...images, ...failed];
  const minSeverity = fitToCap(all);
  const assessments: ImageAssessments = { version: IMAGE_ASSESSMENTS_VERSION, scannedAt, minSeverity, images: all };
  if (options.db) assessments.database = { version: options.db.version, ...(options.db.builtAt ? { updatedAt: options.db.builtAt } : {}) };
  if (options.signatures) assessments.signatures = { keys: shortList(options.signatures.keys), identities: shortList(options.signatures.identities) };
  return assessments;
}
