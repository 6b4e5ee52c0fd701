import { afterEach, describe, expect, it } from 'vitest';
import { decodeEksToken, presignedSignature, verifyEksToken } from '../../../test/fakes/kube/eks-token-verifier.js';
import { startFakeKube, type FakeKube } from '../../../test/fakes/kube/server.js';
import { collectKubernetes } from './collect-kubernetes.js';
import { eksConnection } from './eks-connection.js';
import { eksToken, stsHostname } from './eks-token.js';
import { RESOURCES } from './resources.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SESSION = { ...CREDENTIALS, sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQ+/=' };

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  expect(token.slice('k8s-aws-v1.'.length)).toMatch(/^[A-Za-z0-9_-]+$/);
  return decodeEksToken(token)!;
}

const expectedSignature = presignedSignature;

describe('eksToken', () => {
  it('is k8s-aws-v1. and an unpadded base64url presigned STS GetCallerIdentity URL bound to the cluster', async () => {
    const token = await eksToken({ cluster: 'prod', region: 'eu-west-1', credentials: CREDENTIALS, signingDate: new Date('2026-03-02T08:00:00Z') });
    expect(token).not.toContain('=');
    const url = decode(token);
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20260302/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20260302T080000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('signs correctly: the signature matches SigV4 computed independently, over the x-k8s-aws-id header', async () => {
    const token = await eksToken({ cluster: 'prod', region: 'eu-west-1', credentials: CREDENTIALS, signingDate: new Date('2026-03-02T08:00:00Z') });
    const url = decode(token);
    const headers = { host: 'sts.eu-west-1.amazonaws.com', 'x-k8s-aws-id': 'prod' };
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, headers, CREDENTIALS.secretAccessKey, 'eu-west-1'));
    // Bound to the cluster: the same URL does not verify for another cluster id.
    expect(url.searchParams.get('X-Amz-Signature')).not.toBe(expectedSignature(url, { ...headers, 'x-k8s-aws-id': 'staging' }, CREDENTIALS.secretAccessKey, 'eu-west-1'));
  });

  it('carries a session token, URL-encoded, and still verifies', async () => {
    const token = await eksToken({ cluster: 'prod', region: 'eu-west-1', credentials: SESSION, signingDate: new Date('2026-03-02T08:00:00Z') });
    const url = decode(token);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(SESSION.sessionToken);
    expect(url.search).not.toContain('+');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, { host: 'sts.eu-west-1.amazonaws.com', 'x-k8s-aws-id': 'prod' }, SESSION.secretAccessKey, 'eu-west-1'));
  });

  it('takes credentials from a provider and uses the partition of the region', async () => {
    const token = await eksToken({ cluster: 'c1', region: 'cn-north-1', credentials: () => Promise.resolve(CREDENTIALS) });
    expect(decode(token).host).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(stsHostname('us-gov-west-1')).toBe('sts.us-gov-west-1.amazonaws.com');
  });
});

describe('built-in EKS authentication against an API server', () => {
  let fake: FakeKube | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('sends a fresh EKS token the server can verify, with no kubeconfig and no aws CLI', async () => {
    const seen: string[] = [];
    fake = await startFakeKube({
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
      token: (presented) => {
        seen.push(presented);
        return verifyEksToken(presented, { cluster: 'prod', region: 'eu-west-1', secretAccessKey: CREDENTIALS.secretAccessKey });
      },
    });
    const connection = eksConnection({ cluster: 'prod', region: 'eu-west-1', credentials: CREDENTIALS, server: fake.url, skipTLSVerify: true });
    expect(connection.context).toBe('eks:eu-west-1:prod');
    const result = await collectKubernetes({ connection, resources: RESOURCES.filter((spec) => spec.plural === 'namespaces') });
    expect(result.errors).toEqual([]);
    expect(result.objects.map(({ object }) => object.metadata?.name)).toEqual(['shop']);
    expect(seen.length).toBe(fake.requests.length);
    // One token, made once and reused while fresh.
    expect(new Set(seen).size).toBe(1);
  });

  it('is rejected for another cluster name', async () => {
    fake = await startFakeKube({
      objects: [],
      token: (presented) => verifyEksToken(presented, { cluster: 'prod', region: 'eu-west-1', secretAccessKey: CREDENTIALS.secretAccessKey }),
    });
    const connection = eksConnection({ cluster: 'staging', region: 'eu-west-1', credentials: CREDENTIALS, server: fake.url, skipTLSVerify: true });
    await expect(collectKubernetes({ connection })).rejects.toThrow(/HTTP 401/);
  });

  it('refuses plain HTTP without skip-verify', async () => {
    const connection = eksConnection({ cluster: 'prod', region: 'eu-west-1', credentials: CREDENTIALS, server: 'http://127.0.0.1:9' });
    await expect(collectKubernetes({ connection })).rejects.toThrow(/HTTP protocol is not allowed/);
  });
});
