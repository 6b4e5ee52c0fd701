import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../../test/peers/registry.js';
import { blob, buildImage, pushBlob, pushManifest, skopeoPush, writeOciLayout, type LayerEntry, type TestImage } from '../../test/peers/images.js';
import { readImage } from './read-image.js';
import { RegistryClient } from './registry/client.js';
import { isImageError } from './registry/errors.js';

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
const DPKG_STATUS = 'Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u5\nArchitecture: amd64\n\n';

const BASE: LayerEntry[] = [
  { path: 'etc/', dir: true },
  // Debian's real layout: /etc/os-release is a relative symlink into /usr/lib, which sorts after /etc.
  { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
  { path: 'etc/hostname', content: 'base\n' },
  { path: 'usr/lib/os-release', content: OS_RELEASE },
  { path: 'var/lib/dpkg/status', content: DPKG_STATUS },
  { path: 'var/lib/dpkg/status-old', content: 'old\n' },
  { path: 'opt/app/config.json', content: '{"a":1}' },
  { path: 'opt/app/secret.txt', content: 'secret' },
  { path: 'usr/bin/big-binary', content: Buffer.alloc(200_000, 1) },
];
const UPPER: LayerEntry[] = [
  { path: 'var/lib/dpkg/.wh.status-old', content: '' },
  { path: 'opt/app/.wh..wh..opq', content: '' },
  { path: 'opt/app/new.json', content: '{"b":2}' },
  { path: 'var/lib/dpkg/status', content: DPKG_STATUS + 'Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\n\n' },
];

const wanted = (path: string) => path.startsWith('/etc/') || path.startsWith('/var/lib/dpkg/') || path.startsWith('/opt/');

let registry: TestRegistry;
let work: string;
let image: TestImage;
let arm: TestImage;

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'eksguard-images-'));
  image = await buildImage([BASE, UPPER]);
  arm = await buildImage([[{ path: 'etc/os-release', content: 'ID=alpine\n' }]], { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
  await writeOciLayout(join(work, 'single'), 'v1', [image]);
  await skopeoPush(join(work, 'single'), 'v1', `${registry.host}/shop/api:v1`);
  await writeOciLayout(join(work, 'multi'), 'multi', [image, arm]);
  await skopeoPush(join(work, 'multi'), 'multi', `${registry.host}/shop/api:multi`, true);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('readImage from the docker-registry peer', () => {
  it('extracts the wanted files with whiteouts, opaque dirs and symlinks applied', async () => {
    const read = await readImage(`${registry.host}/shop/api:v1`, { wanted, dockerConfig: false, ecr: false });
    expect(read.digest).toBe(image.manifest.digest);
    expect(read.configDigest).toBe(image.config.digest);
    expect(read.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(read.files.paths()).toEqual(['/etc/hostname', '/opt/app/new.json', '/usr/lib/os-release', '/var/lib/dpkg/status']);
    expect(read.files.get('/etc/os-release')?.toString()).toBe(OS_RELEASE);
    expect(read.files.get('/var/lib/dpkg/status')?.toString()).toContain('Package: curl');
    expect(read.files.get('/opt/app/config.json')).toBeUndefined();
    expect(read.files.get('/usr/bin/big-binary')).toBeUndefined();
    const layerBytes = image.layers.reduce((sum, layer) => sum + layer.size, 0);
    expect(read.sizeBytes).toBe(layerBytes);
    // Every layer byte plus manifest and config, and nothing twice.
    expect(read.bytesRead).toBe(layerBytes + image.manifest.size + image.config.size);
  });

  it('picks the platform from a multi-platform index', async () => {
    const amd = await readImage(`${registry.host}/shop/api:multi`, { wanted, dockerConfig: false, ecr: false });
    expect(amd.digest).toBe(image.manifest.digest);
    expect(amd.indexDigest).toMatch(/^sha256:/);
    const armRead = await readImage(`${registry.host}/shop/api:multi`, { wanted, platform: { os: 'linux', architecture: 'arm64' }, dockerConfig: false, ecr: false });
    expect(armRead.digest).toBe(arm.manifest.digest);
    expect(armRead.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(armRead.files.get('/etc/os-release')?.toString()).toBe('ID=alpine\n');
    await expect(readImage(`${registry.host}/shop/api:multi`, { wanted, platform: { os: 'linux', architecture: 's390x' }, dockerConfig: false, ecr: false })).rejects.toMatchObject({
      code: 'no-platform',
      message: expect.stringContaining('linux/arm64/v8'),
    });
  });

  it('reads by digest and refuses a digest the registry does not hold', async () => {
    const read = await readImage(`${registry.host}/shop/api@${image.manifest.digest}`, { wanted, dockerConfig: false, ecr: false });
    expect(read.files.paths()).toContain('/var/lib/dpkg/status');
    const missing = `${registry.host}/shop/api@sha256:${'0'.repeat(64)}`;
    await expect(readImage(missing, { wanted, dockerConfig: false, ecr: false })).rejects.toSatisfy((error) => isImageError(error, 'not-found'));
  });

  it('lists tags and finds referrers through the tag-schema fallback', async () => {
    const client = new RegistryClient(registry.host);
    expect((await client.tags('shop/api')).sort()).toEqual(['multi', 'v1']);
    expect(await client.referrers('shop/api', image.manifest.digest)).toEqual([]);

    // An artifact naming the image as its subject, pushed as a referrers-capable client would.
    const empty = blob(Buffer.from('{}'), 'application/vnd.oci.empty.v1+json');
    const payload = blob(Buffer.from('{"critical":{}}'), 'application/vnd.dev.cosign.simplesigning.v1+json');
    await pushBlob(registry.url, 'shop/api', empty);
    await pushBlob(registry.url, 'shop/api', payload);
    const artifactType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
    const artifact = blob(
      Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType,
        config: { mediaType: empty.mediaType, digest: empty.digest, size: empty.size },
        layers: [{ mediaType: payload.mediaType, digest: payload.digest, size: payload.size }],
        subject: { mediaType: image.manifest.mediaType, digest: image.manifest.digest, size: image.manifest.size },
      })),
      'application/vnd.oci.image.manifest.v1+json',
    );
    await pushManifest(registry.url, 'shop/api', artifact.digest, artifact);
    // docker-registry 2.8 has no referrers API, so the client maintains the fallback tag.
    const fallback = blob(
      Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [{ mediaType: artifact.mediaType, digest: artifact.digest, size: artifact.size, artifactType }],
      })),
      'application/vnd.oci.image.index.v1+json',
    );
    await pushManifest(registry.url, 'shop/api', `sha256-${image.manifest.digest.slice(7)}`, fallback);

    const referrers = await client.referrers('shop/api', image.manifest.digest);
    expect(referrers).toEqual([{ mediaType: artifact.mediaType, digest: artifact.digest, size: artifact.size, artifactType }]);
    expect(await client.referrers('shop/api', image.manifest.digest, 'application/other')).toEqual([]);
    const fetched = await client.manifest('shop/api', artifact.digest);
    expect(fetched.manifest.kind === 'manifest' && fetched.manifest.subject?.digest).toBe(image.manifest.digest);
  });

  it('names what is wrong with a bad reference or a missing repository', async () => {
    await expect(readImage('Shop/API:v1', { wanted, dockerConfig: false, ecr: false })).rejects.toMatchObject({ code: 'bad-reference' });
    await expect(readImage(`${registry.host}/nope/nothing:v1`, { wanted, dockerConfig: false, ecr: false })).rejects.toMatchObject({ code: 'not-found' });
  });
});
