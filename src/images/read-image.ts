/**
 * The one call the rest of eksguard makes to read an image: from a registry reference, an OCI
 * layout (`oci:DIR[:tag]`) or a `docker save` tarball (`docker-archive:FILE[:tag]`, or any
 * path), resolve the platform's manifest, and extract only the wanted files.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extractLayers, type ExtractLimits } from './layers/index.js';
import { chainProviders, loadDockerConfig, type CredentialProvider } from './registry/credentials.js';
import { ecrCredentials, type EcrOptions } from './registry/ecr.js';
import { ImageError } from './registry/errors.js';
import { DockerArchiveSource } from './registry/docker-archive.js';
import { parseImageRef } from './registry/image-ref.js';
import type { ImageSource } from './registry/image-source.js';
import { MEDIA, parseImageConfig, shownMediaType, type Descriptor } from './registry/manifest.js';
import { OciLayoutSource } from './registry/oci-layout.js';
import { DEFAULT_PLATFORM, formatPlatform, selectPlatform } from './registry/platform.js';
import type { RegistryClientOptions } from './registry/client.js';
import { RegistrySource } from './registry/registry-source.js';
import { readAllCapped } from './registry/verify-stream.js';
import type { FileTree, ImageRef, Platform, WantedFile } from './types.js';

export interface ReadImageOptions extends Omit<RegistryClientOptions, 'credentials'> {
  wanted: WantedFile;
  /** Platform to pick from an index (default linux/amd64). */
  platform?: Platform;
  limits?: Partial<ExtractLimits>;
  /** Explicit credentials; otherwise Docker's config.json and, for ECR hosts, the ECR API. */
  credentials?: CredentialProvider;
  /** Path of a Docker config.json, or false to not read one. */
  dockerConfig?: string | false;
  /** ECR API options, or false to never call it. */
  ecr?: EcrOptions | false;
}

export interface ImageRead {
  ref: ImageRef;
  /** Digest of the platform's image manifest. */
  digest: string;
  /** Digest of the index the manifest was chosen from, when there was one. */
  indexDigest?: string;
  platform?: Platform;
  configDigest: string;
  layers: Descriptor[];
  /** Compressed size of all layers. */
  sizeBytes: number;
  bytesRead: number;
  files: FileTree;
  warnings: string[];
}

const CONFIG_TYPES = new Set<string>([MEDIA.ociConfig, MEDIA.dockerConfig]);
const CONFIG_LIMIT = 4 * 1024 * 1024;

function splitTag(rest: string): { path: string; tag?: string } {
  // As skopeo reads `oci:DIR[:tag]` and `docker-archive:FILE[:repo:tag]`: the first colon ends the path.
  const colon = rest.indexOf(':');
  return colon > 0 ? { path: rest.slice(0, colon), tag: rest.slice(colon + 1) } : { path: rest };
}

/**
 * The source an image reference names: `oci:DIR[:tag]`, `docker-archive:FILE[:tag]`, a local
 * path, or a registry reference with credentials from the given provider, Docker's config.json
 * and, for ECR hosts, the ECR API.
 */
export async function openImage(target: string, options: Omit<ReadImageOptions, 'wanted'> = {}): Promise<{ source: ImageSource; ref: ImageRef }> {
  const local = (kind: 'oci-layout' | 'docker-archive', rest: string) => {
    const { path, tag } = splitTag(rest);
    const full = resolve(path);
    const source = kind === 'oci-layout' ? new OciLayoutSource(full, tag) : new DockerArchiveSource(full, tag);
    return { source, ref: { registry: kind, repository: full, ...(tag ? { tag } : {}), original: target } };
  };
  if (target.startsWith('oci:')) return local('oci-layout', target.slice(4));
  if (target.startsWith('docker-archive:')) return local('docker-archive', target.slice('docker-archive:'.length));
  if (/^(\/|\.\.?\/)/.test(target)) {
    const { path } = splitTag(target);
    const info = await stat(path).catch(() => {
      throw new ImageError('not-found', `${path}: no such file or directory`);
    });
    return local(info.isDirectory() ? 'oci-layout' : 'docker-archive', target);
  }
  const ref = parseImageRef(target);
  const providers: CredentialProvider[] = [];
  if (options.credentials) providers.push(options.credentials);
  if (options.ecr !== false) providers.push(ecrCredentials(options.ecr ?? {}));
  if (options.dockerConfig !== false) providers.push(await loadDockerConfig(options.dockerConfig));
  return { source: new RegistrySource(ref, { ...options, credentials: chainProviders(...providers) }), ref };
}

export async function readImage(target: string | { source: ImageSource; ref: ImageRef }, options: ReadImageOptions): Promise<ImageRead> {
  const { source, ref } = typeof target === 'string' ? await openImage(target, options) : target;
  const wantedPlatform = options.platform ?? DEFAULT_PLATFORM;
  const warnings: string[] = [];

  let top = await source.manifest();
  let indexDigest: string | undefined;
  let platform: Platform | undefined;
  if (top.manifest.kind === 'index') {
    indexDigest = top.digest;
    const chosen = selectPlatform(top.manifest, wantedPlatform, source.description);
    platform = chosen.platform;
    top = await source.manifest(chosen.digest);
    if (top.manifest.kind !== 'manifest') throw new ImageError('bad-manifest', `${source.description}: index entry ${chosen.digest} is itself an index`);
  }
  const manifest = top.manifest;
  if (manifest.kind !== 'manifest') throw new ImageError('bad-manifest', `${source.description}: not an image manifest`);
  if (!CONFIG_TYPES.has(manifest.config.mediaType)) {
    throw new ImageError('unsupported', `${source.description}: config media type ${shownMediaType(manifest.config.mediaType)} is not a container image (an artifact?)`);
  }
  if (manifest.config.size > CONFIG_LIMIT) throw new ImageError('too-large', `${source.description}: config declares ${manifest.config.size} bytes`);
  const configBytes = await readAllCapped(await source.blob(manifest.config), CONFIG_LIMIT, `${source.description} config`);
  const config = parseImageConfig(configBytes, `${source.description} config`);
  platform ??= config.platform;
  if (!indexDigest && config.platform && (config.platform.os !== wantedPlatform.os || config.platform.architecture !== wantedPlatform.architecture)) {
    warnings.push(`${source.description}: single-platform image is ${formatPlatform(config.platform)}, not the requested ${formatPlatform(wantedPlatform)}`);
  }

  const extracted = await extractLayers(source, manifest.layers, options.wanted, options.limits);
  return {
    ref,
    digest: top.digest,
    ...(indexDigest ? { indexDigest } : {}),
    ...(platform ? { platform } : {}),
    configDigest: manifest.config.digest,
    layers: manifest.layers,
    sizeBytes: manifest.layers.reduce((sum, layer) => sum + layer.size, 0),
    bytesRead: source.bytesRead,
    files: extracted.files,
    warnings: [...warnings, ...extracted.warnings],
  };
}
