import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blob, buildImage, tarOf, writeOciLayout, type Blob, type TestImage } from '../../../test/peers/images.js';
import { readImage, type ReadImageOptions } from '../read-image.js';

let work: string;
let n = 0;
const all: ReadImageOptions = { wanted: () => true };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'eksguard-layers-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** An image whose single layer is exactly `layer` (any bytes), written as an OCI layout. */
async function layoutWith(layer: Blob, declared?: Partial<Blob>): Promise<{ dir: string; image: TestImage }> {
  const image = await buildImage([[{ path: 'placeholder', content: 'x' }]]);
  const described = { ...layer, ...declared };
  const manifest = blob(
    Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: image.config.mediaType, digest: image.config.digest, size: image.config.size },
      layers: [{ mediaType: layer.mediaType, digest: described.digest, size: described.size }],
    })),
    'application/vnd.oci.image.manifest.v1+json',
  );
  const patched: TestImage = { ...image, manifest, layers: [layer] };
  const dir = join(work, `img-${n++}`);
  await writeOciLayout(dir, 't', [patched]);
  return { dir, image: patched };
}

describe('layer extraction on hostile input', () => {
  it('keeps ../ and absolute entries inside the image root and survives symlink loops', async () => {
    const tar = await tarOf([
      { path: '../../../etc/passwd', content: 'root:x:0:0\n' },
      { path: '/abs/file', content: 'abs' },
      { path: 'a/../../b', content: 'b' },
      { path: 'link-out', symlink: '../../../../etc/passwd' },
      { path: 'loop1', symlink: 'loop2' },
      { path: 'loop2', symlink: 'loop1' },
    ]);
    const { dir } = await layoutWith(blob(gzipSync(tar), 'application/vnd.oci.image.layer.v1.tar+gzip'));
    const read = await readImage(`oci:${dir}:t`, all);
    expect(read.files.paths()).toEqual(['/abs/file', '/b', '/etc/passwd']);
    expect(read.files.get('/link-out')?.toString()).toBe('root:x:0:0\n');
    expect(read.files.get('/loop1')).toBeUndefined();
  });

  it('resolves hard links and directory symlinks (merged /usr)', async () => {
    const tar = await tarOf([
      { path: 'lib', symlink: 'usr/lib' },
      { path: 'usr/lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\n' },
      { path: 'usr/bin/python3.11', content: 'ELF' },
      { path: 'usr/bin/python3', hardlink: 'usr/bin/python3.11' },
    ]);
    const { dir } = await layoutWith(blob(tar, 'application/vnd.oci.image.layer.v1.tar'));
    const read = await readImage(`oci:${dir}:t`, { wanted: (path) => path.startsWith('/usr/') });
    expect(read.files.get('/lib/apk/db/installed')?.toString()).toContain('P:musl');
    expect(read.files.get('/usr/bin/python3')?.toString()).toBe('ELF');
  });

  it('fetches a wanted symlink target from an earlier layer in a second pass', async () => {
    const image = await buildImage([
      [{ path: 'usr/lib/os-release', content: 'ID=debian\n' }],
      [{ path: 'etc/os-release', symlink: '../usr/lib/os-release' }],
    ]);
    const dir = join(work, `img-${n++}`);
    await writeOciLayout(dir, 't', [image]);
    const read = await readImage(`oci:${dir}:t`, { wanted: (path) => path === '/etc/os-release' });
    expect(read.files.get('/etc/os-release')?.toString()).toBe('ID=debian\n');
    expect(read.bytesRead).toBeGreaterThan(2 * image.layers.reduce((sum, layer) => sum + layer.size, 0));
  });

  it('fails a truncated gzip layer clearly', async () => {
    const gz = gzipSync(await tarOf([{ path: 'etc/big', content: Buffer.alloc(100_000, 7) }]));
    const { dir } = await layoutWith(blob(gz.subarray(0, Math.floor(gz.length / 2)), 'application/vnd.oci.image.layer.v1.tar+gzip'));
    await expect(readImage(`oci:${dir}:t`, all)).rejects.toMatchObject({ code: 'bad-layer', message: expect.stringMatching(/gzip|tar/) });
  });

  it('fails a layer whose bytes do not match its digest', async () => {
    const good = blob(gzipSync(await tarOf([{ path: 'etc/x', content: 'x' }])), 'application/vnd.oci.image.layer.v1.tar+gzip');
    const { dir } = await layoutWith(good);
    const path = join(dir, 'blobs', 'sha256', good.digest.slice(7));
    const bytes = await readFile(path);
    bytes[bytes.length - 5]! ^= 0xff;
    await writeFile(path, bytes);
    await expect(readImage(`oci:${dir}:t`, all)).rejects.toMatchObject({ code: 'digest-mismatch' });
  });

  it('stops a decompression bomb at the per-layer cap', async () => {
    const bomb = gzipSync(await tarOf([{ path: 'zeros', content: Buffer.alloc(64 * 1024 * 1024) }]));
    expect(bomb.length).toBeLessThan(200_000);
    const { dir } = await layoutWith(blob(bomb, 'application/vnd.oci.image.layer.v1.tar+gzip'));
    await expect(readImage(`oci:${dir}:t`, { ...all, limits: { maxLayerBytes: 8 * 1024 * 1024 } })).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringContaining('decompression bomb'),
    });
  });

  it('skips files over the per-file cap with a warning and enforces the total cap', async () => {
    const tar = await tarOf([
      { path: 'small', content: 'ok' },
      { path: 'huge', content: Buffer.alloc(4096, 1) },
    ]);
    const { dir } = await layoutWith(blob(tar, 'application/vnd.oci.image.layer.v1.tar'));
    const read = await readImage(`oci:${dir}:t`, { ...all, limits: { maxFileBytes: 1024 } });
    expect(read.files.paths()).toEqual(['/small']);
    expect(read.warnings.join()).toContain('/huge skipped');
    await expect(readImage(`oci:${dir}:t`, { ...all, limits: { maxTotalBytes: 1000 } })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('skips an entry whose pax linkpath or path is over 4,096 bytes, with a warning', async () => {
    const tar = await tarOf([
      { path: 'etc/long-link', symlink: `/${'a'.repeat(1024 * 1024)}` },
      { path: `etc/${'p'.repeat(5000)}`, symlink: 'short' },
      { path: 'etc/ok', symlink: 'os-release' },
      { path: 'etc/os-release', content: 'ID=debian\n' },
    ]);
    const { dir } = await layoutWith(blob(tar, 'application/vnd.oci.image.layer.v1.tar'));
    const read = await readImage(`oci:${dir}:t`, all);
    expect(read.files.get('/etc/ok')?.toString()).toBe('ID=debian\n');
    const warnings = read.warnings.join('\n');
    expect(warnings).toContain('/etc/long-link skipped: link target of 1048577 bytes is over the 4096-byte limit');
    expect(warnings).toContain('skipped: path of 5004 bytes is over the 4096-byte limit');
    // The warning names the entry, not its megabyte of target.
    expect(warnings.length).toBeLessThan(1024);
  });

  it('counts symlink targets against the total cap', async () => {
    const links = Array.from({ length: 40 }, (_, i) => ({ path: `l${i}`, symlink: `/${'t'.repeat(100)}${i}` }));
    const { dir } = await layoutWith(blob(await tarOf(links), 'application/vnd.oci.image.layer.v1.tar'));
    await expect(readImage(`oci:${dir}:t`, { ...all, limits: { maxTotalBytes: 2000 } })).rejects.toMatchObject({ code: 'too-large' });
    expect((await readImage(`oci:${dir}:t`, { ...all, limits: { maxTotalBytes: 8000 } })).warnings).toEqual([]);
  });

  it('reports zstd layers as unsupported and garbage as not a tar', async () => {
    const zstd = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(64, 1)]);
    const first = await layoutWith(blob(zstd, 'application/vnd.oci.image.layer.v1.tar+zstd'));
    await expect(readImage(`oci:${first.dir}:t`, all)).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining('zstd') });
    const garbage = Buffer.alloc(2048, 0x41);
    const second = await layoutWith(blob(garbage, 'application/vnd.oci.image.layer.v1.tar'));
    await expect(readImage(`oci:${second.dir}:t`, all)).rejects.toMatchObject({ code: 'bad-layer' });
  });

  it('refuses a layer whose declared size disagrees with the blob', async () => {
    const layer = blob(gzipSync(await tarOf([{ path: 'a', content: 'a' }])), 'application/vnd.oci.image.layer.v1.tar+gzip');
    const { dir } = await layoutWith(layer, { size: 2 ** 50 });
    await expect(readImage(`oci:${dir}:t`, all)).rejects.toMatchObject({ code: 'digest-mismatch' });
  });
});
