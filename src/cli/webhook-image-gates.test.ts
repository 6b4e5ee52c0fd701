/**
 * The image gates of `eksguard webhook serve`, over HTTPS, against Debian's docker-registry behind
 * an authenticating proxy (whose request log tells whether the webhook called the registry):
 * Debian 12 images pushed by skopeo, a cosign signature made by the openssl CLI, an OSV database
 * built from a record written to the schema. Cold cache, warm cache, vulnerable image, warn mode,
 * registry down.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOf, POD_CREATE } from '../admission/test-support/admission-reviews.js';
import { send } from '../admission/test-support/client.js';
import { formatConfigError, parseConfig } from '../checks/config/index.js';
import { buildDatabase } from '../images/vulns/index.js';
import { startAuthProxy, type AuthProxy } from '../../test/peers/auth-proxy.js';
import { buildImage, skopeoPush, writeOciLayout, type TestImage } from '../../test/peers/images.js';
import { startRegistry, type TestRegistry } from '../../test/peers/registry.js';
import { attachCosignSignatures, opensslSign, simpleSigningPayload } from '../../test/peers/signing-cosign.js';
import { generateTestKey } from '../../test/peers/signing-keys.js';
import { httpSource, type SigningRegistry } from '../../test/peers/signing-registry.js';
import { runCli } from './main.js';
import { Capture, run, waitForOutput } from './test-support/run.js';
import { CLEAN_STATUS, CVE, FIXED, OS_RELEASE, OSV_RECORDS, VULNERABLE_STATUS } from './webhook-image-gates.test-data.js';

const BUDGET_MS = 500;
/** Long enough for a lookup on a loaded machine: the first review gets the verdict. */
const LENIENT_WAIT_MS = 4_000;
const LENIENT_BUDGET_MS = 5_000;
const USER = { username: 'puller', password: 'pull-secret' };

interface Answer {
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
}

interface Webhook {
  port: number;
  stderr: Capture;
  done: Promise<number>;
}

let work: string;
let registry: TestRegistry;
/** Stopping it twice would wait for an exit that has already happened. */
let registryStopped = false;
let proxy: AuthProxy;
let agent: Agent;
let clean: TestImage;
let vulnerable: TestImage;
let env: NodeJS.ProcessEnv;
/** Signatures enforced, vulnerabilities enforced, deny while unknown, answer from the cache only. */
let strict: Webhook;
/** Vulnerabilities warned about, no signatures, allow while unknown, wait for lookups. */
let lenient: Webhook;
/** Signatures enforced, deny while unknown, private registries refused (the default). */
let guarded: Webhook;
/** A plain HTTP server on loopback standing for an internal service: it must never be called. */
let canary: Server;
const canaryHits: string[] = [];

/** A reference through the proxy: what the webhook reads. */
const through = (repository: string) => `${proxy.host}/${repository}:v1`;

async function startWebhook(name: string, config: string, budgetMs: number): Promise<Webhook> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, '.eksguard.yaml'), config);
  const stderr = new Capture();
  const done = runCli(
    ['webhook', 'serve', '--tls-cert', '../certs/tls.crt', '--tls-key', '../certs/tls.key', '--port', '0', '--host', '127.0.0.1', '--budget', `${budgetMs}ms`],
    { stdout: new Capture(), stderr, stdin: Readable.from([]), env, cwd: dir },
  );
  const port = Number(await waitForOutput(stderr, /https:\/\/127\.0\.0\.1:(\d+)\/validate/));
  return { port, stderr, done };
}

/** A Pod CREATE review whose one container runs `image` (the shared review, with a fresh uid). */
function podReview(image: string) {
  const review = copyOf(POD_CREATE);
  review.request.uid = randomUUID();
  review.request.name = 'api';
  review.request.object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop' }, spec: { containers: [{ name: 'app', image }] } } as typeof review.request.object;
  return review;
}

async function judge(webhook: Webhook, image: string): Promise<Answer & { ms: number }> {
  const started = performance.now();
  const answer = await send(webhook.port, agent, { body: JSON.stringify(podReview(image)) });
  const ms = performance.now() - started;
  expect(answer.status, answer.text).toBe(200);
  return { ...(JSON.parse(answer.text) as { response: Answer }).response, ms };
}

