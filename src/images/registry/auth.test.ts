import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../../../test/peers/registry.js';
import { startAuthProxy } from '../../../test/peers/auth-proxy.js';
import { buildImage, skopeoPush, writeDockerArchive, writeOciLayout, type TestImage } from '../../../test/peers/images.js';
import { readImage } from '../read-image.js';
import { RegistryClient } from './client.js';
import { credentialsFromDockerConfig, loadDockerConfig } from './credentials.js';
import { ecrCredentials } from './ecr.js';

let registry: TestRegistry;
let work: string;
let image: TestImage;
const wanted = (path: string) => path.startsWith('/etc/');
const user = { username: 'ci', password: 's3cret:with:colons' };

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'eksguard-auth-'));
  image = await buildImage([[{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }], [{ path: 'etc/motd', content: 'hi' }]]);
  await writeOciLayout(join(work, 'layout'), 'v1', [image]);
  await skopeoPush(join(work, 'layout'), 'v1', `${registry.host}/team/app:v1`);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('registry authentication', () => {
  it.each(['token', 'access_token'] as const)('follows a Bearer challenge answered with %s', async (tokenField) => {
    const proxy = await startAuthProxy({ upstream: registry.url, mode: 'bearer', user, tokenField });
    try {
      const read = await readImage(`${proxy.host}/team/app:v1`, { wanted, credentials: () => Promise.resolve(user), dockerConfig: false, ecr: false });
      expect(read.digest).toBe(image.manifest.digest);
      expect(read.files.paths()).toEqual(['/etc/motd', '/etc/os-release']);
      // One challenge, one token, then every request carries it.
      expect(proxy.log.filter((entry) => entry.status === 401)).toHaveLength(1);
      expect(proxy.log.filter((entry) => entry.path.startsWith('/token'))).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('asks for an anonymous token when no credentials are configured, using its own scope when the challenge has none', async () => {
    const proxy = await startAuthProxy({ upstream: registry.url, mode: 'bearer', omitScope: true });
    try {
      const read = await readImage(`${proxy.host}/team/app:v1`, { wanted, dockerConfig: false, ecr: false });
      expect(read.files.get('/etc/motd')?.toString()).toBe('hi');
      expect(proxy.log.find((entry) => entry.path.startsWith('/token'))?.path).toContain('scope=repository%3Ateam%2Fapp%3Apull');
    } finally {
      await proxy.close();
    }
  });

  it('uses Basic credentials from a Docker config.json auths entry, and says why when refused', async () => {
    const proxy = await startAuthProxy({ upstream: registry.url, mode: 'basic', user });
    try {
      const configPath = join(work, 'config.json');
      await writeFile(configPath, JSON.stringify({ auths: { [`http://${proxy.host}`]: { auth: Buffer.from(`${user.username}:${user.password}`).toString('base64') } } }));
      const read = await readImage(`${proxy.host}/team/app:v1`, { wanted, dockerConfig: configPath, ecr: false });
      expect(read.digest).toBe(image.manifest.digest);
      await expect(readImage(`${proxy.host}/team/app:v1`, { wanted, dockerConfig: false, ecr: false })).rejects.toMatchObject({ code: 'unauthorized' });
      const wrong = () => Promise.resolve({ username: 'ci', password: 'nope' });
      await expect(readImage(`${proxy.host}/team/app:v1`, { wanted, credentials: wrong, dockerConfig: false, ecr: false })).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      await proxy.close();
    }
  });

  it('reports credential helpers as unsupported, naming the helper', async () => {
    const provider = credentialsFromDockerConfig({ auths: {}, credHelpers: { 'public.ecr.aws': 'ecr-login' }, credsStore: 'desktop' }, '/home/x/.docker/config.json');
    await expect(provider('public.ecr.aws')).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining('docker-credential-ecr-login') });
    await expect(provider('ghcr.io')).rejects.toMatchObject({ message: expect.stringContaining('docker-credential-desktop') });
    const hub = credentialsFromDockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('me:pw').toString('base64') } } }, 'c');
    expect(await hub('registry-1.docker.io')).toEqual({ username: 'me', password: 'pw' });
    await expect(loadDockerConfig(join(work, 'missing.json'))).rejects.toMatchObject({ code: 'bad-archive' });
  });

  it('retries 503 and 429 answers with backoff, then gives up with the status', async () => {
    const proxy = await startAuthProxy({ upstream: registry.url, mode: 'basic', user });
    try {
      const client = new RegistryClient(proxy.host, { credentials: () => Promise.resolve(user), backoffMs: 1, retries: 2 });
      proxy.inject(503, 2);
      expect((await client.manifest('team/app', 'v1')).digest).toBe(image.manifest.digest);
      proxy.inject(429, 3);
      await expect(client.manifest('team/app', 'v1')).rejects.toMatchObject({ code: 'registry-error', message: expect.stringContaining('429') });
    } finally {
      await proxy.close();
    }
  });

  it('gets ECR credentials from GetAuthorizationToken at an ECR-shaped endpoint', async () => {
    const calls: Array<{ target: string; auth: string }> = [];
    const ecrApi = createServer((request, response) => {
      calls.push({ target: String(request.headers['x-amz-target']), auth: String(request.headers.authorization) });
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({
          authorizationData: [{
            authorizationToken: Buffer.from(`AWS:${user.password}`).toString('base64'),
            expiresAt: Date.now() / 1000 + 43_200,
            proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com',
          }],
        }));
      });
    });
    await new Promise<void>((resolve) => ecrApi.listen(0, '127.0.0.1', resolve));
    const proxy = await startAuthProxy({ upstream: registry.url, mode: 'basic', user: { username: 'AWS', password: user.password } });
    try {
      const provider = ecrCredentials({
        endpoint: `http://127.0.0.1:${(ecrApi.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      });
      const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
      expect(await provider('ghcr.io')).toBeUndefined();
      const client = new RegistryClient(host, { credentials: provider, endpoint: proxy.url });
      expect((await client.manifest('team/app', 'v1')).digest).toBe(image.manifest.digest);
      expect(await client.blobSize('team/app', image.config.digest)).toBe(image.config.size);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.target).toBe('AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken');
      expect(calls[0]!.auth).toContain('/eu-west-1/ecr/aws4_request');
    } finally {
      await proxy.close();
      await new Promise((resolve) => ecrApi.close(resolve));
    }
  });

  it('refuses plain http to a non-loopback registry unless marked insecure', () => {
    expect(new RegistryClient('registry.example.com').baseUrl).toBe('https://registry.example.com');
    expect(new RegistryClient('registry.example.com', { insecure: true }).baseUrl).toBe('http://registry.example.com');
    expect(new RegistryClient('127.0.0.1:5000').baseUrl).toBe('http://127.0.0.1:5000');
  });
});

describe('docker save archives', () => {
  it.each(['legacy', 'oci'] as const)('reads the %s variant through the same interface', async (variant) => {
    const path = join(work, `${variant}.tar`);
    await writeDockerArchive(path, image, 'team/app:v1', variant);
    const read = await readImage(`docker-archive:${path}:team/app:v1`, { wanted });
    expect(read.files.get('/etc/os-release')?.toString()).toContain('ID=alpine');
    expect(read.configDigest).toBe(image.config.digest);
    if (variant === 'oci') expect(read.digest).toBe(image.manifest.digest);
    const byPath = await readImage(path, { wanted });
    expect(byPath.files.paths()).toEqual(['/etc/motd', '/etc/os-release']);
    await expect(readImage(`docker-archive:${path}:other`, { wanted })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('team/app:v1') });
  });

  it('names a truncated archive', async () => {
    const path = join(work, 'legacy.tar');
    await writeDockerArchive(path, image, 'team/app:v1', 'legacy');
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    const cut = join(work, 'cut.tar');
    await writeFile(cut, bytes.subarray(0, 2048 + 100));
    await expect(readImage(cut, { wanted })).rejects.toMatchObject({ code: 'bad-archive', message: expect.stringContaining('cut.tar') });
  });
});
