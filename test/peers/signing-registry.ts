/**
 * Debian's docker-registry (distribution 2.8) on loopback for the signature tests, a plain HTTP
 * SignatureSource over it, and skopeo to push and sign test images independently of our code.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { Descriptor, FetchedManifest, SignatureSource } from '../../src/images/signatures/source.js';

const run = promisify(execFile);
const REGISTRY_BIN = '/usr/bin/docker-registry';
const SKOPEO_BIN = '/usr/bin/skopeo';

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

function requirePeer(path: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run scripts/install-test-peers.sh (Debian packages docker-registry, skopeo)`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startSigningRegistry(): Promise<SigningRegistry> {
  requirePeer(REGISTRY_BIN);
  requirePeer(SKOPEO_BIN);
  const workDir = await mkdtemp(join(tmpdir(), 'eksguard-signing-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log: { level: error }',
    `storage: { filesystem: { rootdirectory: ${join(workDir, 'storage')} }, delete: { enabled: true } }`,
    `http: { addr: "${host}" }`,
  ].join('\n');
  await writeFile(join(workDir, 'config.yml'), config);
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(workDir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(workDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start on ${host}: ${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host, workDir, source: httpSource(host), stop };
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

export const sha256 = (bytes: Buffer | string): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export async function pushBlob(host: string, repository: string, bytes: Buffer): Promise<Descriptor & { digest: string }> {
  const digest = sha256(bytes);
  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return { mediaType: 'application/octet-stream', digest, size: bytes.length };
}

export async function pushManifest(host: string, repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
  const res = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': mediaType },
  });
  if (res.status !== 201) throw new Error(`manifest PUT ${repository}:${reference}: HTTP ${res.status} ${await res.text()}`);
  return sha256(bytes);
}

/** An OCI image layout with one small layer holding `files`, for skopeo to push. */
export async function buildOciLayout(dir: string, tag: string, files: Record<string, string>): Promise<string> {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  const layerTar = Buffer.concat(chunks);
  const layer = gzipSync(layerTar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
      config: {},
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length }],
    }),
  );
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const blob of [layer, config, manifest]) await writeFile(join(dir, 'blobs', 'sha256', sha256(blob).slice(7)), blob);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256(manifest),
        size: manifest.length,
        annotations: { 'org.opencontainers.image.ref.name': tag },
      },
    ],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  return sha256(manifest);
}

/**
 * Builds a one-layer image holding `files` and pushes it with skopeo to `repository:tag`.
 * Returns the manifest digest.
 */
export async function pushTestImage(
  registry: SigningRegistry,
  repository: string,
  tag: string,
  files: Record<string, string>,
): Promise<string> {
  const dir = await mkdtemp(join(registry.workDir, 'image-'));
  const layoutDigest = await buildOciLayout(join(dir, 'layout'), tag, files);
  const digestFile = join(dir, 'digest');
  const args = [
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    '--digestfile',
    digestFile,
    '--preserve-digests',
  ];
  args.push(`oci:${join(dir, 'layout')}:${tag}`, `docker://${registry.host}/${repository}:${tag}`);
  try {
    await run(SKOPEO_BIN, args, { env: { ...process.env, HOME: dir } });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`skopeo ${args.join(' ')} failed: ${stderr}`);
  }
  const pushed = (await readFile(digestFile, 'utf8')).trim();
  if (pushed !== layoutDigest) throw new Error(`skopeo pushed ${pushed}, the layout holds ${layoutDigest}`);
  return pushed;
}
