/**
 * `kubectl eksguard` through kubectl 1.35's own plugin mechanism: kubectl finds the
 * `kubectl-eksguard` executable on PATH and runs it. The executable here runs the TypeScript
 * source through tsx (node --import tsx), so the test needs no build; bin/kubectl-eksguard.js
 * runs the same function from dist/, which `npm ci` builds (prepare), and is checked below to
 * be wired to it. The cluster is the fake Kubernetes API over TLS accepting only EKS tokens,
 * and the fake AWS endpoint serving the fixture account (cluster prod in eu-west-1).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/model/index.js';
import { startFakeAws, type FakeAws } from './fakes/aws/index.js';
import { verifyEksToken } from './fakes/kube/eks-token-verifier.js';
import { loadFixtureCluster } from './fakes/kube/fixture-cluster.js';
import { startFakeKube, type FakeKube } from './fakes/kube/server.js';
import { selfSignedCertificate } from './fakes/kube/tls.js';
import { loadFixtureAccount } from './fixtures/account/aws/index.js';
import { kubectlBinary } from './peers/kube-binaries.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ARN = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';

let kube: FakeKube;
let aws: FakeAws;
let dir: string;
let pluginDir: string;
let kubeconfig: string;
let ca: string;

/**
 * The kubeconfig `aws eks update-kubeconfig --name prod --region eu-west-1` writes (AWS CLI v2):
 * cluster, user and context all named by the cluster ARN, the CA inline, `aws eks get-token`
 * as exec plugin. Only the server is the fake's.
 */
function updateKubeconfig(server: string, caPem: string, context = ARN): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}
    server: ${server}
  name: ${ARN}
contexts:
- context:
    cluster: ${ARN}
    user: ${ARN}
  name: ${context}
current-context: ${context}
kind: Config
preferences: {}
users:
- name: ${ARN}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - eu-west-1
      - eks
      - get-token
      - --cluster-name
      - prod
      - --output
      - json
      command: aws
`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-kubectl-plugin-'));
  const tls = selfSignedCertificate();
  ca = tls.cert;
  const fixture = loadFixtureCluster();
  kube = await startFakeKube({
    objects: fixture.objects,
    tls,
    token: (token) => verifyEksToken(token, { cluster: 'prod', region: 'eu-west-1', secretAccessKey: 'fixture-secret' }),
  });
  aws = await startFakeAws({ account: loadFixtureAccount() });
  kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, updateKubeconfig(kube.url, tls.cert));

  // The plugin executable kubectl will find: a shell wrapper running the source through tsx.
  pluginDir = join(dir, 'plugins');
  mkdirSync(pluginDir);
  const entry = join(dir, 'kubectl-eksguard.mts');
  writeFileSync(entry, `import { runKubectlPlugin } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'cli', 'kubectl-plugin.ts')).href)};\nprocess.exitCode = await runKubectlPlugin(process.argv.slice(2));\n`);
  const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
  const wrapper = join(pluginDir, 'kubectl-eksguard');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --import ${JSON.stringify(tsx)} ${JSON.stringify(entry)} "$@"\n`, { mode: 0o755 });
});

afterAll(async () => {
  await kube?.close();
  await aws?.close();
});

/**
 * Runs kubectl with only the plugin directory and system paths on PATH, and the fake AWS;
 * asynchronously, as the fakes answer from this process.
 */