/** Reviews `image` until `settled` holds (the background lookup finished), bounded. */
async function judgeUntil(webhook: Webhook, image: string, settled: (answer: Answer) => boolean): Promise<Answer & { ms: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await judge(webhook, image);
    if (settled(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`${image}: still ${JSON.stringify(answer)} after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const notYet = (answer: Answer) => /gate:images\/unknown/.test(answer.status?.message ?? '');

async function metric(webhook: Webhook, name: string): Promise<number> {
  const answer = await send(webhook.port, agent, { method: 'GET', path: '/metrics' });
  const line = answer.text.split('\n').find((text) => text.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics:\n${answer.text}`);
  return Number(line.slice(name.length + 1));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'eksguard-webhook-images-'));
  registry = await startRegistry();
  proxy = await startAuthProxy({ upstream: registry.url, mode: 'basic', user: USER });
  // Credentials as a cluster node has them: Docker's config.json, found through DOCKER_CONFIG.
  await mkdir(join(work, 'docker'));
  const auth = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');
  await writeFile(join(work, 'docker', 'config.json'), JSON.stringify({ auths: { [proxy.host]: { auth } } }));
  env = { HOME: join(work, 'home'), DOCKER_CONFIG: join(work, 'docker') };

  const layers = (status: string) => [[{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: status }]];
  clean = await buildImage(layers(CLEAN_STATUS));
  vulnerable = await buildImage(layers(VULNERABLE_STATUS));
  await writeOciLayout(join(work, 'clean'), 'v1', [clean]);
  await writeOciLayout(join(work, 'vulnerable'), 'v1', [vulnerable]);
  for (const repository of ['shop/clean', 'shop/unsigned']) await skopeoPush(join(work, 'clean'), 'v1', `${registry.host}/${repository}:v1`);
  await skopeoPush(join(work, 'vulnerable'), 'v1', `${registry.host}/shop/vulnerable:v1`);

  // cosign tag-layout signatures of shop/clean and shop/vulnerable, made by the openssl CLI.
  const signer = generateTestKey('ecdsa-p256');
  const signing: SigningRegistry = { host: registry.host, workDir: work, source: httpSource(registry.host), stop: () => Promise.resolve() };
  for (const [repository, image] of [['shop/clean', clean], ['shop/vulnerable', vulnerable]] as const) {
    const payload = simpleSigningPayload(through(repository), image.manifest.digest);
    const signature = await opensslSign(work, signer.privateKey, 'ecdsa-sha256', payload);
    await attachCosignSignatures(signing, repository, image.manifest.digest, [{ payload, signature: signature.toString('base64') }]);
  }

  for (const [file, record] of Object.entries(OSV_RECORDS)) {
    await mkdir(join(work, 'osv', file, '..'), { recursive: true });
    await writeFile(join(work, 'osv', file), JSON.stringify(record, null, 2));
  }
  const built = await buildDatabase({ from: join(work, 'osv'), to: join(work, 'osv-db') });
  expect(built).toMatchObject({ records: 1, errors: 0 });
  await writeFile(join(work, 'cosign.pub'), signer.publicPem);

  expect((await run(['webhook', 'certs', '--service', 'eksguard-webhook', '--namespace', 'eksguard', '-o', 'certs', '--dns', 'localhost'], { cwd: work })).code).toBe(0);
  agent = new Agent({ ca: await readFile(join(work, 'certs/ca.crt')), servername: 'localhost', keepAlive: true });

  // Paths in admission.images are relative to the configuration file's folder.
  strict = await startWebhook(
    'strict',
    `admission:
  mode: audit
  images:
    signatures:
      keys: [../cosign.pub]
    vulnerabilities:
      minSeverity: critical
      db: ../osv-db
    whileUnknown: deny
    waitMs: 0
    allowPrivateRegistries: true
`,
    BUDGET_MS,
  );
  lenient = await startWebhook(
    'lenient',
    `admission:
  mode: audit
  images:
    vulnerabilities:
      mode: warn
      minSeverity: high
      db: ../osv-db
    whileUnknown: allow
    waitMs: ${LENIENT_WAIT_MS}
    allowPrivateRegistries: true
`,
    LENIENT_BUDGET_MS,
  );
  guarded = await startWebhook(
    'guarded',
    `admission:
  mode: audit
  images:
    signatures:
      keys: [../cosign.pub]
    whileUnknown: deny
    waitMs: ${LENIENT_WAIT_MS}
`,
    LENIENT_BUDGET_MS,
  );
  canary = createServer((req, res) => {
    canaryHits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterAll(async () => {
  agent?.destroy();
  // Both webhooks stop on the signal, as a pod's container does.
  process.emit('SIGTERM');
  await Promise.all([strict?.done, lenient?.done, guarded?.done]);
  await new Promise((resolve) => (canary ? canary.close(resolve) : resolve(undefined)));
  await proxy?.close();
  if (!registryStopped) await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('webhook image gates over HTTPS', () => {
  it('says what it checks at startup', () => {
    expect(strict.stderr.text).toMatch(/image gates: signatures \(enforce, 1 keys, 0 identities\), vulnerabilities critical and above \(enforce, database [0-9a-f]+, 1 records\); while unknown deny, wait 0 ms/);
  });

  it('cold cache: denies an unsigned image as not verified yet, then for its signature once looked up', async () => {
    const image = through('shop/unsigned');
    const first = await judge(strict, image);
    expect(first.allowed).toBe(false);
    expect(first.status?.message).toContain(`gate:images/unknown: Container "app" uses image ${image}, whose signature and vulnerabilities are not known yet`);
    expect(first.ms).toBeLessThan(BUDGET_MS);

    const judged = await judgeUntil(strict, image, (answer) => !notYet(answer));
    expect(judged.allowed).toBe(false);
    expect(judged.status?.message).toContain(`gate:images/signature: Container "app" uses image ${image} (${clean.manifest.digest}), whose signature does not verify: no signature`);
  });

  it('warm cache: allows the signed clean image from memory, without calling the registry', async () => {
    const image = through('shop/clean');
    expect(notYet(await judge(strict, image))).toBe(true);
    expect((await judgeUntil(strict, image, (answer) => !notYet(answer))).allowed).toBe(true);

    const calls = proxy.log.length;
    const hits = await metric(strict, 'eksguard_admission_image_cache_total{result="hit"}');
    const warm = await judge(strict, image);
    expect(warm).toMatchObject({ allowed: true });
    expect(warm.ms).toBeLessThan(BUDGET_MS);
    expect(proxy.log.length).toBe(calls);
    expect(await metric(strict, 'eksguard_admission_image_cache_total{result="hit"}')).toBe(hits + 1);
  });

  it('denies a signed image carrying a critical vulnerability, naming the CVE and the fixed version', async () => {
    const image = through('shop/vulnerable');
    const judged = await judgeUntil(strict, image, (answer) => !notYet(answer));
    expect(judged.allowed).toBe(false);
    expect(judged.status?.message).toContain(`gate:images/vulnerabilities: Container "app" carries 1 critical vulnerability: ${CVE} in libcurl4 (fixed in ${FIXED}); image ${image} (${vulnerable.manifest.digest})`);
    expect(judged.status?.message).not.toContain('gate:images/signature');
  });

  it('mode warn: admits the vulnerable image with a warning, waiting for the lookup within the budget', async () => {
    const first = await judge(lenient, through('shop/vulnerable'));
    expect(first.allowed).toBe(true);
    expect(first.warnings).toEqual([expect.stringContaining(`eksguard: gate:images/vulnerabilities: Container "app" carries 1 critical vulnerability: ${CVE} in libcurl4 (fixed in ${FIXED})`)]);
    expect(first.ms).toBeLessThan(LENIENT_BUDGET_MS);
    const fine = await judge(lenient, through('shop/clean'));
    expect(fine).toMatchObject({ allowed: true });
    expect(fine.warnings ?? []).toEqual([]);
  });

  it('registry down: answers per whileUnknown within the budget, and still from the cache', async () => {
    await registry.stop();
    registryStopped = true;
    const gone = through('shop/gone');
    const first = await judge(strict, gone);
    expect(first.allowed).toBe(false);
    expect(first.status?.message).toContain('gate:images/unknown');
    expect(first.ms).toBeLessThan(BUDGET_MS);
    const failed = await judgeUntil(strict, gone, (answer) => /could not be checked/.test(answer.status?.message ?? ''));
    expect(failed.allowed).toBe(false);
    expect(failed.ms).toBeLessThan(BUDGET_MS);
    expect(await metric(strict, 'eksguard_admission_image_lookup_errors_total')).toBeGreaterThanOrEqual(1);
    expect(await metric(strict, 'eksguard_admission_image_unknown_total')).toBeGreaterThanOrEqual(4);
    // What was judged before the registry went away is still answered.
    expect(await judge(strict, through('shop/clean'))).toMatchObject({ allowed: true });
    // whileUnknown: allow keeps deployments going while the registry is unreachable.
    const lenientGone = await judge(lenient, gone);
    expect(lenientGone).toMatchObject({ allowed: true });
    expect(lenientGone.ms).toBeLessThan(LENIENT_BUDGET_MS);
  });
});

describe('webhook image gates: private registries', () => {
  it('answers per whileUnknown for loopback and link-local registries without calling them', async () => {
    const port = (canary.address() as AddressInfo).port;
    for (const image of [`127.0.0.1:${port}/x:v1`, '169.254.169.254/x:v1', `localhost:${port}/x:v1`]) {
      const answer = await judge(guarded, image);
      expect(answer.allowed, image).toBe(false);
      expect(answer.status?.message, image).toContain(`gate:images/unknown: Container "app" uses image ${image}`);
      expect(answer.status?.message, image).toMatch(/it could not be checked: registry \S+ is refused: .*allowPrivateRegistries is false/);
    }
    expect(canaryHits).toEqual([]);
  });
});

describe('webhook image gates: startup errors', () => {
  it('refuses a missing key file and a missing database, naming the file and the configuration line', async () => {
    const dir = join(work, 'broken');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.eksguard.yaml'), 'admission:\n  images:\n    signatures:\n      keys: [nowhere.pub]\n');
    const serve = ['webhook', 'serve', '--insecure-http', '--port', '0'];
    const missingKey = await run(serve, { cwd: dir, env });
    expect(missingKey.code).toBe(2);
    expect(missingKey.stderr).toMatch(/\.eksguard\.yaml:4:\d+: admission\.images\.signatures\.keys\[0\]: cannot read .*nowhere\.pub: ENOENT/);

    await writeFile(join(dir, '.eksguard.yaml'), 'admission:\n  images:\n    vulnerabilities:\n      minSeverity: high\n');
    const noDb = await run(serve, { cwd: dir, env });
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/\.eksguard\.yaml:3:\d+: admission\.images\.vulnerabilities: no vulnerability database in .*\/home\/\.eksguard\/osv: run `eksguard db update`/);

    await writeFile(join(dir, '.eksguard.yaml'), 'admission:\n  images:\n    signatures:\n      keys: [../osv/Debian/DEBIAN-CVE-2023-38545.json]\n');
    const notKey = await run(serve, { cwd: dir, env });
    expect(notKey.code).toBe(2);
    expect(notKey.stderr).toContain('admission.images.signatures.keys[0]');
    expect(notKey.stderr).toContain('is not a usable public key');

    await writeFile(join(dir, '.eksguard.yaml'), 'admission:\n  images:\n    signatures:\n      keys: [../cosign.pub]\n    waitMs: 300\n');
    const slow = await run([...serve, '--budget', '200ms'], { cwd: dir, env });
    expect(slow.code).toBe(2);
    expect(slow.stderr).toContain('admission.images.waitMs (300 ms) must be shorter than --budget (200 ms)');
  });
});

describe('docs/configuration.md#image-gates', () => {
  it('shows a valid example with every key', async () => {
    const docs = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Image gates'), docs.indexOf('## The EKS baseline'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const { config, errors } = parseConfig(example, '.eksguard.yaml');
    expect(errors.map(formatConfigError)).toEqual([]);
    const images = config.admission?.images;
    expect(images?.signatures).toMatchObject({ keys: ['keys/release.pub'], identities: [expect.objectContaining({ subjectRegExp: expect.any(String) })], trustedRoot: 'keys/trusted_root.json' });
    expect(images?.vulnerabilities).toMatchObject({ minSeverity: 'critical', onlyFixable: true });
    for (const key of ['signatures.mode', 'signatures.keys', 'signatures.identities', 'signatures.trustedRoot', 'vulnerabilities.mode', 'vulnerabilities.minSeverity', 'vulnerabilities.onlyFixable', 'vulnerabilities.db', 'whileUnknown', 'waitMs', 'ttlSeconds', 'allowPrivateRegistries']) {
      expect(section, key).toContain(`| \`${key}\` |`);
    }
  });
});
