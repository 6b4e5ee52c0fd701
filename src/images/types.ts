/**
 * What the image modules hand each other: a reference, the files of an image that matter, the
 * packages found in them, and the vulnerabilities matched to those. Registry access, package
 * readers, matching and signatures each live in their own folder and meet only here.
 */
import type { Severity } from '../model/index.js';

/** `registry/repository[:tag][@sha256:digest]`, with Docker Hub's defaults made explicit. */
export interface ImageRef {
  /** `registry-1.docker.io`, `123456789012.dkr.ecr.eu-west-1.amazonaws.com`, `127.0.0.1:5000`. */
  registry: string;
  /** `library/redis`, `shop/api`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>`. */
  digest?: string;
  /** As the user or the pod spec wrote it. */
  original: string;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * The files of an image's root filesystem that package readers asked for, after every layer is
 * applied in order (later layers replace files, whiteouts delete them). Paths are absolute and
 * normalised (`/var/lib/dpkg/status`).
 */
export interface FileTree {
  get(path: string): Buffer | undefined;
  /** Every path held, sorted. */
  paths(): string[];
}

/** Decides, from its path (and size), whether a file of a layer is worth extracting. */
export type WantedFile = (path: string, size: number) => boolean;

/** `/etc/os-release` (or `/usr/lib/os-release`) as read. */
export interface OsRelease {
  /** `debian`, `ubuntu`, `alpine`, `rhel`, `almalinux`, `rocky`, `amzn`, … */
  id: string;
  /** `12`, `3.19.1`, `2023`. */
  versionId?: string;
  versionCodename?: string;
  prettyName?: string;
}

/** OSV ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field), release suffix included for distros. */
export type Ecosystem = string;

/** One installed package, as found in the image. */
export interface ImagePackage {
  name: string;
  version: string;
  /** `Debian:12`, `Alpine:v3.19`, `Red Hat`, `npm`, `PyPI`, `Go`, `Maven`. */
  ecosystem: Ecosystem;
  /** Distro source package (Debian `Source:`, Alpine `o:`, RPM source name), which distro advisories name. */
  sourceName?: string;
  sourceVersion?: string;
  /** Package URL (https://github.com/package-url/purl-spec). */
  purl: string;
  /** The file it was read from (`/var/lib/dpkg/status`, `/app/package-lock.json`). */
  foundIn: string;
  licenses?: string[];
}

/** A known vulnerability affecting one package of the image. */
export interface VulnerabilityMatch {
  /** OSV id (`CVE-2024-1234`, `DSA-5678-1`, `GHSA-…`). */
  id: string;
  aliases: string[];
  summary?: string;
  severity: Severity;
  /** CVSS vector or score as the record gives it. */
  cvss?: string;
  package: { name: string; version: string; ecosystem: Ecosystem; purl: string };
  /** Versions that fix it in the package's ecosystem, lowest first; empty when none is known. */
  fixedVersions: string[];
  references: string[];
}

export interface ImageScan {
  ref: ImageRef;
  /** The manifest digest scanned (of the platform's manifest, not the index). */
  digest: string;
  platform?: Platform;
  os?: OsRelease;
  packages: ImagePackage[];
  vulnerabilities: VulnerabilityMatch[];
  /** Compressed size of all layers, and bytes actually read from the registry or disk. */
  sizeBytes: number;
  bytesRead: number;
  scannedAt: string;
  /** Package files that could not be read and vulnerability ranges that could not be evaluated; the rest of the scan stands. */
  warnings?: string[];
}
