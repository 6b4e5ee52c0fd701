import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureCluster } from './fixture-cluster.js';
import { startFakeKube, type FakeKube } from './server.js';

/** The fake answers in the shapes of a real API server; these pin the shapes the collector relies on. */
describe('fake Kubernetes API server', () => {
  let fake: FakeKube;
  const fixture = loadFixtureCluster();
  beforeAll(async () => {
    fake = await startFakeKube({ objects: fixture.objects, forbidden: ['rbac.authorization.k8s.io/v1/roles'], maxPageSize: 5 });
  });
  afterAll(() => fake.close());
  const get = async (path: string, accept = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${fake.url}${path}`, { headers: { accept } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lists built-in kinds without apiVersion/kind on items, and CRs with them', async () => {
    const pods = await get('/api/v1/pods?limit=2');
    expect(pods.body).toMatchObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String), continue: expect.any(String), remainingItemCount: expect.any(Number) } });
    expect((pods.body.items as object[])[0]).not.toHaveProperty('kind');
    const backups = await get('/apis/velero.io/v1/backups');
    expect((backups.body.items as Array<{ kind: string }>)[0]!.kind).toBe('Backup');
  });

  it('answers the metadata-only representation for any list', async () => {
    const secrets = await get('/api/v1/namespaces/shop/secrets', 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
    expect(secrets.body).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    const items = secrets.body.items as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('serves discovery with subresources, and CRD groups from the CRDs it stores', async () => {
    const groups = (await get('/apis')).body.groups as Array<{ name: string; preferredVersion: { version: string } }>;
    expect(groups.find((group) => group.name === 'velero.io')?.preferredVersion.version).toBe('v1');
    const core = (await get('/api/v1')).body.resources as Array<{ name: string }>;
    expect(core.map((resource) => resource.name)).toContain('pods/exec');
  });

  it('answers a denied list with a Forbidden Status', async () => {
    const denied = await get('/apis/rbac.authorization.k8s.io/v1/roles');
    expect(denied).toEqual({
      status: 403,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'roles.rbac.authorization.k8s.io is forbidden: User "arn:aws:sts::111122223333:assumed-role/eksguard-reader/ci" cannot list resource "roles" in API group "rbac.authorization.k8s.io" at the cluster scope',
        reason: 'Forbidden',
        details: { group: 'rbac.authorization.k8s.io', kind: 'roles' },
        code: 403,
      },
    });
  });

  it('caps pages and filters by field selector', async () => {
    const page = await get('/api/v1/secrets?limit=100&fieldSelector=type%3Dkubernetes.io%2Fservice-account-token');
    expect((page.body.items as Array<{ metadata: { name: string } }>).map((item) => item.metadata.name)).toEqual(['ci-deployer-token']);
    const capped = await get('/api/v1/pods?limit=100');
    expect(capped.body.items).toHaveLength(5);
  });
});
