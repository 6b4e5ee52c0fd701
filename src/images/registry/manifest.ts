/**
 * Manifests and indexes in the four media types registries serve (OCI and Docker v2), checked
 * field by field: a registry or a tarball is untrusted input, so anything malformed becomes a
 * `bad-manifest` error naming the field rather than a crash further down.
 */
import type { Platform } from '../types.js';
import { ImageError } from './errors.js';
import { isDigest } from './image-ref.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  artifactType?: string;
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageIndex | ImageManifest;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A media type as an error message may quote it: only when it looks like one and is short. The
 * document is the registry's, and error messages reach admission requesters.
 */
export function shownMediaType(value: string): string {
  return /^[\w.+-]{1,64}\/[\w.+-]{1,100}$/.test(value) ? `'${value}'` : '(not a media type)';
}

function fail(where: string, field: string, why: string): never {
  throw new ImageError('bad-manifest', `${where}: field '${field}' ${why}`);
}

function stringMap(value: unknown, where: string, field: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) fail(where, field, 'must map strings to strings');
  return value as Record<string, string>;
}

function parsePlatform(value: unknown, where: string, field: string): Platform | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || typeof value.os !== 'string' || typeof value.architecture !== 'string') {
    fail(where, field, 'must have string os and architecture');
  }
  return {
    os: value.os,
    architecture: value.architecture,
    ...(typeof value.variant === 'string' ? { variant: value.variant } : {}),
  };
}

export function parseDescriptor(value: unknown, where: string, field: string): Descriptor {
  if (!isRecord(value)) fail(where, field, 'must be an object');
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== 'string') fail(where, `${field}.mediaType`, 'must be a string');
  if (typeof digest !== 'string' || !isDigest(digest)) fail(where, `${field}.digest`, 'must be sha256:<64 hex>');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail(where, `${field}.size`, 'must be a non-negative integer');
  const platform = parsePlatform(value.platform, where, `${field}.platform`);
  const annotations = stringMap(value.annotations, where, `${field}.annotations`);
  return {
    mediaType,
    digest,
    size,
    ...(platform ? { platform } : {}),
    ...(typeof value.artifactType === 'string' ? { artifactType: value.artifactType } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

function descriptors(value: unknown, where: string, field: string): Descriptor[] {
  if (!Array.isArray(value)) fail(where, field, 'must be an array');
  return value.map((entry, i) => parseDescriptor(entry, where, `${field}[${i}]`));
}

/**
 * Parses manifest bytes. The media type comes from the document when present, else from the
 * Content-Type the registry sent; the document's structure decides when neither is known
 * (older OCI layouts omit `mediaType`).
 */
export function parseManifest(bytes: Buffer, where: string, contentType?: string): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ImageError('bad-manifest', `${where}: not valid JSON`);
  }
  if (!isRecord(doc)) fail(where, '(root)', 'must be a JSON object');
  if (doc.schemaVersion !== 2) {
    throw new ImageError('unsupported', `${where}: schemaVersion ${typeof doc.schemaVersion === 'number' ? doc.schemaVersion : `of type ${typeof doc.schemaVersion}`} is not supported (only 2; Docker schema 1 is deprecated)`);
  }
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : contentType?.split(';')[0]?.trim();
  const isIndex = declared === MEDIA.ociIndex || declared === MEDIA.dockerList || (!declared && Array.isArray(doc.manifests));
  if (isIndex) {
    return { kind: 'index', mediaType: declared ?? MEDIA.ociIndex, manifests: descriptors(doc.manifests, where, 'manifests') };
  }
  if (declared && declared !== MEDIA.ociManifest && declared !== MEDIA.dockerManifest) {
    throw new ImageError('unsupported', `${where}: media type ${shownMediaType(declared)} is not an image manifest or index`);
  }
  const subject = doc.subject === undefined ? undefined : parseDescriptor(doc.subject, where, 'subject');
  const annotations = stringMap(doc.annotations, where, 'annotations');
  return {
    kind: 'manifest',
    mediaType: declared ?? MEDIA.ociManifest,
    config: parseDescriptor(doc.config, where, 'config'),
    layers: descriptors(doc.layers, where, 'layers'),
    ...(typeof doc.artifactType === 'string' ? { artifactType: doc.artifactType } : {}),
    ...(subject ? { subject } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** Image config fields we use: the platform and the uncompressed layer digests. */
export interface ImageConfig {
  platform?: Platform;
  diffIds: string[];
}

export function parseImageConfig(bytes: Buffer, where: string): ImageConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ImageError('bad-manifest', `${where}: config is not valid JSON`);
  }
  if (!isRecord(doc)) fail(where, '(root)', 'must be a JSON object');
  const rootfs = isRecord(doc.rootfs) ? doc.rootfs : {};
  const diffIds = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids.filter((id): id is string => typeof id === 'string') : [];
  const platform = typeof doc.os === 'string' && typeof doc.architecture === 'string'
    ? { os: doc.os, architecture: doc.architecture, ...(typeof doc.variant === 'string' ? { variant: doc.variant } : {}) }
    : undefined;
  return { ...(platform ? { platform } : {}), diffIds };
}
