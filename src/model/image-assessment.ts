/**
 * What scanning the images a cluster runs contributes to a cluster scan (`scan cluster
 * --scan-images`, or a snapshot collected with it): per distinct manifest digest, the pod-spec
 * references that resolved to it, its packages counted, its known vulnerabilities and, when
 * asked, whether its signature verified. Checks read only this; how an image was read (registry,
 * package databases, OSV matching) stays in `src/images/`.
 */
import type { Severity } from './severity.js';

/** Version of the `images` section, within snapshot schemaVersion 1. */
export const IMAGE_ASSESSMENTS_VERSION = 1;

export interface ImageVulnerability {
  /** OSV id (`CVE-2024-1234`, `DSA-5678-1`, `GHSA-…`). */
  id: string;
  aliases: string[];
  severity: Severity;
  /** The package as installed in the image. */
  package: string;
  installedVersion: string;
  /** Versions that fix it, lowest first; empty when no fix is known. */
  fixedVersions: string[];
  summary?: string;
}

export interface ImageSignatureResult {
  /** A signature verified under the run's policy (a trusted key or identity signed this digest). */
  verified: boolean;
  /** Why it did not verify (`no signature`, `signed by an untrusted key`). */
  reason?: string;
  /** Who signed, trusted or not: key ids, or keyless identities as `subject (issuer)`. */
  signers: string[];
  /** Verification could not run (registry unreachable, auth): the image is neither trusted nor refused. */
  error?: string;
}

export interface ImageAssessment {
  /** Manifest digest (`sha256:…`) of the platform image; absent when the image could not be read. */
  digest?: string;
  /** Image references as pod specs write them (`nginx:1.27`, `…/api@sha256:…`) that resolved to it. */
  references: string[];
  /** `/etc/os-release` PRETTY_NAME (`Debian GNU/Linux 12 (bookworm)`). */
  os?: string;
  packageCount: number;
  vulnerabilities: ImageVulnerability[];
  /** Present when the run verified signatures. */
  signature?: ImageSignatureResult;
  /** The image could not be read (registry unreachable, authentication): packages and vulnerabilities are unknown. */
  error?: string;
  /**
   * What the scan could read but not match: an OS without vulnerability data (Amazon Linux), a
   * package database in a format not read (Berkeley DB rpm). A clean result is then no all-clear.
   */
  gaps?: string[];
}

export interface ImageSignaturePolicy {
  /** Ids of the trusted public keys (fingerprints or file names, as given). */
  keys: string[];
  /** Trusted keyless identities, `subject (issuer)`. */
  identities: string[];
}

export interface ImageAssessments {
  version: typeof IMAGE_ASSESSMENTS_VERSION;
  /** When the images were scanned (ISO-8601). */
  scannedAt: string;
  /** The OSV database matched against; absent when vulnerabilities were not matched. */
  database?: { version: string; updatedAt?: string };
  /** Present when signatures were verified, naming what was trusted. */
  signatures?: ImageSignaturePolicy;
  /** Vulnerabilities below this severity were not recorded. */
  minSeverity: Severity;
  images: ImageAssessment[];
}
