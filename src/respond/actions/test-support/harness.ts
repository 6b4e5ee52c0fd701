/**
 * The response action tests' harness: the fake API server holding `actionCluster()`, and a
 * KubeClient opened the way the CLI opens it (kubeconfig → client-node transport → KubeHttp).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { openKubeClient } from '../../../cli/kube-client.js';
import type { K8sObject } from '../../../model/index.js';
import { writeFakeKubeconfig } from '../../../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube, type FakeRequest } from '../../../../test/fakes/kube/server.js';
import type { ActionContext, KubeClient, KubeRequest, Notifier } from '../types.js';
import { actionCluster } from './cluster.js';

export const ACTION_ID = '01jq8k2w7e5n3x9d4r6t0v1b2c';

export interface ActionHarness {
  fake: FakeKube;
  client: KubeClient;
  context: ActionContext;
  /** Requests the server received since the last call (or since start). */
  received(): FakeRequest[];
  /** The object as the server serves it now (undefined on 404), without recording the read. */
  read(path: string): Promise<K8sObject | undefined>;
  /** Sends requests (a plan's undo) in order. */
  sendAll(requests: readonly KubeRequest[]): Promise<void>;
  close(): Promise<void>;
}

export async function startActionHarness(objects: K8sObject[] = actionCluster(), notifiers: Record<string, Notifier> = {}): Promise<ActionHarness> {
  const fake = await startFakeKube({ objects, token: 'responder-token' });
  const home = mkdtempSync(join(tmpdir(), 'eksguard-actions-'));
  const kubeconfig = writeFakeKubeconfig(home, fake.url, { token: 'responder-token' });
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env: { HOME: home }, cwd: home };
  const client = await openKubeClient({ kubeconfig }, io);
  let mark = 0;
  return {
    fake,
    client,
    context: { client, notifiers, actionId: ACTION_ID },
    received() {
      const out = fake.requests.slice(mark);
      mark = fake.requests.length;
      return out;
    },
    async read(path) {
      const response = await fetch(`${fake.url}${path}`, { headers: { authorization: 'Bearer responder-token' } });
      fake.requests.pop();
      mark = Math.min(mark, fake.requests.length);
      return response.status === 404 ? undefined : ((await response.json()) as K8sObject);
    },
    async sendAll(requests) {
      for (const request of requests) await client.send(request);
    },
    close: () => fake.close(),
  };
}

/** The object minus what every write changes, to compare before and after an undo. */
export function withoutVersion(object: K8sObject | undefined): K8sObject | undefined {
  if (!object) return undefined;
  const { resourceVersion: _ignored, ...metadata } = object.metadata ?? {};
  return { ...object, metadata };
}

/** Method, path, content type and body of each request: what the assertions compare. */
export function wire(requests: readonly FakeRequest[]): Array<{ method: string; path: string; contentType?: string; body?: unknown }> {
  return requests.map((request) => ({
    method: request.method,
    path: request.path + (Object.keys(request.query).length > 0 ? `?${new URLSearchParams(request.query).toString()}` : ''),
    ...(request.contentType !== undefined ? { contentType: request.contentType } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  }));
}
