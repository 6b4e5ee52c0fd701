/**
 * `collect`, `scan snapshot` and `scan cluster` end to end: the real CLI, the real AWS SDK
 * clients and @kubernetes/client-node against the local fake endpoints serving the fixture
 * account (test/fixtures/account/).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckResult, ScanResult } from '../model/index.js';
import { startFakeAws, type FakeAws } from '../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../test/fixtures/account/aws/index.js';
import { loadFixtureCluster } from '../../test/fakes/kube/fixture-cluster.js';
import { verifyEksToken } from '../../test/fakes/kube/eks-token-verifier.js';
import { writeFakeKubeconfig } from '../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from '../../test/fakes/kube/server.js';
import { selfSignedCertificate } from '../../test/fakes/kube/tls.js';
import { run } from './test-support/run.js';

const COLLECTED_AT = new Date('2026-03-02T08:00:00.000Z');
const fixture = loadFixtureCluster();
const CLUSTER = ['--name', 'prod', '--region', 'eu-west-1'];

let aws: FakeAws;
let kube: FakeKube;
let dir: string;
let env: NodeJS.ProcessEnv;

async function startKube(options: Partial<FakeKubeOptions> = {}): Promise<void> {
  kube = await startFakeKube({ objects: fixture.objects, configz: fixture.configz, token: 'fixture-token', ...options });
  env = { ...env, KUBECONFIG: writeFakeKubeconfig(dir, kube.url) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-cluster-'));
  aws = await startFakeAws({ account: loadFixtureAccount() });
  env = { HOME: dir, AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'fixture-secret' };
  await startKube();
});

afterAll(async () => {
  await kube.close();
  await aws.close();
});

afterEach(() => {
  vi.useRealTimers();
  aws.clearFaults();
});

function report(file: string): ScanResult {
  return JSON.parse(readFileSync(file, 'utf8')) as ScanResult;
}

const label = (result: CheckResult): string =>
  `${result.checkId} ${result.resource.kind}/${result.resource.namespace ? `${result.resource.namespace}/` : ''}${result.resource.name}${result.container ? `:${result.container}` : ''}`;

describe('collect → scan snapshot, and scan cluster', () => {
  it('give the same report bit for bit, dated at the collection time, with the fixture findings', async () => {
    // One clock for both collections, so both inventories carry the same collectedAt.
    vi.useFakeTimers({ toFake: ['Date'], now: COLLECTED_AT });
    const snapshot = join(dir, 'prod.snapshot.json.gz');
    const collected = await run(['collect', ...CLUSTER, '--kubelet-config', '-o', snapshot], { env });
    expect(collected.stdout).toBe('');
    expect(collected.code).toBe(0);

    const fromSnapshot = join(dir, 'from-snapshot.json');
    const viaSnapshot = await run(['scan', 'snapshot', snapshot, '--fail-on', 'none', '-o', `json=${fromSnapshot}`], { env });
    expect(viaSnapshot.code).toBe(0);
    const fromCluster = join(dir, 'from-cluster.json');
    const saved = join(dir, 'saved.snapshot.json.gz');
    const direct = await run(['scan', 'cluster', ...CLUSTER, '--kubelet-config', '--fail-on', 'none', '-o', `json=${fromCluster}`, '--save-snapshot', saved], { env });
    expect(direct.code).toBe(0);
    // The snapshot scan cluster saves is the one collect writes, byte for byte.
    expect(readFileSync(saved).equals(readFileSync(snapshot))).toBe(true);

    expect(readFileSync(fromCluster, 'utf8')).toBe(readFileSync(fromSnapshot, 'utf8'));
    const result = report(fromSnapshot);
    expect(result.scannedAt).toBe('2026-03-02T08:00:00.000Z');

    const failures = new Set(result.results.filter((entry) => entry.status === 'fail' && !entry.waived).map(label));
    for (const expected of [
      // Kubernetes side.
      'wl-privileged Pod/dev-sandbox/debug-shell:shell',
      'wl-naked-pod Pod/dev-sandbox/debug-shell',
      'rbac-cluster-admin-binding ServiceAccount/ci/ci-deployer',
      'rbac-secrets-read ServiceAccount/monitoring/prometheus',
      'aws-auth-system-masters ConfigMap/kube-system/aws-auth',
      'legacy-sa-token-secret Secret/ci/ci-deployer-token',
      'sec-credential-in-configmap ConfigMap/shop/catalog-importer',
      'sec-literal-credential-env Deployment/monitoring/grafana:grafana',
      'netpol-allow-all NetworkPolicy/shop/legacy-admin',
      'dr-velero-schedule-stale Schedule/velero/shop-hourly',
      'sc-deprecated-registry Deployment/legacy/metrics-gateway:gateway',
      // Both sides: an IRSA annotation whose role is gone, a weak TLS policy on the NLB of a Service.
      'irsa-trust-mismatch ServiceAccount/monitoring/grafana',
      'ingress-weak-tls-policy Service/shop/frontend',
      // AWS side.
      'eks-endpoint-public-open-cidr EKSCluster/arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      'irsa-trust-missing-sub IAMRole/arn:aws:iam::111122223333:role/prod-ci-runner',
      'access-entry-stale-principal AccessEntry/arn:aws:iam::111122223333:role/former-contractor-admin',
    ]) {
      expect(failures, expected).toContain(expected);
    }
    // Only with --kubelet-config: the batch node group's loose kubelet.
    expect([...failures].some((entry) => entry.startsWith('ng-kubelet-readonly-port Nodegroup/'))).toBe(true);
    // Hardened workloads stay clean.
    expect([...failures].filter((entry) => entry.includes('Deployment/shop/frontend') && entry.startsWith('wl-'))).toEqual([]);
  });

  it('never lets a Secret value into the snapshot or any report', async () => {
    const snapshot = join(dir, 'secrets.snapshot.json.gz');
    expect((await run(['collect', ...CLUSTER, '-o', snapshot], { env })).code).toBe(0);
    const text = gunzipSync(readFileSync(snapshot)).toString('utf8');
    const sarif = join(dir, 'secrets.sarif');
    const scanned = await run(['scan', 'snapshot', snapshot, '--fail-on', 'none', '--include-passed', '-o', `sarif=${sarif}`, '-o', 'json=-'], { env });
    for (const output of [text, readFileSync(sarif, 'utf8'), scanned.stdout]) {
      expect(output).not.toContain('FIXTURE-SECRET');
      expect(output).not.toContain('RklYVFVSRS1TRUNSRV');
    }
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 1, kind: 'EksguardSnapshot', source: { type: 'cluster', cluster: 'prod', accountId: '111122223333', kubeContext: 'prod' } });
  });

  it('reproduces the same report from a snapshot every time, whatever the clock says', async () => {
    const snapshot = join(dir, 'again.snapshot.json');
    expect((await run(['collect', ...CLUSTER, '-o', snapshot], { env })).code).toBe(0);
    const first = await run(['scan', 'snapshot', snapshot, '--format', 'sarif', '--fail-on', 'none'], { env });
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-01-01T00:00:00Z') });
    const second = await run(['scan', 'snapshot', snapshot, '--format', 'sarif', '--fail-on', 'none'], { env });
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout)).toMatchObject({ version: '2.1.0' });
  });
});

describe('collect', () => {
  it('prints a summary: objects by kind, AWS calls, and errors by permission', async () => {
    const result = await run(['collect', ...CLUSTER, '-o', join(dir, 'summary.json.gz')], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^eksguard: wrote .*summary\.json\.gz \(\d+(\.\d)? KiB\)\n/);
    expect(result.stderr).toContain('Collected cluster prod (eu-west-1, account 111122223333 as arn:aws:sts::111122223333:assumed-role/eksguard-reader/ci) through context prod');
    expect(result.stderr).toMatch(/Kubernetes: 301 objects in \d+ requests\n {4}Pod 51, ServiceAccount 41, ConfigMap 23,/);
    expect(result.stderr).toMatch(/AWS: \d+ requests/);
    // Principals that no longer exist are findings, not gaps in the collection.
    expect(result.stderr).not.toContain('NoSuchEntity');
  });

  it('writes JSON to standard output with -o -', async () => {
    const result = await run(['collect', ...CLUSTER, '-o', '-'], { env });
    expect(result.code).toBe(0);
    const snapshot = JSON.parse(result.stdout) as { kubernetes: { objects: unknown[] } };
    expect(snapshot.kubernetes.objects).toHaveLength(301);
  });

  it('is a usage error without --name, --region or --output, or with a bad number', async () => {
    expect(await run(['collect', '--region', 'eu-west-1', '-o', 'x.json'], { env })).toMatchObject({ code: 2, stderr: 'eksguard: --name <cluster> is required\n' });
    expect(await run(['collect', '--name', 'prod', '-o', 'x.json'], { env })).toMatchObject({ code: 2, stderr: 'eksguard: --region <region> is required (or set AWS_REGION)\n' });
    expect(await run(['collect', ...CLUSTER], { env })).toMatchObject({ code: 2, stderr: 'eksguard: -o, --output <file> is required (the snapshot to write)\n' });
    expect((await run(['collect', ...CLUSTER, '-o', 'x.json', '--page-size', '0'], { env })).stderr).toBe('eksguard: --page-size must be a whole number from 1 to 10000, not "0"\n');
  });

  it('creates the snapshot directory, and names a file it cannot write', async () => {
    expect((await run(['collect', ...CLUSTER, '-o', join(dir, 'new', 'dir', 'prod.json.gz')], { env })).code).toBe(0);
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const result = await run(['collect', ...CLUSTER, '-o', join(blocked, 'prod.json')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^eksguard: cannot write snapshot to .*a-file\/prod\.json: /);
  });

  it('stops with exit 2 when EKS has no cluster of that name, rather than collect nothing', async () => {
    for (const command of [['collect', '-o', join(dir, 'typo.json.gz')], ['scan', 'cluster']]) {
      const result = await run([...command, '--name', 'prdo', '--region', 'eu-west-1'], { env });
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr, command.join(' ')).toMatch(/EKS cluster prdo not found in eu-west-1/);
    }
  });

  it('takes the region from AWS_REGION', async () => {
    const result = await run(['collect', '--name', 'prod', '-o', join(dir, 'region.json')], { env: { ...env, AWS_REGION: 'eu-west-1' } });
    expect(result.code).toBe(0);
  });

  it('fails with exit 2 and says why when the kubeconfig context is missing or the API server is down', async () => {
    const wrong = await run(['collect', ...CLUSTER, '--context', 'staging', '-o', join(dir, 'x.json')], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`eksguard: context "staging" is not in ${env.KUBECONFIG} (contexts: prod)\n`);
    const downDir = mkdtempSync(join(tmpdir(), 'eksguard-down-'));
    const down = await run(['collect', ...CLUSTER, '-o', join(dir, 'x.json')], { env: { ...env, KUBECONFIG: writeFakeKubeconfig(downDir, 'http://127.0.0.1:9') } });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^eksguard: cannot collect from Kubernetes \(context prod\): cannot reach the API server at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
  });
});

describe('what could not be collected', () => {
  it('is listed in the table and on stderr, with the checks it left not evaluated, which name the permission', async () => {
    await kube.close();
    await startKube({ forbidden: ['rbac.authorization.k8s.io/v1/clusterroles'] });
    aws.deny('ListAddons');
    aws.deny('DescribeFlowLogs');
    try {
      const json = join(dir, 'denied.json');
      const result = await run(['scan', 'cluster', ...CLUSTER, '--fail-on', 'none', '-o', 'table=-', '-o', `json=${json}`], { env });
      expect(result.code).toBe(0);
      const account = result.stdout.slice(result.stdout.indexOf('Not collected'));
      expect(account).toMatch(/^Not collected \(3 kinds of calls failed\):\n/);
      expect(account).toContain('  ec2:DescribeFlowLogs — UnauthorizedOperation (for vpc-0a1b2c3d4e5f67890)\n    left not evaluated: vpc-flow-logs-off\n');
      expect(account).toMatch(/ {2}eks:ListAddons — AccessDeniedException \(for prod\)\n {4}left not evaluated: [a-z-, ]*eks-addon-outdated/);
      expect(account).not.toContain('NoSuchEntity');
      expect(account).toMatch(/ {2}list clusterroles\.rbac\.authorization\.k8s\.io — 403\n {4}left not evaluated: [a-z-, ]*rbac-cluster-admin-binding/);
      expect(result.stderr).toContain(`eksguard: ${account}`);

      const scanned = report(json);
      const notEvaluated = scanned.results.filter((entry) => entry.status === 'not-evaluated');
      const addon = notEvaluated.find((entry) => entry.checkId === 'eks-addon-outdated');
      expect(addon?.message).toContain('eks:ListAddons');
      const rbac = notEvaluated.find((entry) => entry.checkId === 'rbac-cluster-admin-binding');
      expect(rbac?.message).toContain('rbac.authorization.k8s.io/v1/clusterroles');
      // Denied data never passes.
      expect(scanned.results.some((entry) => entry.checkId === 'rbac-cluster-admin-binding' && entry.status === 'pass')).toBe(false);

      // The same account from the snapshot, with JSON on stdout: on stderr only.
      const snapshot = join(dir, 'denied.snapshot.json.gz');
      expect((await run(['collect', ...CLUSTER, '-o', snapshot], { env })).stderr).toContain('list clusterroles.rbac.authorization.k8s.io — 403');
      const offline = await run(['scan', 'snapshot', snapshot, '--format', 'json', '--fail-on', 'none'], { env });
      expect(offline.stdout.startsWith('{')).toBe(true);
      expect(offline.stdout).not.toContain('Not collected');
      expect(offline.stderr).toMatch(/^eksguard: Not collected \(3 kinds of calls failed\)/);
    } finally {
      await kube.close();
      await startKube();
    }
  });
});

describe('scan snapshot: options, exit codes and bad input as for scan manifests', () => {
  let snapshot: string;
  beforeAll(async () => {
    snapshot = join(dir, 'options.snapshot.json.gz');
    expect((await run(['collect', ...CLUSTER, '-o', snapshot], { env })).code).toBe(0);
  });

  it('exits 1 on findings at --fail-on, 0 below it, and honours --checks', async () => {
    expect((await run(['scan', 'snapshot', snapshot, '--fail-on', 'critical', '--format', 'json'], { env })).code).toBe(1);
    expect((await run(['scan', 'snapshot', snapshot, '--checks', 'wl-host-ipc', '--fail-on', 'low', '--format', 'json'], { env })).code).toBe(0);
  });

  it('applies the configuration file and its exceptions', async () => {
    const config = join(dir, 'eksguard.yaml');
    writeFileSync(config, 'exceptions:\n  - checks: [wl-privileged]\n    resources: { namespace: dev-sandbox, name: debug-shell }\n    reason: break-glass debugging pod, removed by PLAT-42\n');
    const result = await run(['scan', 'snapshot', snapshot, '--checks', 'wl-privileged', '--config', config, '--format', 'json', '--fail-on', 'critical'], { env });
    const debug = (JSON.parse(result.stdout) as ScanResult).results.find((entry) => entry.resource.name === 'debug-shell');
    expect(debug?.waived).toMatchObject({ reason: 'break-glass debugging pod, removed by PLAT-42' });
    // velero's node-agent is still privileged and unwaived.
    expect(result.code).toBe(1);
  });

  it('reads a snapshot from standard input', async () => {
    const text = gunzipSync(readFileSync(snapshot)).toString('utf8');
    const result = await run(['scan', 'snapshot', '-', '--checks', 'wl-naked-pod', '--format', 'json', '--fail-on', 'none'], { env, stdin: text });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as ScanResult).results.map((entry) => entry.resource.name)).toEqual(['debug-shell']);
  });

  it('exits 2 naming the file when it is not a snapshot', async () => {
    const missing = await run(['scan', 'snapshot', join(dir, 'nope.json')], { env });
    expect(missing).toMatchObject({ code: 2, stderr: `eksguard: cannot read snapshot ${join(dir, 'nope.json')}: no such file\n` });
    const pod = join(dir, 'pod.json');
    writeFileSync(pod, '{"apiVersion":"v1","kind":"Pod"}');
    expect((await run(['scan', 'snapshot', pod], { env })).stderr).toBe(`eksguard: ${pod}: not an eksguard snapshot (kind is "Pod", expected "EksguardSnapshot")\n`);
  });

  it('exits 2 for objects that are not Kubernetes objects, unless --ignore-input-errors', async () => {
    const document = JSON.parse(gunzipSync(readFileSync(snapshot)).toString('utf8')) as { kubernetes: { objects: unknown[] } };
    document.kubernetes.objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken', namespace: 'x' }, spec: { containers: 'nginx' } });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(document));
    const result = await run(['scan', 'snapshot', broken, '--format', 'json', '--fail-on', 'none'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`eksguard: input error: ${broken}: kubernetes.objects[301] (Pod/x/broken): spec.containers must be a list, got string "nginx"`);
    expect((await run(['scan', 'snapshot', broken, '--format', 'json', '--fail-on', 'none', '--ignore-input-errors'], { env })).code).toBe(0);
  });
});

describe('built-in EKS authentication', () => {
  const acceptsEksToken = (token: string): boolean => verifyEksToken(token, { cluster: 'prod', region: 'eu-west-1', secretAccessKey: 'fixture-secret' });

  it('without a kubeconfig, signs its own token and takes endpoint and CA from eks:DescribeCluster, verifying TLS', async () => {
    const tls = selfSignedCertificate();
    const secure = await startFakeKube({ objects: fixture.objects, tls, token: acceptsEksToken });
    const account = loadFixtureAccount();
    account.eks.clusters[0]!.endpoint = secure.url;
    account.eks.clusters[0]!.certificateAuthority = { data: Buffer.from(tls.cert).toString('base64') };
    const secureAws = await startFakeAws({ account });
    const bare = { HOME: mkdtempSync(join(tmpdir(), 'eksguard-home-')), AWS_ENDPOINT_URL: secureAws.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'fixture-secret' };
    try {
      const result = await run(['collect', ...CLUSTER, '-o', '-'], { env: bare });
      expect(result.stderr).toContain('through context eks:eu-west-1:prod');
      expect(result.code).toBe(0);
      const snapshot = JSON.parse(result.stdout) as { source: { kubeContext: string }; kubernetes: { objects: unknown[] } };
      expect(snapshot.source.kubeContext).toBe('eks:eu-west-1:prod');
      expect(snapshot.kubernetes.objects).toHaveLength(301);
      expect(secure.requests.every((request) => request.authorization?.startsWith('Bearer k8s-aws-v1.'))).toBe(true);

      // A CA that is not the server's: TLS fails, and the collection stops with exit 2.
      account.eks.clusters[0]!.certificateAuthority = { data: Buffer.from(selfSignedCertificate().cert).toString('base64') };
      const otherAws = await startFakeAws({ account });
      try {
        const refused = await run(['collect', ...CLUSTER, '-o', '-'], { env: { ...bare, AWS_ENDPOINT_URL: otherAws.url } });
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/^eksguard: cannot collect from Kubernetes \(context eks:eu-west-1:prod\): cannot reach the API server at https:\/\/127\.0\.0\.1:\d+: .*certificate/);
      } finally {
        await otherAws.close();
      }
    } finally {
      await secure.close();
      await secureAws.close();
    }
  });

  it('with --eks-token, replaces the kubeconfig user and keeps its server', async () => {
    const strict = await startFakeKube({ objects: fixture.objects, token: acceptsEksToken });
    const kubeconfig = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kube-')), strict.url, { token: 'rejected-static-token' });
    try {
      const rejected = await run(['collect', ...CLUSTER, '-o', '-'], { env: { ...env, KUBECONFIG: kubeconfig } });
      expect(rejected.code).toBe(2);
      expect(rejected.stderr).toContain('(HTTP 401): Unauthorized (the credentials were rejected');
      const signed = await run(['collect', ...CLUSTER, '--eks-token', '-o', '-'], { env: { ...env, KUBECONFIG: kubeconfig } });
      expect(signed.code).toBe(0);
      expect((JSON.parse(signed.stdout) as { source: { kubeContext: string } }).source.kubeContext).toBe('prod');
    } finally {
      await strict.close();
    }
  });
});

describe('help', () => {
  it.each([
    ['collect', 'eksguard collect --name prod --region eu-west-1 -o prod.snapshot.json.gz'],
    ['scan snapshot', 'eksguard scan snapshot prod.snapshot.json.gz --format sarif -o out.sarif'],
    ['scan cluster', 'eksguard scan cluster --name prod --region eu-west-1'],
  ])('%s --help shows its options and examples', async (command, example) => {
    const result = await run([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(example);
  });
});
