/**
 * Finding the EKS cluster a pod runs in, from its service-account token, and `scan cluster` /
 * `collect` without --name in a pod: the real EKS client against the fake AWS endpoint (the
 * fixture account, with other clusters around "prod"), the fake Kubernetes API for the rest.
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../model/index.js';
import { startFakeAws, type FakeAws } from '../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../test/fixtures/account/aws/index.js';
import { loadFixtureCluster } from '../../test/fakes/kube/fixture-cluster.js';
import { writeFakeKubeconfig } from '../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube } from '../../test/fakes/kube/server.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { findOwnCluster, issuerRegion, podTokenFile, SERVICE_ACCOUNT_TOKEN, tokenIssuer, TOKEN_FILE_VARIABLE, withOwnCluster } from './own-cluster.js';
import { run } from './test-support/run.js';

const PROD_ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A projected service-account token as the API server of an EKS cluster signs it (RS256). */
function serviceAccountToken(issuer: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'RS256', kid: '2b9e4b1c7d3a5f60e8a1c2d3b4f5a6e7c8d9e0f1' });
  const payload = part({
    aud: ['https://kubernetes.default.svc'],
    exp: now + 3607,
    iat: now,
    iss: issuer,
    jti: randomUUID(),
    'kubernetes.io': {
      namespace: 'eksguard',
      node: { name: 'ip-10-0-1-23.eu-west-1.compute.internal', uid: randomUUID() },
      pod: { name: 'eksguard-scanner-29123456-x7k2p', uid: randomUUID() },
      serviceaccount: { name: 'eksguard', uid: randomUUID() },
      warnafter: now + 3607,
    },
    nbf: now,
    sub: 'system:serviceaccount:eksguard:eksguard',
  });
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Clusters around "prod" in the same account: more than a page of ListClusters and a batch of DescribeCluster. */
function accountWithNeighbours() {
  const account = loadFixtureAccount();
  const prod = account.eks.clusters[0]!;
  const neighbours = Array.from({ length: 10 }, (_, index) => {
    const id = `A${String(index).padStart(2, '0')}D2E1A9B7D4C6E8F0A1B2C3D4E5F6`;
    return {
      ...prod,
      name: `team-${index}`,
      arn: `arn:aws:eks:eu-west-1:111122223333:cluster/team-${index}`,
      endpoint: `https://${id}.gr7.eu-west-1.eks.amazonaws.com`,
      identity: { oidc: { issuer: `https://oidc.eks.eu-west-1.amazonaws.com/id/${id}` } },
    };
  });
  account.eks.clusters = [...neighbours, prod];
  return account;
}

let aws: FakeAws;
let kube: FakeKube;
let dir: string;
let tokenFile: string;
/** A pod of the fixture cluster: in-cluster variables, its token, AWS through the fake. */
let podEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-own-cluster-'));
  aws = await startFakeAws({ account: accountWithNeighbours() });
  const fixture = loadFixtureCluster();
  kube = await startFakeKube({ objects: fixture.objects, configz: fixture.configz, token: 'fixture-token' });
  tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, serviceAccountToken(PROD_ISSUER));
  podEnv = {
    HOME: dir,
    KUBERNETES_SERVICE_HOST: '172.20.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    [TOKEN_FILE_VARIABLE]: tokenFile,
    AWS_ENDPOINT_URL: aws.url,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'fixture-secret',
  };
});

afterAll(async () => {
  await kube.close();
  await aws.close();
});

afterEach(() => {
  aws.clearFaults();
  aws.requests.length = 0;
});

