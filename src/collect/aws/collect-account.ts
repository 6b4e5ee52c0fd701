/**
 * Account-level services the checks read around the cluster: the Secrets KMS key, the
 * control-plane log group, GuardDuty, Inspector, ECR and the load balancers the cluster's
 * controllers created.
 */
import { paginateDescribeLogGroups, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetRegistryScanningConfigurationCommand,
  GetRepositoryPolicyCommand,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import type { Cluster } from '@aws-sdk/client-eks';
import {
  DescribeTagsCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetDetectorCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { BatchGetAccountStatusCommand } from '@aws-sdk/client-inspector2';
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import type { AwsSnapshotData, PolicyDocument, Wire } from '../../model/index.js';
import type { AwsSession } from './session.js';
import { parsePolicyDocument, toWire } from './wire.js';

/** The KMS keys that envelope-encrypt the cluster's Secrets. */
export async function collectKms(session: AwsSession, cluster: Wire<Cluster>, out: AwsSnapshotData): Promise<void> {
  const keyArns = [...new Set((cluster.encryptionConfig ?? []).map((config) => config.provider?.keyArn).filter((arn): arn is string => !!arn))];
  if (keyArns.length === 0) return;
  const { kms } = session.clients;
  const keys = await Promise.all(
    keyArns.map(async (KeyId) => {
      const [described, rotation] = await Promise.all([
        session.call('kms:DescribeKey', KeyId, () => kms.send(new DescribeKeyCommand({ KeyId }))),
        session.call('kms:GetKeyRotationStatus', KeyId, () => kms.send(new GetKeyRotationStatusCommand({ KeyId }))),
      ]);
      // Without the key's metadata a record would read as a key in an unknown state; the
      // recorded error says why it is missing instead.
      if (!described?.KeyMetadata) return undefined;
      return {
        KeyMetadata: toWire(described.KeyMetadata),
        ...(rotation?.KeyRotationEnabled !== undefined ? { KeyRotationEnabled: rotation.KeyRotationEnabled } : {}),
      };
    }),
  );
  // A key that could not be described leaves the list unknown, never "no key".
  if (keys.every((key) => key !== undefined)) out.kms = { keys };
}

/** The control-plane log group `/aws/eks/<name>/cluster` and its metric filters. */
export async function collectLogs(session: AwsSession, clusterName: string, out: AwsSnapshotData): Promise<void> {
  const client = session.clients.logs;
  const name = `/aws/eks/${clusterName}/cluster`;
  const groups = await session.list(
    'logs:DescribeLogGroups',
    name,
    paginateDescribeLogGroups({ client, stopOnSameToken: true }, { logGroupNamePrefix: name }),
    // The prefix also matches `/aws/eks/<name>/cluster-archive` and the like; only the exact
    // group is the one EKS writes to.
    (page) => (page.logGroups ?? []).filter((group) => group.logGroupName === name),
  );
  if (!groups) return;
  const logs: NonNullable<AwsSnapshotData['logs']> = { logGroups: groups.map(toWire) };
  out.logs = logs;
  if (groups.length === 0) return;
  const filters = await session.list(
    'logs:DescribeMetricFilters',
    name,
    paginateDescribeMetricFilters({ client, stopOnSameToken: true }, { logGroupName: name }),
    (page) => page.metricFilters,
  );
  if (filters) logs.metricFilters = filters.map(toWire);
}

export async function collectGuardDuty(session: AwsSession, out: AwsSnapshotData): Promise<void> {
  const client = session.clients.guardduty;
  const ids = await session.list('guardduty:ListDetectors', undefined, paginateListDetectors({ client, stopOnSameToken: true }, {}), (page) => page.DetectorIds);
  if (!ids) return;
  const detectors = await Promise.all(
    ids.map(async (DetectorId) => {
      const detector = await session.call('guardduty:GetDetector', DetectorId, () => client.send(new GetDetectorCommand({ DetectorId })));
      if (!detector) return undefined;
      const { $metadata: _metadata, ...rest } = detector;
      return { DetectorId, ...toWire(rest) };
    }),
  );
  // `detectors: []` means GuardDuty is off; a detector that could not be read is not that.
  if (detectors.every((detector) => detector !== undefined)) out.guardduty = { detectors };
}

export async function collectInspector(session: AwsSession, accountId: string | undefined, out: AwsSnapshotData): Promise<void> {
  const client = session.clients.inspector2;
  const result = await session.call('inspector2:BatchGetAccountStatus', accountId, () =>
    client.send(new BatchGetAccountStatusCommand(accountId ? { accountIds: [accountId] } : {})),
  );
  if (!result) return;
  const failed = (result.failedAccounts ?? []).find((account) => account.accountId === accountId);
  if (failed) {
    session.record('inspector2:BatchGetAccountStatus', accountId, { name: failed.errorCode ?? 'Failed', message: failed.errorMessage ?? 'account status unavailable' });
  }
  out.inspector2 = { accounts: (result.accounts ?? []).map(toWire) };
}

export async function collectEcr(session: AwsSession, out: AwsSnapshotData): Promise<void> {
  const client = session.clients.ecr;
  const ecr: NonNullable<AwsSnapshotData['ecr']> = {};
  const repositories = async (): Promise<void> => {
    const found = await session.list('ecr:DescribeRepositories', undefined, paginateDescribeRepositories({ client, stopOnSameToken: true }, {}), (page) => page.repositories);
    if (!found) return;
    ecr.repositories = found.map(toWire);
    const policies: Record<string, PolicyDocument> = {};
    await Promise.all(
      found.map(async ({ repositoryName, registryId }) => {
        if (!repositoryName) return;
        const result = await session.call(
          'ecr:GetRepositoryPolicy',
          repositoryName,
          () => client.send(new GetRepositoryPolicyCommand({ repositoryName, ...(registryId ? { registryId } : {}) })),
          { absentOn: ['RepositoryPolicyNotFoundException'] },
        );
        if (!result?.policyText) return;
        try {
          policies[repositoryName] = parsePolicyDocument(result.policyText, false);
        } catch (error) {
          session.record('ecr:GetRepositoryPolicy', repositoryName, error);
        }
      }),
    );
    ecr.repositoryPolicies = Object.fromEntries(
      found.flatMap(({ repositoryName }) => (repositoryName && policies[repositoryName] ? [[repositoryName, policies[repositoryName]]] : [])),
    );
  };
  const scanning = async (): Promise<void> => {
    const result = await session.call('ecr:GetRegistryScanningConfiguration', undefined, () =>
      client.send(new GetRegistryScanningConfigurationCommand({})),
    );
    if (result?.scanningConfiguration) ecr.registryScanningConfiguration = toWire(result.scanningConfiguration);
  };
  await Promise.all([repositories(), scanning()]);
  out.ecr = ecr;
}

const TAG_BATCH = 20;

/** Tags the AWS Load Balancer Controller and the in-tree service controller put on what they create. */
function belongsToCluster(tags: ReadonlyArray<{ Key?: string; Value?: string }>, clusterName: string): boolean {
  return tags.some(
    (tag) => (tag.Key === 'elbv2.k8s.aws/cluster' && tag.Value === clusterName) || tag.Key === `kubernetes.io/cluster/${clusterName}`,
  );
}

export async function collectLoadBalancers(session: AwsSession, clusterName: string, vpcId: string | undefined, out: AwsSnapshotData): Promise<void> {
  const client = session.clients.elasticloadbalancing;
  const all = await session.list('elasticloadbalancing:DescribeLoadBalancers', undefined, paginateDescribeLoadBalancers({ client, stopOnSameToken: true }, {}), (page) =>
    // Only the cluster's VPC can hold its load balancers; fewer tags to fetch.
    (page.LoadBalancers ?? []).filter((balancer) => !vpcId || balancer.VpcId === vpcId),
  );
  if (!all) return;
  const arns = all.map((balancer) => balancer.LoadBalancerArn).filter((arn): arn is string => !!arn);
  const batches: string[][] = [];
  for (let i = 0; i < arns.length; i += TAG_BATCH) batches.push(arns.slice(i, i + TAG_BATCH));
  const owned = new Set<string>();
  let tagsComplete = true;
  await Promise.all(
    batches.map(async (ResourceArns) => {
      const result = await session.call('elasticloadbalancing:DescribeTags', undefined, () => client.send(new DescribeTagsCommand({ ResourceArns })));
      if (!result) tagsComplete = false;
      for (const description of result?.TagDescriptions ?? []) {
        if (description.ResourceArn && belongsToCluster(description.Tags ?? [], clusterName)) owned.add(description.ResourceArn);
      }
    }),
  );
  // Without every tag the cluster's set is unknown: keep nothing rather than a partial set.
  if (!tagsComplete) return;
  const balancers: LoadBalancer[] = all.filter((balancer) => balancer.LoadBalancerArn && owned.has(balancer.LoadBalancerArn));
  const listeners = await Promise.all(
    balancers.map((balancer) =>
      session.list(
        'elasticloadbalancing:DescribeListeners',
        balancer.LoadBalancerArn,
        paginateDescribeListeners({ client, stopOnSameToken: true }, { LoadBalancerArn: balancer.LoadBalancerArn }),
        (page) => page.Listeners,
      ),
    ),
  );
  out.elbv2 = {
    loadBalancers: balancers.map(toWire),
    listeners: listeners.flatMap((found) => found ?? []).map(toWire),
  };
}