function kubectl(args: string[], plugins = pluginDir): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(kubectlBinary(), args, {
    cwd: dir,
    timeout: 60_000,
    env: {
      PATH: `${plugins}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: dir,
      KUBECONFIG: kubeconfig,
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'fixture-secret',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kubectl eksguard', () => {
  it('is listed by kubectl plugin list', async () => {
    const result = await kubectl(['plugin', 'list']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(join(pluginDir, 'kubectl-eksguard'));
    expect(result.code).toBe(0);
  });

  it('scans the cluster of the current context, named from its ARN', async () => {
    const out = join(dir, 'report.json');
    // --eks-token: the token is signed in-process, so no aws CLI is needed on PATH.
    const result = await kubectl(['eksguard', 'scan', '--eks-token', '--fail-on', 'none', '-o', 'table=-', '-o', `json=${out}`]);
    expect(result.stderr).toContain(`kubectl eksguard: context ${ARN}: cluster prod (from the cluster ARN), region eu-west-1 (from the cluster ARN)`);
    expect(result.code, result.stderr).toBe(0);
    // The table on stdout names the cluster derived from the context.
    expect(result.stdout).toContain(ARN);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanResult;
    const failures = report.results.filter((entry) => entry.status === 'fail').map((entry) => `${entry.checkId} ${entry.resource.kind}/${entry.resource.name}`);
    // The AWS side was collected for the derived cluster: its findings name it.
    expect(failures).toContain(`eks-endpoint-public-open-cidr EKSCluster/${ARN}`);
    // And the Kubernetes side through the context's server, with the signed token.
    expect(failures).toContain('wl-privileged Pod/debug-shell');
    expect(kube.requests.length).toBeGreaterThan(10);
    expect(kube.requests.every((request) => request.authorization?.startsWith('Bearer k8s-aws-v1.'))).toBe(true);
  });

  it('takes --context and --kubeconfig as arguments, and says what it cannot derive', async () => {
    const aliased = join(dir, 'aliased');
    // A context renamed with --alias, in a file that is not KUBECONFIG, and not the current one.
    writeFileSync(aliased, updateKubeconfig(kube.url, ca, 'prod-admin').replace('current-context: prod-admin', 'current-context: elsewhere'));
    const scanned = await kubectl(['eksguard', '--kubeconfig', aliased, 'scan', '--eks-token', '--context', 'prod-admin', '--fail-on', 'none', '--format', 'json']);
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(scanned.stderr).toContain('kubectl eksguard: context prod-admin: cluster prod (from the cluster ARN), region eu-west-1 (from the cluster ARN)');
    expect((JSON.parse(scanned.stdout) as ScanResult).results.some((entry) => entry.resource.name === ARN)).toBe(true);

    const wrong = await kubectl(['eksguard', 'scan', '--context', 'staging']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`kubectl eksguard: context "staging" is not in ${kubeconfig} (contexts: ${ARN})\n`);

    const local = join(dir, 'local');
    writeFileSync(local, updateKubeconfig(kube.url, ca).replaceAll(ARN, 'kind-dev').replace(/args:[\s\S]*command: aws\n/, 'token: abc\n'));
    const missing = await kubectl(['eksguard', 'scan', '--kubeconfig', local]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^kubectl eksguard: cannot tell which EKS cluster context "kind-dev" is:\n {2}EKS cluster name: .*pass --name NAME\n {2}region: .*pass --region REGION\n$/);
  });

  it('prints its help and the version', async () => {
    const help = await kubectl(['eksguard']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^kubectl eksguard: eksguard as a kubectl plugin/);
    const version = await kubectl(['eksguard', 'version']);
    expect(version).toMatchObject({ code: 0, stdout: `${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n` });
  });
});

describe('the installed plugin', () => {
  it('is a bin of the package that runs runKubectlPlugin from dist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['kubectl-eksguard']).toBe('bin/kubectl-eksguard.js');
    const bin = join(ROOT, 'bin', 'kubectl-eksguard.js');
    accessSync(bin, constants.X_OK);
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('runs through kubectl as npm links it: bin/kubectl-eksguard.js on the built dist/', async () => {
    // dist/ is what the package ships; `npm ci` builds it (prepare), as CI does before the tests.
    const built = join(ROOT, 'dist', 'cli', 'kubectl-plugin.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build`);
    // npm installs a bin as a symbolic link (node_modules/.bin/kubectl-eksguard): the real file's
    // imports resolve from bin/, next to dist/.
    const installed = join(dir, 'installed');
    mkdirSync(installed);
    symlinkSync(join(ROOT, 'bin', 'kubectl-eksguard.js'), join(installed, 'kubectl-eksguard'));
    const listed = await kubectl(['plugin', 'list'], installed);
    expect(listed.stdout).toContain(join(installed, 'kubectl-eksguard'));
    const scanned = await kubectl(['eksguard', 'scan', '--eks-token', '--fail-on', 'none', '--format', 'json'], installed);
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(scanned.stderr).toContain(`kubectl eksguard: context ${ARN}: cluster prod (from the cluster ARN)`);
    const report = JSON.parse(scanned.stdout) as ScanResult;
    expect(report.results.some((entry) => entry.status === 'fail' && entry.checkId === 'wl-privileged' && entry.resource.name === 'debug-shell')).toBe(true);
  });
});