describe('the service-account token', () => {
  it('gives its issuer, read from the payload without verifying the signature', () => {
    expect(tokenIssuer(serviceAccountToken(PROD_ISSUER), 'token')).toBe(PROD_ISSUER);
    expect(tokenIssuer(`${serviceAccountToken(PROD_ISSUER)}\n`, 'token')).toBe(PROD_ISSUER);
  });

  it('names the file when it is not a token', () => {
    expect(() => tokenIssuer('not a token', '/t/token')).toThrow(new UsageError('/t/token is not a service-account token (a JWT: three base64url parts)'));
    expect(() => tokenIssuer(`a.${Buffer.from('{"iss":').toString('base64url')}.c`, '/t/token')).toThrow(/^\/t\/token: the token's payload is not JSON$/);
    expect(() => tokenIssuer(`a.${Buffer.from('{"sub":"x"}').toString('base64url')}.c`, '/t/token')).toThrow(/no "iss" \(issuer\) claim/);
    expect(() => tokenIssuer(`a.${Buffer.from('[1]').toString('base64url')}.c`, '/t/token')).toThrow(/no "iss"/);
  });

  it('says the region of an EKS issuer, and nothing for another Kubernetes', () => {
    expect(issuerRegion(PROD_ISSUER)).toBe('eu-west-1');
    expect(issuerRegion('https://oidc.eks.us-gov-west-1.amazonaws.com/id/ABCDEF0123456789')).toBe('us-gov-west-1');
    expect(issuerRegion('https://oidc.eks.cn-north-1.amazonaws.com.cn/id/ABCDEF0123456789')).toBe('cn-north-1');
    expect(issuerRegion('https://kubernetes.default.svc.cluster.local')).toBeUndefined();
    expect(issuerRegion('https://oidc.eks.eu-west-1.amazonaws.com.evil.example/id/ABC')).toBeUndefined();
  });

  it('is looked for only in a pod', () => {
    expect(podTokenFile({ [TOKEN_FILE_VARIABLE]: tokenFile })).toBeUndefined();
    expect(podTokenFile({ KUBERNETES_SERVICE_HOST: '172.20.0.1', [TOKEN_FILE_VARIABLE]: tokenFile })).toBe(tokenFile);
    expect(podTokenFile({ KUBERNETES_SERVICE_HOST: '172.20.0.1', [TOKEN_FILE_VARIABLE]: join(dir, 'absent') })).toBeUndefined();
    expect(SERVICE_ACCOUNT_TOKEN).toBe('/var/run/secrets/kubernetes.io/serviceaccount/token');
  });
});

describe('withOwnCluster with --name', () => {
  const io = (env: NodeJS.ProcessEnv) => ({ env, cwd: dir, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }) as unknown as CliIo;

  it('takes the region from the pod\'s token issuer when nothing else gives one (Pod Identity sets no AWS_REGION)', async () => {
    expect(await withOwnCluster({ name: 'prod' }, io(podEnv))).toEqual({ name: 'prod', region: 'eu-west-1' });
    expect(await withOwnCluster({ name: 'prod', region: 'us-east-1' }, io(podEnv))).toEqual({ name: 'prod', region: 'us-east-1' });
    expect(await withOwnCluster({ name: 'prod' }, io({ ...podEnv, AWS_REGION: 'eu-central-1' }))).toEqual({ name: 'prod' });
    expect(await withOwnCluster({ name: 'prod' }, io({ [TOKEN_FILE_VARIABLE]: tokenFile }))).toEqual({ name: 'prod' });
    // No AWS call: the name is given.
    expect(aws.requests).toEqual([]);
  });
});

describe('findOwnCluster', () => {
  it('finds the cluster whose OIDC issuer signed the token, over every page of ListClusters', async () => {
    expect(await findOwnCluster({ env: { ...podEnv, AWS_REGION: 'eu-west-1' } })).toEqual({ name: 'prod', region: 'eu-west-1', issuer: PROD_ISSUER });
    // The fake answers two clusters a page: 11 clusters are 6 pages; prod is in the second batch of DescribeCluster.
    expect(aws.count('ListClusters')).toBe(6);
    expect(aws.count('DescribeCluster')).toBe(11);
  });

  it('takes the region from the issuer when none is set, and an explicit one first', async () => {
    expect((await findOwnCluster({ env: podEnv })).region).toBe('eu-west-1');
    expect(aws.requests.every((request) => request.region === 'eu-west-1')).toBe(true);
    aws.requests.length = 0;
    await expect(findOwnCluster({ env: { ...podEnv, AWS_REGION: 'eu-west-1' }, region: 'us-east-1' })).resolves.toMatchObject({ region: 'us-east-1' });
    expect(aws.requests.every((request) => request.region === 'us-east-1')).toBe(true);
  });

  it('says to pass --name when ListClusters is denied', async () => {
    aws.deny('ListClusters');
    await expect(findOwnCluster({ env: podEnv })).rejects.toThrow(
      /^eks:ListClusters in eu-west-1 failed \(AccessDeniedException: User: .* is not authorized to perform: eks:ListClusters.*\): pass --name <cluster>, or grant eks:ListClusters to find the cluster by itself$/,
    );
    await expect(findOwnCluster({ env: podEnv, nameFlag: '--cluster' })).rejects.toThrow(/: pass --cluster <cluster>/);
  });

  it('says to pass --name when no cluster has the issuer, with the issuer region when another was asked', async () => {
    const other = join(dir, 'other-token');
    writeFileSync(other, serviceAccountToken('https://oidc.eks.eu-west-1.amazonaws.com/id/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'));
    const env = { ...podEnv, [TOKEN_FILE_VARIABLE]: other };
    await expect(findOwnCluster({ env })).rejects.toThrow(
      new UsageError('no EKS cluster in eu-west-1 has the OIDC issuer https://oidc.eks.eu-west-1.amazonaws.com/id/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF of this pod\'s token; pass --name <cluster>'),
    );
    await expect(findOwnCluster({ env: { ...env, AWS_REGION: 'us-east-1' } })).rejects.toThrow(/ \(the issuer is in eu-west-1: try --region eu-west-1\); pass --name <cluster>$/);
  });

  it('does not say "none matches" when a cluster could not be described', async () => {
    const other = join(dir, 'unknown-token');
    writeFileSync(other, serviceAccountToken('https://oidc.eks.eu-west-1.amazonaws.com/id/EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE'));
    aws.deny('DescribeCluster', 'team-3');
    await expect(findOwnCluster({ env: { ...podEnv, [TOKEN_FILE_VARIABLE]: other } })).rejects.toThrow(
      /^eks:DescribeCluster failed for 1 cluster\(s\) in eu-west-1 \(team-3: AccessDeniedException: .*\), none of the others has this pod's issuer .*: pass --name <cluster>$/,
    );
    // A denied neighbour does not hide the pod's own cluster.
    await expect(findOwnCluster({ env: podEnv })).resolves.toMatchObject({ name: 'prod' });
  });

  it('refuses outside a pod, outside EKS, and a token that is not one', async () => {
    await expect(findOwnCluster({ env: { HOME: dir } })).rejects.toThrow(
      new UsageError('--name <cluster> is required'),
    );
    await expect(findOwnCluster({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', [TOKEN_FILE_VARIABLE]: join(dir, 'absent') } })).rejects.toThrow(
      /^--name <cluster> is required \(no service-account token at .*absent to find this pod's cluster by\)$/,
    );
    const kind = join(dir, 'kind-token');
    writeFileSync(kind, serviceAccountToken('https://kubernetes.default.svc.cluster.local'));
    await expect(findOwnCluster({ env: { ...podEnv, [TOKEN_FILE_VARIABLE]: kind } })).rejects.toThrow(
      new UsageError("the service-account token's issuer https://kubernetes.default.svc.cluster.local is not an EKS cluster's OIDC issuer: pass --name <cluster> and --region"),
    );
    const garbage = join(dir, 'garbage-token');
    writeFileSync(garbage, 'eyJhbGciOi');
    await expect(findOwnCluster({ env: { ...podEnv, [TOKEN_FILE_VARIABLE]: garbage } })).rejects.toThrow(/garbage-token is not a service-account token/);
    const directory = join(dir, 'token-dir');
    mkdirSync(directory, { recursive: true });
    await expect(findOwnCluster({ env: { ...podEnv, [TOKEN_FILE_VARIABLE]: directory } })).rejects.toThrow(/^cannot read the service-account token .*token-dir \(Error: EISDIR.*\); pass --name <cluster>$/);
    expect(aws.requests).toEqual([]);
  });
});

describe('scan cluster and collect without --name', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    // The Kubernetes side through a kubeconfig: client-node's in-cluster configuration reads the
    // fixed /var/run/secrets paths and the process's own environment, which a test cannot point at the fake.
    env = { ...podEnv, AWS_REGION: 'eu-west-1', KUBECONFIG: writeFakeKubeconfig(dir, kube.url) };
  });

  it('scan the pod\'s own cluster', async () => {
    const out = join(dir, 'own.json');
    const result = await run(['scan', 'cluster', '--fail-on', 'none', '-o', `json=${out}`], { env });
    expect(result.stderr).toContain('eksguard: running in EKS cluster prod (eu-west-1), found by the OIDC issuer of the pod\'s service-account token\n');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanResult & { source?: { cluster?: string } };
    expect(JSON.stringify(report)).toContain('arn:aws:eks:eu-west-1:111122223333:cluster/prod');
    expect(report.results.some((entry) => entry.checkId === 'eks-endpoint-public-open-cidr' && entry.status === 'fail')).toBe(true);
    expect(aws.requests.some((request) => request.operation === 'DescribeCluster' && request.input.name === 'prod')).toBe(true);
  });

  it('collect the pod\'s own cluster', async () => {
    const snapshot = join(dir, 'own.snapshot.json');
    const result = await run(['collect', '-o', snapshot], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^eksguard: running in EKS cluster prod \(eu-west-1\)/);
    expect(result.stderr).toContain('Collected cluster prod (eu-west-1, account 111122223333');
    expect(readFileSync(snapshot, 'utf8')).toContain('"cluster": "prod"');
  });

  it('exit 2 when the cluster cannot be found, and need --name outside a pod as before', async () => {
    aws.deny('ListClusters');
    const denied = await run(['scan', 'cluster'], { env });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/eks:ListClusters in eu-west-1 failed \(AccessDeniedException: .*\): pass --name <cluster>, or grant eks:ListClusters/);
    const outside = await run(['collect', '-o', join(dir, 'none.json')], { env: { ...env, KUBERNETES_SERVICE_HOST: '' } });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe('eksguard: --name <cluster> is required\n');
    // --name wins: nothing is listed.
    aws.clearFaults();
    aws.requests.length = 0;
    expect((await run(['collect', '--name', 'prod', '-o', join(dir, 'named.json')], { env })).code).toBe(0);
    expect(aws.count('ListClusters')).toBe(0);
  });
});
