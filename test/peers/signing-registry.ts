/**
 * Debian's docker-registry (distribution 2.8) on loopback for the signature tests, a plain HTTP
 * SignatureSource over it, and skopeo to push test images independently of our code.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Descriptor, FetchedManifest, SignatureSource } from '../../src/images/signatures/source.js';
import { blob, buildImage, pushBlob as pushBlobTo, pushManifest as pushManifestTo, sha256 as digestOf, SKOPEO, skopeoPush, writeOciLayout } from './images.js';
import { startRegistry } from './registry.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export interface SigningRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  workDir: string;
  source: SignatureSource;
  stop(): Promise<void>;
}

export async function startSigningRegistry(): Promise<SigningRegistry> {
  if (!existsSync(SKOPEO)) throw new Error(`${SKOPEO} is missing: run scripts/install-test-peers.sh (Debian package skopeo)`);
  const registry = await startRegistry();
  const workDir = await mkdtemp(join(tmpdir(), 'eksguard-signing-'));
  const stop = async (): Promise<void> => {
    await registry.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  return { host: registry.host, workDir, source: httpSource(registry.host), stop };
}

/** A plain-HTTP SignatureSource, with the referrers tag-schema fallback distribution 2.8 needs. */
export function httpSource(host: string): SignatureSource {
  const base = `http://${host}/v2`;
  const manifest = async (repository: string, reference: string): Promise<FetchedManifest | undefined> => {
    const res = await fetch(`${base}/${repository}/manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT } });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET manifest ${repository}:${reference}: HTTP ${res.status}`);
    return { bytes: Buffer.from(await res.arrayBuffer()), mediaType: res.headers.get('content-type') ?? '' };
  };
  return {
    manifest,
    async blob(repository, digest, maxBytes) {
      const res = await fetch(`${base}/${repository}/blobs/${digest}`);
      if (!res.ok) throw new Error(`GET blob ${repository}@${digest}: HTTP ${res.status}`);
      const length = Number(res.headers.get('content-length') ?? '0');
      if (length > maxBytes) {
        await res.body?.cancel();
        throw new Error(`blob ${digest} is ${length} bytes, over the ${maxBytes}-byte cap`);
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > maxBytes) throw new Error(`blob ${digest} is over the ${maxBytes}-byte cap`);
      return bytes;
    },
    async referrers(repository, digest) {
      const res = await fetch(`${base}/${repository}/referrers/${digest}`, { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
      if (res.ok) return ((await res.json()) as { manifests?: Descriptor[] }).manifests ?? [];
      await res.body?.cancel();
      const index = await manifest(repository, digest.replace(':', '-'));
      if (!index) return [];
      return (JSON.parse(index.bytes.toString('utf8')) as { manifests?: Descriptor[] }).manifests ?? [];
    },
  };
}

export const sha256 = (bytes: Buffer | string): string => digestOf(Buffer.from(bytes));

export async function pushBlob(host: string, repository: string, bytes: Buffer): Promise<Descriptor & { digest: string }> {
  const item = blob(bytes, 'application/octet-stream');
  await pushBlobTo(`http://${host}`, repository, item);
  return { mediaType: item.mediaType, digest: item.digest, size: item.size };
}

export async function pushManifest(host: string, repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
  const item = blob(bytes, mediaType);
  await pushManifestTo(`http://${host}`, repository, reference, item);
  return item.digest;
}

/** An OCI image layout with one layer holding `files`, for skopeo to push; returns the manifest digest. */
export async function buildOciLayout(dir: string, tag: string, files: Record<string, string>): Promise<string> {
  const image = await buildImage([Object.entries(files).map(([path, content]) => ({ path, content }))]);
  return (await writeOciLayout(dir, tag, [image])).digest;
}

/**
 * Builds a one-layer image holding `files` and pushes it with skopeo to `repository:tag`.
 * Returns the manifest digest (skopeo keeps it: --preserve-digests).
 */
export async function pushTestImage(registry: SigningRegistry, repository: string, tag: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(registry.workDir, 'image-'));
  const digest = await buildOciLayout(join(dir, 'layout'), tag, files);
  await skopeoPush(join(dir, 'layout'), tag, `${registry.host}/${repository}:${tag}`);
  return digest;
}
