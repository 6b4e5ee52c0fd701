/**
 * A `docker save` tarball. Every variant has `manifest.json` (`[{Config, RepoTags, Layers}]`);
 * Docker 25+ also writes an OCI layout inside (`oci-layout`, `index.json`, `blobs/sha256/…`).
 * When that layout holds the image's real manifest we serve it (so the digest is the registry
 * digest); for legacy archives we build a Docker v2 manifest from `manifest.json`, whose layers
 * are the uncompressed `layer.tar` files named by their diff ids.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ImageError } from './errors.js';
import { isDigest } from './image-ref.js';
import type { FetchedManifest, ImageSource } from './image-source.js';
import { MEDIA, parseImageConfig, parseManifest, type Descriptor } from './manifest.js';
import { MANIFEST_LIMIT } from './client.js';
import { indexTar, normaliseTarPath, type TarIndexEntry } from './tar-index.js';
import { sha256Digest, VerifyingStream } from './verify-stream.js';

interface ArchiveImage {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

const DOCKER_LAYER_TAR = 'application/vnd.docker.image.rootfs.diff.tar';

export class DockerArchiveSource implements ImageSource {
  readonly description: string;
  bytesRead = 0;
  private entries: Map<string, TarIndexEntry> | undefined;
  /** Blob digest → archive path, for blobs named by something other than their digest. */
  private readonly blobPaths = new Map<string, string>();

  constructor(
    private readonly path: string,
    private readonly tag?: string,
  ) {
    this.description = `docker-archive:${path}${tag ? `:${tag}` : ''}`;
  }

  private async index(): Promise<Map<string, TarIndexEntry>> {
    if (this.entries) return this.entries;
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      throw new ImageError('not-found', `${this.description}: ${(error as Error).message}`);
    }
    try {
      const { size } = await handle.stat();
      const magic = Buffer.alloc(4);
      await handle.read(magic, 0, 4, 0);
      if (magic[0] === 0x1f && magic[1] === 0x8b) {
        throw new ImageError('unsupported', `${this.description}: the archive is gzip-compressed; decompress it first (gunzip) so its layers can be read in place`);
      }
      this.entries = await indexTar(handle, size, this.description);
      return this.entries;
    } finally {
      await handle.close();
    }
  }

  private async readEntry(name: string, what: string): Promise<Buffer> {
    const entry = (await this.index()).get(normaliseTarPath(name));
    if (!entry) throw new ImageError('bad-archive', `${this.description}: ${what} '${name}' is not in the archive`);
    if (entry.size > MANIFEST_LIMIT) throw new ImageError('too-large', `${this.description}: ${what} '${name}' is ${entry.size} bytes, over the ${MANIFEST_LIMIT}-byte limit`);
    const handle = await open(this.path, 'r');
    try {
      const bytes = Buffer.alloc(entry.size);
      await handle.read(bytes, 0, entry.size, entry.offset);
      this.bytesRead += bytes.length;
      return bytes;
    } finally {
      await handle.close();
    }
  }

  private async pickImage(): Promise<ArchiveImage> {
    const bytes = await this.readEntry('manifest.json', 'file');
    let doc: unknown;
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new ImageError('bad-archive', `${this.description}: manifest.json is not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(doc)) throw new ImageError('bad-archive', `${this.description}: manifest.json must be an array`);
    const images = doc.map((entry: unknown, i): ArchiveImage => {
      const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      const layers = record.Layers;
      if (typeof record.Config !== 'string' || !Array.isArray(layers) || !layers.every((layer) => typeof layer === 'string')) {
        throw new ImageError('bad-archive', `${this.description}: manifest.json[${i}] needs a string Config and string Layers`);
      }
      const tags = Array.isArray(record.RepoTags) ? record.RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
      return { Config: record.Config, RepoTags: tags, Layers: layers };
    });
    const wanted = this.tag;
    const image = wanted
      ? images.find((candidate) => candidate.RepoTags.some((tag) => tag === wanted || tag.endsWith(`:${wanted}`) || tag.endsWith(`/${wanted}`)))
      : images.length === 1
        ? images[0]
        : undefined;
    if (!image) {
      const tags = images.flatMap((candidate) => candidate.RepoTags).join(', ');
      throw new ImageError('not-found', `${this.description}: ${wanted ? `no image tagged '${wanted}'` : `${images.length} images and no tag given`} (holds: ${tags || 'untagged images'})`);
    }
    return image;
  }

  /** The real manifest from the archive's OCI layout whose config is `configDigest`, if any. */
  private async layoutManifest(configDigest: string): Promise<FetchedManifest | undefined> {
    const entries = await this.index();
    if (!entries.has('index.json')) return undefined;
    const pending = [{ bytes: await this.readEntry('index.json', 'file'), depth: 0 }];
    while (pending.length > 0) {
      const { bytes, depth } = pending.pop()!;
      const parsed = parseManifest(bytes, `${this.description} index`);
      if (parsed.kind === 'manifest') {
        if (parsed.config.digest === configDigest) return { manifest: parsed, digest: sha256Digest(bytes), bytes };
        continue;
      }
      if (depth > 2) continue;
      for (const child of parsed.manifests) {
        const path = `blobs/sha256/${child.digest.slice(7)}`;
        if (entries.has(path)) pending.push({ bytes: await this.readEntry(path, 'manifest'), depth: depth + 1 });
      }
    }
    return undefined;
  }

  async manifest(reference?: string): Promise<FetchedManifest> {
    if (reference && isDigest(reference)) {
      const bytes = await this.readEntry(`blobs/sha256/${reference.slice(7)}`, 'manifest');
      if (sha256Digest(bytes) !== reference) throw new ImageError('digest-mismatch', `${this.description}: manifest ${reference} does not hash to its name`);
      return { manifest: parseManifest(bytes, `${this.description} ${reference}`), digest: reference, bytes };
    }
    const image = await this.pickImage();
    const configBytes = await this.readEntry(image.Config, 'config');
    const configDigest = sha256Digest(configBytes);
    const real = await this.layoutManifest(configDigest);
    if (real) return real;
    const config = parseImageConfig(configBytes, `${this.description} config`);
    if (config.diffIds.length !== image.Layers.length) {
      throw new ImageError('bad-archive', `${this.description}: config lists ${config.diffIds.length} diff_ids for ${image.Layers.length} layers`);
    }
    const entries = await this.index();
    const layers: Descriptor[] = image.Layers.map((layer, i) => {
      const entry = entries.get(normaliseTarPath(layer));
      const digest = config.diffIds[i] ?? '';
      if (!entry) throw new ImageError('bad-archive', `${this.description}: layer '${layer}' is not in the archive`);
      if (!isDigest(digest)) throw new ImageError('bad-archive', `${this.description}: diff_ids[${i}] '${digest}' is not a sha256 digest`);
      this.blobPaths.set(digest, normaliseTarPath(layer));
      return { mediaType: DOCKER_LAYER_TAR, digest, size: entry.size };
    });
    this.blobPaths.set(configDigest, normaliseTarPath(image.Config));
    const doc = {
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: MEDIA.dockerConfig, digest: configDigest, size: configBytes.length },
      layers,
    };
    const bytes = Buffer.from(JSON.stringify(doc));
    return { manifest: parseManifest(bytes, this.description), digest: sha256Digest(bytes), bytes };
  }

  async blob(descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    if (!isDigest(descriptor.digest)) throw new ImageError('bad-manifest', `${this.description}: '${descriptor.digest}' is not a sha256 digest`);
    const entries = await this.index();
    const path = this.blobPaths.get(descriptor.digest) ?? `blobs/sha256/${descriptor.digest.slice(7)}`;
    const entry = entries.get(path);
    if (!entry) throw new ImageError('not-found', `${this.description}: blob ${descriptor.digest} is not in the archive`);
    if (entry.size !== descriptor.size) {
      throw new ImageError('digest-mismatch', `${this.description}: blob ${descriptor.digest} has ${entry.size} bytes, ${descriptor.size} declared`);
    }
    if (entry.size === 0) return Readable.from([]).pipe(new VerifyingStream(descriptor.digest, 0, this.description, this));
    return createReadStream(this.path, { start: entry.offset, end: entry.offset + entry.size - 1 }).pipe(
      new VerifyingStream(descriptor.digest, descriptor.size, this.description, this),
    );
  }
}
