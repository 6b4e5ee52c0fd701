/**
 * Collection benchmark: the real collectors (client-node, AWS SDK v3) against the local fakes,
 * 20,000 Kubernetes objects and 500 IAM roles. The fakes run in this process too, so peak RSS
 * and CPU include them; the figures bound the collector from above. Prints JSON.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectAws } from '../src/collect/aws/index.js';
import { collectKubernetes } from '../src/collect/kube/index.js';
import { loadFixtureAccount } from '../test/fixtures/account/aws/index.js';
import { startFakeAwsWithRoles } from '../test/fakes/aws/bench-account.js';
import { writeFakeKubeconfig } from '../test/fakes/kube/kubeconfig.js';
import { largeCluster } from '../test/fakes/kube/large-cluster.js';
import { startFakeKube } from '../test/fakes/kube/server.js';

const objects = Number(process.argv[2] ?? 20_000);
const roles = Number(process.argv[3] ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'eksguard-bench-collect-'));

const kube = await startFakeKube({ objects: largeCluster(objects), token: 'fixture-token', record: false });
const { fake: aws, roleArns } = await startFakeAwsWithRoles(loadFixtureAccount(), roles);
try {
  const kubeStart = performance.now();
  const kubeResult = await collectKubernetes({ kubeconfig: writeFakeKubeconfig(dir, kube.url), env: { HOME: dir } });
  const kubeMs = performance.now() - kubeStart;

  const awsStart = performance.now();
  const awsResult = await collectAws({
    cluster: 'prod',
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'bench-secret' },
    endpoints: Object.fromEntries(['sts', 'eks', 'ec2', 'iam', 'kms', 'logs', 'guardduty', 'inspector2', 'ecr', 'elasticloadbalancing'].map((service) => [service, aws.url])),
    extraRoleArns: roleArns,
  });
  const awsMs = performance.now() - awsStart;
  console.log(
    JSON.stringify({
      kubernetes: { objects: kubeResult.objects.length, requests: kubeResult.requests, errors: kubeResult.errors.length, ms: kubeMs },
      aws: { roles: awsResult.aws.iam?.roles?.length ?? 0, requests: awsResult.stats.requests, errors: awsResult.errors.length, ms: awsMs },
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
} finally {
  await kube.close();
  await aws.close();
}
