import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeKubeconfig } from '../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube } from '../../test/fakes/kube/server.js';
import { actionCluster } from '../respond/actions/test-support/cluster.js';
import { KubeRequestError } from '../respond/actions/types.js';
import { UsageError } from './exit-codes.js';
import { openKubeClient } from './kube-client.js';

describe('openKubeClient', () => {
  let fake: FakeKube;
  let home: string;
  const io = (env: NodeJS.ProcessEnv) => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env, cwd: home });
  beforeAll(async () => {
    fake = await startFakeKube({ objects: actionCluster(), token: 'secret-token' });
    home = mkdtempSync(join(tmpdir(), 'eksguard-kube-client-'));
  });
  afterAll(() => fake.close());

  it('writes through the kubeconfig context with its token, content type and body', async () => {
    const kubeconfig = writeFakeKubeconfig(home, fake.url, { token: 'secret-token', context: 'prod', otherContexts: ['staging'] });
    const client = await openKubeClient({ kubeconfig, context: 'staging' }, io({ HOME: home }));
    expect(client.context).toBe('staging');
    const answer = await client.send({ method: 'PATCH', path: '/api/v1/nodes/ip-10-0-1-17.eu-west-1.compute.internal', contentType: 'application/strategic-merge-patch+json', body: { spec: { unschedulable: true } } });
    expect(answer).toMatchObject({ kind: 'Node', spec: { unschedulable: true } });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PATCH',
      authorization: 'Bearer secret-token',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { unschedulable: true } },
    });
  });

  it('turns error statuses into KubeRequestError and an unreachable server into status 0', async () => {
    const kubeconfig = writeFakeKubeconfig(home, fake.url, { token: 'secret-token' });
    const client = await openKubeClient({ kubeconfig }, io({ HOME: home }));
    const missing = await client.send({ method: 'DELETE', path: '/api/v1/namespaces/shop/pods/ghost' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(KubeRequestError);
    expect(missing).toMatchObject({ status: 404, reason: 'NotFound', message: 'pods "ghost" not found', request: { method: 'DELETE', path: '/api/v1/namespaces/shop/pods/ghost' } });
    const wrongToken = await openKubeClient({ kubeconfig: writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kc-')), fake.url, { token: 'other' }) }, io({ HOME: home }));
    await expect(wrongToken.send({ method: 'GET', path: '/api/v1/nodes/x' })).rejects.toMatchObject({ status: 401, reason: 'Unauthorized' });
    const closed = await openKubeClient({ kubeconfig: writeFakeKubeconfig(mkdtempSync(join(tmpdir(), 'eksguard-kc-')), 'http://127.0.0.1:1', { token: 't' }) }, io({ HOME: home }));
    await expect(closed.send({ method: 'GET', path: '/api/v1/nodes/x' })).rejects.toMatchObject({ status: 0, reason: undefined });
  });

  it('is a usage error without a kubeconfig and without a cluster, or with an unknown context', async () => {
    await expect(openKubeClient({}, io({ HOME: mkdtempSync(join(tmpdir(), 'eksguard-empty-')) }))).rejects.toThrow(UsageError);
    await expect(openKubeClient({ eksToken: true }, io({ HOME: home }))).rejects.toThrow('--eks-token needs the cluster name and region');
    const kubeconfig = writeFakeKubeconfig(home, fake.url, { token: 'secret-token' });
    await expect(openKubeClient({ kubeconfig, context: 'nope' }, io({ HOME: home }))).rejects.toThrow(/context "nope" is not in/);
  });
});
