/**
 * The `images` section of a snapshot (image scan results, written by `collect --scan-images`):
 * checked field by field when read, since a hand-made or damaged file must not crash a check
 * nor make one pass on data it misread. A malformed image keeps its references and turns into
 * an image that "could not be read", so the containers running it are reported not evaluated
 * rather than clean; a malformed section as a whole is dropped. Each problem is an input error
 * naming the field.
 */
import {
  IMAGE_ASSESSMENTS_VERSION,
  isSeverity,
  severityRank,
  type ImageAssessment,
  type ImageAssessments,
  type ImageSignatureResult,
  type ImageVulnerability,
} from '../model/index.js';
import { isRecord } from './records.js';

/** Caps on what one snapshot may claim: far above real clusters, far below memory trouble. */
export const IMAGE_LIMITS = {
  images: 20_000,
  references: 1_000,
  vulnerabilities: 20_000,
  /** Aliases, fixed versions, signers, trusted keys and identities. */
  shortList: 200,
  text: 4_096,
} as const;

/** OSV ids (`CVE-2024-1234`, `GHSA-xxxx-xxxx-xxxx`, `RHSA-2024:1234`, `openSUSE-SU-2024:0001-1`). */
const VULNERABILITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,128}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A field that is not what the format says; carries its path for the error message. */
class FieldError extends Error {}

function fail(path: string, problem: string): never {
  throw new FieldError(`${path} ${problem}`);
}

function text(value: unknown, path: string, max: number = IMAGE_LIMITS.text): string {
  if (typeof value !== 'string') return fail(path, 'must be a string');
  if (value.length > max) return fail(path, `is longer than ${max} characters`);
  if (CONTROL.test(value)) return fail(path, 'holds control characters');
  return value;
}

function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : text(value, path);
}

function textList(value: unknown, path: string, max: number = IMAGE_LIMITS.shortList): string[] {
  if (!Array.isArray(value)) return fail(path, 'must be a list of strings');
  if (value.length > max) return fail(path, `lists ${value.length} entries, more than ${max}`);
  return value.map((item, index) => text(item, `${path}[${index}]`));
}

function readVulnerability(value: unknown, path: string): ImageVulnerability {
  if (!isRecord(value)) return fail(path, 'must be an object');
  const id = text(value.id, `${path}.id`);
  if (!VULNERABILITY_ID.test(id)) fail(`${path}.id`, `is not a vulnerability id (${JSON.stringify(id.slice(0, 60))})`);
  if (!isSeverity(value.severity)) fail(`${path}.severity`, 'must be critical, high, medium, low or info');
  const vulnerability: ImageVulnerability = {
    id,
    aliases: textList(value.aliases ?? [], `${path}.aliases`),
    severity: value.severity,
    package: text(value.package, `${path}.package`, 512),
    installedVersion: text(value.installedVersion, `${path}.installedVersion`, 512),
    fixedVersions: textList(value.fixedVersions ?? [], `${path}.fixedVersions`),
  };
  const summary = optionalText(value.summary, `${path}.summary`);
  if (summary !== undefined) vulnerability.summary = summary;
  return vulnerability;
}

function readSignature(value: unknown, path: string): ImageSignatureResult {
  if (!isRecord(value)) return fail(path, 'must be an object');
  if (typeof value.verified !== 'boolean') fail(`${path}.verified`, 'must be true or false');
  const signature: ImageSignatureResult = { verified: value.verified, signers: textList(value.signers ?? [], `${path}.signers`) };
  const reason = optionalText(value.reason, `${path}.reason`);
  if (reason !== undefined) signature.reason = reason;
  const error = optionalText(value.error, `${path}.error`);
  if (error !== undefined) signature.error = error;
  return signature;
}

function readReferences(value: unknown, path: string): string[] {
  const references = textList(value, `${path}.references`, IMAGE_LIMITS.references);
  if (references.length === 0) fail(`${path}.references`, 'must name at least one image reference');
  return references;
}

function readImage(value: Record<string, unknown>, path: string, references: string[]): ImageAssessment {
  const image: ImageAssessment = { references, packageCount: 0, vulnerabilities: [] };
  if (value.digest !== undefined) {
    const digest = text(value.digest, `${path}.digest`, 200);
    if (!DIGEST.test(digest)) fail(`${path}.digest`, 'is not a digest (algorithm:hex)');
    image.digest = digest;
  }
  const error = optionalText(value.error, `${path}.error`);
  if (error !== undefined) image.error = error;
  else if (image.digest === undefined) fail(`${path}.digest`, 'is missing (only an image that could not be read has none)');
  const os = optionalText(value.os, `${path}.os`);
  if (os !== undefined) image.os = os;
  if (value.gaps !== undefined) image.gaps = textList(value.gaps, `${path}.gaps`);
  const count = value.packageCount ?? 0;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) fail(`${path}.packageCount`, 'must be a whole number');
  image.packageCount = count;
  const vulnerabilities = value.vulnerabilities ?? [];
  if (!Array.isArray(vulnerabilities)) fail(`${path}.vulnerabilities`, 'must be a list');
  if (vulnerabilities.length > IMAGE_LIMITS.vulnerabilities) {
    fail(`${path}.vulnerabilities`, `lists ${vulnerabilities.length} entries, more than ${IMAGE_LIMITS.vulnerabilities}`);
  }
  image.vulnerabilities = vulnerabilities.map((item, index) => readVulnerability(item, `${path}.vulnerabilities[${index}]`));
  if (value.signature !== undefined) image.signature = readSignature(value.signature, `${path}.signature`);
  return image;
}

