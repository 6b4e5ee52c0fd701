/**
 * Test images built from our own tar and gzip bytes (tar-stream, node:zlib) into an OCI layout,
 * pushed to a registry by `skopeo` (an independent implementation), plus `docker save`
 * archives in both the legacy and the OCI-layout variant, and raw pushes through the
 * distribution API for artifacts (signatures, referrers) that skopeo cannot write.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

const run = promisify(execFile);

export type LayerEntry =
  | { path: string; content: string | Buffer; mode?: number }
  | { path: string; symlink: string }
  | { path: string; hardlink: string }
  | { path: string; dir: true };

export interface Blob {
  digest: string;
  size: number;
  bytes: Buffer;
  mediaType: string;
}

export interface TestPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

export const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function blob(bytes: Buffer, mediaType: string): Blob {
  return { digest: sha256(bytes), size: bytes.length, bytes, mediaType };
}

/** An uncompressed tar of the entries, in the order given. */
export async function tarOf(entries: LayerEntry[]): Promise<Buffer> {
  const archive = pack();
  for (const entry of entries) {
    if ('content' in entry) {
      const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
      archive.entry({ name: entry.path, size: content.length, mode: entry.mode ?? 0o644, mtime: new Date(0) }, content);
    } else if ('symlink' in entry) {
      archive.entry({ name: entry.path, type: 'symlink', linkname: entry.symlink, mtime: new Date(0) });
    } else if ('hardlink' in entry) {
      archive.entry({ name: entry.path, type: 'link', linkname: entry.hardlink, mtime: new Date(0) });
    } else {
      archive.entry({ name: entry.path, type: 'directory', mode: 0o755, mtime: new Date(0) });
    }
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface TestImage {
  manifest: Blob;
  config: Blob;
  layers: Blob[];
  /** Uncompressed layer tars, for docker-save archives. */
  tars: Buffer[];
  platform: TestPlatform;
}

export async function buildImage(layers: LayerEntry[][], options: { platform?: TestPlatform; gzip?: boolean } = {}): Promise<TestImage> {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const tars = await Promise.all(layers.map((entries) => tarOf(entries)));
  const gzip = options.gzip ?? true;
  const layerBlobs = tars.map((tar) =>
    blob(gzip ? gzipSync(tar) : tar, gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar'),
  );
  const config = blob(
    Buffer.from(
      JSON.stringify({
        created: '2024-01-01T00:00:00Z',
        ...platform,
        config: { Env: ['PATH=/usr/bin:/bin'] },
        rootfs: { type: 'layers', diff_ids: tars.map(sha256) },
        history: tars.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'eksguard test' })),
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
        layers: layerBlobs.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size })),
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  return { manifest, config, layers: layerBlobs, tars, platform };
}

export function indexOf(images: TestImage[]): Blob {
  return blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: images.map((image) => ({
          mediaType: image.manifest.mediaType,
          digest: image.manifest.digest,
          size: image.manifest.size,
          platform: image.platform,
        })),
      }),
    ),
    'application/vnd.oci.image.index.v1+json',
  );
}

async function writeBlob(dir: string, item: Blob): Promise<void> {
  await writeFile(join(dir, 'blobs', 'sha256', item.digest.slice(7)), item.bytes);
}

/** Writes an OCI layout holding the images (or one index over them) under `tag`. */
export async function writeOciLayout(dir: string, tag: string, images: TestImage[], asIndex = images.length > 1): Promise<Blob> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const image of images) {
    for (const item of [image.manifest, image.config, ...image.layers]) await writeBlob(dir, item);
  }
  const top = asIndex ? indexOf(images) : images[0]!.manifest;
  if (asIndex) await writeBlob(dir, top);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: top.mediaType, digest: top.digest, size: top.size, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  return top;
}

export const SKOPEO = '/usr/bin/skopeo';

/** `skopeo copy [--all] oci:DIR:tag docker://host/repo:tag` over plain http. */
export async function skopeoPush(dir: string, tag: string, destination: string, all = false): Promise<void> {
  if (!existsSync(SKOPEO)) throw new Error(`${SKOPEO} is missing: install Debian's skopeo package (scripts/install-test-peers.sh)`);
  const args = ['copy', '--quiet', ...(all ? ['--all'] : []), '--preserve-digests', '--dest-tls-verify=false', `oci:${dir}:${tag}`, `docker://${destination}`];
  await run(SKOPEO, args, { env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir } });
}

/** Uploads a blob monolithically (POST then PUT ?digest=), as the distribution spec describes. */
export async function pushBlob(registryUrl: string, repository: string, item: Blob): Promise<void> {
  const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location') ?? '', registryUrl);
  location.searchParams.set('digest', item.digest);
  const put = await fetch(location, { method: 'PUT', body: item.bytes, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob upload ${item.digest}: HTTP ${put.status} ${await put.text()}`);
}

export async function pushManifest(registryUrl: string, repository: string, reference: string, item: Blob): Promise<void> {
  const put = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body: item.bytes,
    headers: { 'content-type': item.mediaType },
  });
  if (put.status !== 201) throw new Error(`manifest put ${reference}: HTTP ${put.status} ${await put.text()}`);
}

/** A `docker save` archive: legacy (`<id>/layer.tar`) or Docker 25+ (OCI layout inside). */
export async function writeDockerArchive(path: string, image: TestImage, repoTag: string, variant: 'legacy' | 'oci'): Promise<void> {
  const archive = pack();
  const add = (name: string, content: Buffer) => archive.entry({ name, size: content.length, mode: 0o644, mtime: new Date(0) }, content);
  if (variant === 'legacy') {
    const layers = image.tars.map((tar, i) => `${sha256(Buffer.from(`${i}`)).slice(7)}/layer.tar`);
    const configName = `${image.config.digest.slice(7)}.json`;
    add(configName, image.config.bytes);
    image.tars.forEach((tar, i) => {
      const dir = layers[i]!.split('/')[0]!;
      add(`${dir}/VERSION`, Buffer.from('1.0'));
      add(layers[i]!, tar);
    });
    add('manifest.json', Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [repoTag], Layers: layers }])));
    add('repositories', Buffer.from('{}'));
  } else {
    for (const item of [image.config, image.manifest, ...image.layers]) add(`blobs/sha256/${item.digest.slice(7)}`, item.bytes);
    add('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
    add('index.json', Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: image.manifest.mediaType, digest: image.manifest.digest, size: image.manifest.size, annotations: { 'io.containerd.image.name': repoTag, 'org.opencontainers.image.ref.name': repoTag.split(':').pop() } }],
    })));
    add('manifest.json', Buffer.from(JSON.stringify([{
      Config: `blobs/sha256/${image.config.digest.slice(7)}`,
      RepoTags: [repoTag],
      Layers: image.layers.map((layer) => `blobs/sha256/${layer.digest.slice(7)}`),
    }])));
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  await writeFile(path, Buffer.concat(chunks));
}
