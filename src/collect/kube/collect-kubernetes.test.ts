import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { loadFixtureCluster } from '../../../test/fakes/kube/fixture-cluster.js';
import { writeFakeKubeconfig } from '../../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from '../../../test/fakes/kube/server.js';
import { collectKubernetes, type CollectKubernetesOptions } from './collect-kubernetes.js';
import { DiscoveryError } from './discovery.js';
import { METADATA_ONLY_ACCEPT } from './list-resource.js';
import { LAST_APPLIED } from './sanitize.js';
import { RESOURCES } from './resources.js';

const fixture = loadFixtureCluster();
/** Kinds the collector lists; the fixture holds nothing else. */
const COLLECTED_KINDS = new Set(fixture.objects.map((object) => object.kind));
let fake: FakeKube | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function collect(server: Partial<FakeKubeOptions> = {}, options: CollectKubernetesOptions = {}) {
  fake = await startFakeKube({ objects: fixture.objects, configz: fixture.configz, token: 'fixture-token', ...server });
  const kubeconfig = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kube-')), fake.url);
  return collectKubernetes({ kubeconfig, env: {}, ...options });
}

const key = (object: K8sObject): string => `${object.apiVersion} ${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

/**
 * Every value of every Secret of the fixture (each is marked FIXTURE-SECRET or is a unique
 * base64 blob), raw and decoded, as it would appear on the wire; with `lastApplied: false`,
 * leaving out Secrets whose kubectl last-applied annotation repeats the values in metadata.
 */
function secretValues(options: { lastApplied: boolean }): string[] {
  const values: string[] = [];
  for (const secret of fixture.objects.filter((object) => object.kind === 'Secret')) {
    if (!options.lastApplied && secret.metadata?.annotations?.[LAST_APPLIED]) continue;
    for (const value of Object.values((secret.data ?? {}) as Record<string, string>)) {
      if (value.length >= 16) values.push(value);
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      if (decoded.includes('FIXTURE-SECRET')) values.push(decoded);
    }
    for (const value of Object.values((secret.stringData ?? {}) as Record<string, string>)) values.push(value);
  }
  return values;
}

describe('collectKubernetes against an API server, through @kubernetes/client-node', () => {
  it('lists every object of every kind the checks read, across pages, with apiVersion and kind filled', async () => {
    const result = await collect({ maxPageSize: 7 });
    expect(result.errors).toEqual([]);
    expect(result.context).toBe('prod');
    expect(result.server).toBe(fake!.url);
    expect(result.objects.map(({ object }) => key(object)).sort()).toEqual(fixture.objects.map(key).sort());
    expect(result.objects.every(({ origin }) => origin.type === 'api' && origin.api === 'k8s')).toBe(true);
    expect(COLLECTED_KINDS.size).toBeGreaterThan(30);

    // Built-in list items come without apiVersion/kind; the collector fills them from the list.
    const pod = result.objects.find(({ object }) => object.kind === 'Pod')!.object;
    expect(Object.keys(pod).slice(0, 2)).toEqual(['apiVersion', 'kind']);
    expect(pod.apiVersion).toBe('v1');

    const podLists = fake!.requests.filter((request) => request.path === '/api/v1/pods');
    expect(podLists.length).toBe(Math.ceil(fixture.objects.filter((object) => object.kind === 'Pod').length / 7));
    expect(podLists[0]!.query).toEqual({ limit: '500' });
    expect(podLists[1]!.query.continue).toBeTruthy();
    expect(fake!.requests.every((request) => request.authorization === 'Bearer fixture-token')).toBe(true);
    expect(result.requests).toBe(fake!.requests.length);
  });

  it('asks for Secrets as metadata only: no data value crosses the wire, and no value lands in the result', async () => {
    const result = await collect();
    const secretRequests = fake!.requests.filter((request) => request.path === '/api/v1/secrets');
    expect(secretRequests.length).toBeGreaterThan(1);
    expect(secretRequests.every((request) => request.accept === METADATA_ONLY_ACCEPT)).toBe(true);
    const wire = fake!.sent.join('\n');
    const collected = JSON.stringify(result);
    const values = secretValues({ lastApplied: false });
    expect(values.length).toBeGreaterThan(10);
    for (const value of values) expect(wire).not.toContain(value);
    for (const value of secretValues({ lastApplied: true })) expect(collected).not.toContain(value);
    expect(collected).not.toContain('FIXTURE-SECRET');
  });

  it('receives, and drops on arrival, the values kubectl copied into the last-applied annotation (metadata cannot exclude it)', async () => {
    const result = await collect();
    expect(fake!.sent.join('\n')).toContain('FIXTURE-SECRET-checkout-db-password-9f8e7d');
    expect(JSON.stringify(result)).not.toContain('FIXTURE-SECRET-checkout-db-password-9f8e7d');
  });

  it('keeps Secret metadata and type, and drops the last-applied annotation that copies the values', async () => {
    const result = await collect();
    const secrets = new Map(result.objects.filter(({ object }) => object.kind === 'Secret').map(({ object }) => [`${object.metadata?.namespace}/${object.metadata?.name}`, object]));
    expect(secrets.get('ci/ci-deployer-token')).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: { annotations: { 'kubernetes.io/service-account.name': 'ci-deployer' } },
    });
    expect(secrets.get('monitoring/sh.helm.release.v1.grafana.v3')?.type).toBe('helm.sh/release.v1');
    expect(secrets.get('data/postgres-superuser')?.type).toBe('kubernetes.io/basic-auth');
    expect(secrets.get('kube-system/aws-load-balancer-tls')?.type).toBe('kubernetes.io/tls');
    const checkout = secrets.get('shop/checkout-db')!;
    expect(checkout.type).toBe('Opaque');
    expect(checkout.metadata?.annotations ?? {}).not.toHaveProperty(['kubectl.kubernetes.io/last-applied-configuration']);
    expect(checkout.metadata?.managedFields).toEqual([{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: '2025-04-02T10:00:00Z', fieldsType: 'FieldsV1' }]);
    for (const secret of secrets.values()) {
      expect(secret).not.toHaveProperty('data');
      expect(secret).not.toHaveProperty('stringData');
    }
  });

  it('strips Secret values even when the server ignores the metadata-only request', async () => {
    const result = await collect({ ignoreMetadataOnly: true });
    const checkoutPassword = (fixture.objects.find((object) => object.metadata?.name === 'checkout-db')!.data as Record<string, string>).password!;
    expect(fake!.sent.join('\n')).toContain(checkoutPassword);
    const collected = JSON.stringify(result);
    for (const value of secretValues({ lastApplied: true })) expect(collected).not.toContain(value);
    const checkout = result.objects.find(({ object }) => object.kind === 'Secret' && object.metadata?.name === 'checkout-db')!.object;
    expect(checkout).not.toHaveProperty('data');
    expect(checkout.type).toBe('Opaque');
    expect(checkout.metadata?.annotations ?? {}).not.toHaveProperty([LAST_APPLIED]);
  });

  it('records a denied list with the resource named as checks expect, and collects the rest', async () => {
    const result = await collect({ forbidden: ['v1/secrets', 'rbac.authorization.k8s.io/v1/clusterroles', 'velero.io/v1/schedules'] });
    expect(result.errors).toEqual([
      {
        source: 'kubernetes',
        operation: 'list',
        resource: 'v1/secrets',
        code: 403,
        message: 'secrets is forbidden: User "arn:aws:sts::111122223333:assumed-role/eksguard-reader/ci" cannot list resource "secrets" in API group "" at the cluster scope',
      },
      {
        source: 'kubernetes',
        operation: 'list',
        resource: 'rbac.authorization.k8s.io/v1/clusterroles',
        code: 403,
        message: 'clusterroles.rbac.authorization.k8s.io is forbidden: User "arn:aws:sts::111122223333:assumed-role/eksguard-reader/ci" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
      },
      expect.objectContaining({ resource: 'velero.io/v1/schedules', code: 403 }),
    ]);
    const kinds = new Set(result.objects.map(({ object }) => object.kind));
    expect(kinds.has('Secret')).toBe(false);
    expect(kinds.has('ClusterRole')).toBe(false);
    expect(kinds.has('Schedule')).toBe(false);
    expect(kinds.has('ClusterRoleBinding')).toBe(true);
    expect(kinds.has('Backup')).toBe(true);
  });

  it('discovers the add-on kinds a cluster has, in their served version, and skips the rest silently', async () => {
    const result = await collect();
    const byKind = (kind: string): K8sObject[] => result.objects.filter(({ object }) => object.kind === kind).map(({ object }) => object);
    expect(byKind('Schedule').map((object) => object.apiVersion)).toEqual(['velero.io/v1', 'velero.io/v1']);
    expect(byKind('Backup')).toHaveLength(3);
    expect(byKind('BackupStorageLocation')[0]?.status).toMatchObject({ phase: 'Available' });
    expect(byKind('ExternalSecret')[0]?.apiVersion).toBe('external-secrets.io/v1beta1');
    expect(byKind('IngressClassParams')[0]?.apiVersion).toBe('elbv2.k8s.aws/v1beta1');
    // Served in v1beta1 (storage) and v1alpha1: listed once, in the preferred version.
    expect(byKind('TargetGroupBinding').map((object) => object.apiVersion)).toEqual(['elbv2.k8s.aws/v1beta1']);
    // Not installed: never asked for, no error.
    expect(fake!.requests.some((request) => request.path.includes('cilium.io') || request.path.includes('kyverno.io'))).toBe(false);
    // Installed but not read by any check (velero.io/v2alpha1 DataDownload): not listed.
    expect(fake!.requests.some((request) => request.path.includes('datadownloads'))).toBe(false);
    expect(result.errors).toEqual([]);
  });

  it('lists ValidatingAdmissionPolicies in v1beta1 on a cluster that serves no v1', async () => {
    const vap: K8sObject = { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'deny-privileged' }, spec: { validations: [{ expression: 'true' }] } };
    fake = await startFakeKube({ objects: [vap] });
    const kubeconfig = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kube-')), fake.url);
    const result = await collectKubernetes({ kubeconfig, env: {}, resources: RESOURCES.filter((spec) => spec.plural === 'validatingadmissionpolicies') });
    expect(result.objects.map(({ object }) => object.apiVersion)).toEqual(['admissionregistration.k8s.io/v1']);
  });

  it('restarts a list whose continue token expired, without duplicates', async () => {
    const result = await collect({ maxPageSize: 10, expireContinueOnce: ['v1/pods'] });
    // The list did restart: a first page, a continue that expired, then a first page again.
    const podPages = fake!.requests.filter((request) => request.path === '/api/v1/pods');
    expect(podPages[0]?.query.continue).toBeUndefined();
    expect(podPages[1]?.query.continue).toBeDefined();
    expect(podPages[2]?.query.continue).toBeUndefined();
    const pods = result.objects.filter(({ object }) => object.kind === 'Pod');
    expect(pods).toHaveLength(fixture.objects.filter((object) => object.kind === 'Pod').length);
    expect(new Set(pods.map(({ object }) => key(object))).size).toBe(pods.length);
    expect(result.errors).toEqual([]);
  });

  it('drops fieldsV1 from managedFields and keeps the rest of the object as served', async () => {
    const result = await collect();
    const deployment = result.objects.find(({ object }) => object.kind === 'Deployment' && object.metadata?.name === 'coredns')!.object;
    const served = fixture.objects.find((object) => object.kind === 'Deployment' && object.metadata?.name === 'coredns')!;
    expect(deployment.spec).toEqual(served.spec);
    expect(deployment.metadata?.managedFields?.[0]).not.toHaveProperty('fieldsV1');
    expect(deployment.metadata?.managedFields?.[0]).toMatchObject({ manager: 'kubectl-client-side-apply', time: served.metadata?.creationTimestamp });
  });

  it('reads kubelet configurations through the node proxy only when asked', async () => {
    const without = await collect();
    expect(without.kubeletConfigs).toBeUndefined();
    expect(fake!.requests.some((request) => request.path.endsWith('/configz'))).toBe(false);
    await fake!.close();
    const result = await collect({}, { kubeletConfig: true });
    expect(Object.keys(result.kubeletConfigs!).sort()).toEqual(Object.keys(fixture.configz).sort());
    expect(result.kubeletConfigs!['ip-10-20-3-210.eu-west-1.compute.internal']).toMatchObject({ readOnlyPort: 10255, authentication: { anonymous: { enabled: true } } });
    expect(result.errors).toEqual([]);
  });

  it('records a denied or unreachable node proxy per node', async () => {
    const denied = await collect({ forbidden: ['v1/nodes/proxy'] }, { kubeletConfig: true });
    expect(denied.kubeletConfigs).toEqual({});
    expect(denied.errors).toHaveLength(3);
    expect(denied.errors[0]).toMatchObject({ source: 'kubernetes', operation: 'get', resource: 'v1/nodes/proxy', code: 403 });
    expect(denied.errors.map((error) => error.target).sort()).toEqual(Object.keys(fixture.configz).sort());
    await fake!.close();
    const { 'ip-10-20-3-210.eu-west-1.compute.internal': _down, ...up } = fixture.configz;
    const partial = await collect({ configz: up }, { kubeletConfig: true });
    expect(Object.keys(partial.kubeletConfigs!)).toHaveLength(2);
    expect(partial.errors).toEqual([
      expect.objectContaining({ resource: 'v1/nodes/proxy', target: 'ip-10-20-3-210.eu-west-1.compute.internal', code: 503, message: expect.stringContaining('connection refused') }),
    ]);
  });

  it('authenticates with the kubeconfig exec credential plugin', async () => {
    fake = await startFakeKube({ objects: fixture.objects.filter((object) => object.kind === 'Namespace'), token: 'token-from-plugin' });
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-kube-'));
    const plugin = join(dir, 'credential-plugin.mjs');
    const runs = join(dir, 'runs.log');
    // As \`aws eks get-token\` does: a token with an expiry, which client-node caches until then.
    writeFileSync(
      plugin,
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(runs)}, 'run\\n');
const expirationTimestamp = new Date(Date.now() + 15 * 60 * 1000).toISOString();
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: process.env.FAKE_TOKEN, expirationTimestamp } }));
`,
    );
    const kubeconfig = writeFakeKubeconfig(dir, fake.url, { exec: { command: process.execPath, args: [plugin], env: [{ name: 'FAKE_TOKEN', value: 'token-from-plugin' }] } });
    const result = await collectKubernetes({ kubeconfig, env: {} });
    expect(result.objects.filter(({ object }) => object.kind === 'Namespace')).toHaveLength(fixture.objects.filter((object) => object.kind === 'Namespace').length);
    expect(fake.requests.every((request) => request.authorization === 'Bearer token-from-plugin')).toBe(true);
    // Requests in flight before the first token arrived may each start the plugin; no more.
    expect(readFileSync(runs, 'utf8').split('\n').filter(Boolean).length).toBeLessThanOrEqual(4);
  });

  it('fails the whole collection when the credentials are rejected, saying so', async () => {
    fake = await startFakeKube({ objects: [], token: 'other' });
    const kubeconfig = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kube-')), fake.url);
    const failure = collectKubernetes({ kubeconfig, env: {} });
    await expect(failure).rejects.toBeInstanceOf(DiscoveryError);
    await expect(failure).rejects.toThrow(/refused \/api(s)? \(HTTP 401\): Unauthorized \(the credentials were rejected/);
  });

  it('fails clearly when the API server cannot be reached', async () => {
    fake = await startFakeKube({ objects: [] });
    const url = fake.url;
    await fake.close();
    fake = undefined;
    const kubeconfig = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kube-')), url);
    await expect(collectKubernetes({ kubeconfig, env: {} })).rejects.toThrow(new RegExp(`cannot reach the API server at ${url.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  });
});

describe('collectKubernetes with an abort signal', () => {
  it('cuts the requests in flight when the signal aborts, well before the request timeout', async () => {
    // An API server that accepts every request and never answers.
    const open = new Set<ServerResponse>();
    const server = createServer((_request, response) => {
      open.add(response);
      response.on('close', () => open.delete(response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as AddressInfo;
    const kubeconfig = writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kube-')), `http://127.0.0.1:${address.port}`);
    const deadline = new AbortController();
    const started = Date.now();
    setTimeout(() => deadline.abort(new Error('the cluster deadline passed')), 200);
    try {
      await expect(collectKubernetes({ kubeconfig, env: {}, timeoutMs: 60_000, signal: deadline.signal })).rejects.toThrow('the cluster deadline passed');
      expect(Date.now() - started).toBeLessThan(10_000);
      // The client closed its side: no request is left waiting on the server.
      await vi.waitFor(() => expect(open.size).toBe(0));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('collectKubernetes aborted while only the typed Secret lists are left', () => {
  it('rejects with the reason instead of recording a Secret-type gap', async () => {
    const deadline = new AbortController();
    const hung = collect(
      { hang: (request) => request.query.fieldSelector?.startsWith('type=') === true },
      { signal: deadline.signal, timeoutMs: 60_000, onProgress: () => undefined },
    );
    // Everything else answers at once; the typed lists wait until the deadline.
    await vi.waitFor(() => expect(fake?.requests.some((request) => request.query.fieldSelector?.startsWith('type=') === true)).toBe(true));
    deadline.abort(new Error('the cluster deadline passed'));
    await expect(hung).rejects.toThrow('the cluster deadline passed');
  });
});
