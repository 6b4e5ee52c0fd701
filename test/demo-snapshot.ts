/**
 * The demo's snapshot of the fixture account: collected by the real CLI (AWS SDK and
 * client-node) from the local fakes, then dated at a fixed collection time so it is the same
 * bytes on every machine. `npm run demo:snapshot` rewrites examples/prod.snapshot.json.gz;
 * test/demo-snapshot.test.ts fails when the committed file is stale.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { readSnapshot, snapshotOf, writeSnapshot } from '../src/inventory/snapshot.js';
import { runCli } from '../src/cli/main.js';
import { VERSION } from '../src/cli/version.js';
import { startFakeAws } from './fakes/aws/index.js';
import { loadFixtureAccount } from './fixtures/account/aws/index.js';
import { loadFixtureCluster } from './fakes/kube/fixture-cluster.js';
import { writeFakeKubeconfig } from './fakes/kube/kubeconfig.js';
import { startFakeKube } from './fakes/kube/server.js';

export const DEMO_SNAPSHOT = new URL('../examples/prod.snapshot.json.gz', import.meta.url).pathname;
export const DEMO_COLLECTED_AT = '2026-11-02T08:00:00.000Z';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Collects the fixture account into `file`; returns the collect command's exit code. */
export async function makeDemoSnapshot(file: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-demo-'));
  const fixture = loadFixtureCluster();
  const aws = await startFakeAws({ account: loadFixtureAccount() });
  const kube = await startFakeKube({ objects: fixture.objects, configz: fixture.configz, token: 'fixture-token' });
  const raw = join(dir, 'raw.snapshot.json.gz');
  const stderr = new Sink();
  try {
    const code = await runCli(['collect', '--name', 'prod', '--region', 'eu-west-1', '--kubelet-config', '-o', raw], {
      stdout: new Sink(),
      stderr,
      stdin: Readable.from([]),
      env: {
        HOME: dir,
        KUBECONFIG: writeFakeKubeconfig(dir, kube.url),
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'fixture-secret',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      cwd: dir,
    });
    if (code !== 0) throw new Error(`collect exited ${code}: ${stderr.text}`);
    const { inventory } = readSnapshot(raw);
    writeSnapshot(file, snapshotOf(inventory, { toolVersion: VERSION, collectedAt: DEMO_COLLECTED_AT }));
    return code;
  } finally {
    await kube.close();
    await aws.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  await makeDemoSnapshot(DEMO_SNAPSHOT);
  console.log(`wrote ${DEMO_SNAPSHOT}`);
}