export interface ReadImages {
  images?: ImageAssessments;
  /** Messages naming the field, for input errors. */
  errors: string[];
}

/** Reads the `images` section; never throws. */
export function readImageAssessments(value: unknown): ReadImages {
  const errors: string[] = [];
  try {
    const header = readHeader(value);
    const list = (value as Record<string, unknown>).images;
    header.images = (list as unknown[]).flatMap((item, index): ImageAssessment[] => {
      const path = `images.images[${index}]`;
      if (!isRecord(item)) {
        errors.push(`${path} must be an object`);
        return [];
      }
      let references: string[];
      try {
        references = readReferences(item.references, path);
      } catch (error) {
        // Without its references the image cannot be tied to a container: only the error remains.
        errors.push(messageOf(error));
        return [];
      }
      try {
        return [readImage(item, path, references)];
      } catch (error) {
        errors.push(messageOf(error));
        return [{ references, packageCount: 0, vulnerabilities: [], error: `its record in the snapshot is malformed (${messageOf(error)})` }];
      }
    });
    return { images: header, errors };
  } catch (error) {
    return { errors: [`${messageOf(error)}; image scan results ignored`] };
  }
}

function readHeader(value: unknown): ImageAssessments {
  if (!isRecord(value)) return fail('images', 'must be an object');
  if (value.version !== IMAGE_ASSESSMENTS_VERSION) {
    fail('images.version', `${JSON.stringify(value.version) ?? 'missing'} is not supported (this eksguard reads version ${IMAGE_ASSESSMENTS_VERSION})`);
  }
  const scannedAt = text(value.scannedAt, 'images.scannedAt', 64);
  if (Number.isNaN(Date.parse(scannedAt))) fail('images.scannedAt', 'is not an ISO-8601 time');
  if (!isSeverity(value.minSeverity)) fail('images.minSeverity', 'must be critical, high, medium, low or info');
  if (!Array.isArray(value.images)) fail('images.images', 'must be a list');
  if (value.images.length > IMAGE_LIMITS.images) fail('images.images', `lists ${value.images.length} images, more than ${IMAGE_LIMITS.images}`);
  const header: ImageAssessments = { version: IMAGE_ASSESSMENTS_VERSION, scannedAt, minSeverity: value.minSeverity, images: [] };
  if (value.database !== undefined) {
    if (!isRecord(value.database)) fail('images.database', 'must be an object');
    header.database = { version: text(value.database.version, 'images.database.version', 200) };
    const updatedAt = optionalText(value.database.updatedAt, 'images.database.updatedAt');
    if (updatedAt !== undefined) header.database.updatedAt = updatedAt;
  }
  if (value.signatures !== undefined) {
    if (!isRecord(value.signatures)) fail('images.signatures', 'must be an object');
    header.signatures = {
      keys: textList(value.signatures.keys ?? [], 'images.signatures.keys'),
      identities: textList(value.signatures.identities ?? [], 'images.signatures.identities'),
    };
  }
  return header;
}

function messageOf(error: unknown): string {
  if (error instanceof FieldError) return error.message;
  throw error;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The section in canonical order (images by digest then first reference, references and lists
 * sorted, vulnerabilities worst first then by id and package), so one scan gives the same bytes.
 */
export function canonicalImages(images: ImageAssessments): ImageAssessments {
  const sorted = images.images.map((image) => ({
    ...image,
    references: [...image.references].sort(compareText),
    ...(image.gaps && { gaps: [...image.gaps].sort(compareText) }),
    vulnerabilities: [...image.vulnerabilities]
      .map((vulnerability) => ({ ...vulnerability, aliases: [...vulnerability.aliases].sort(compareText) }))
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareText(a.id, b.id) || compareText(a.package, b.package)),
    ...(image.signature && { signature: { ...image.signature, signers: [...image.signature.signers].sort(compareText) } }),
  }));
  sorted.sort((a, b) => compareText(a.digest ?? '', b.digest ?? '') || compareText(a.references[0] ?? '', b.references[0] ?? ''));
  return { ...images, images: sorted };
}
