/**
 * One SDK v3 client per service, sharing region, credentials (the standard Node.js provider
 * chain unless given; `profile` selects a shared-config profile), the retry strategy and the
 * concurrency limit. Endpoints can be overridden per service (local fakes, VPC endpoints).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient, type EKSClientConfig } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import type { Limiter } from './limiter.js';
import type { AwsService } from './operations.js';
import type { BackoffRetryStrategy } from './retry.js';

export type AwsCredentials = EKSClientConfig['credentials'];

export interface ClientSettings {
  region: string;
  profile?: string;
  credentials?: AwsCredentials;
  endpoints?: Partial<Record<AwsService, string>>;
  retryStrategy: BackoffRetryStrategy;
  maxAttempts: number;
  limiter: Limiter;
  /** Called for every HTTP attempt, retries included. */
  onRequest: () => void;
  /** Once aborted, every request in flight is cancelled and none is sent. */
  signal?: AbortSignal;
}

export interface AwsClients {
  sts: STSClient;
  eks: EKSClient;
  ec2: EC2Client;
  iam: IAMClient;
  kms: KMSClient;
  logs: CloudWatchLogsClient;
  guardduty: GuardDutyClient;
  inspector2: Inspector2Client;
  ecr: ECRClient;
  elasticloadbalancing: ElasticLoadBalancingV2Client;
}

interface Stack {
  add(middleware: unknown, options: { step: string; name: string; priority?: string }): void;
}

type Send = (command: unknown, options?: object) => Promise<unknown>;

/**
 * Every `send` of the client carries the signal as its `abortSignal`, whoever calls it (the
 * collectors and the SDK's paginators alike), so no call can be left out: the HTTP handler
 * destroys a request in flight when the signal aborts and refuses to start one after.
 */
function sendWithSignal<C extends { send: unknown }>(client: C, signal: AbortSignal): void {
  const send = (client.send as Send).bind(client);
  (client as { send: Send }).send = (command, options) => send(command, { ...options, abortSignal: signal });
}

/**
 * The limiter wraps the whole call, retries and backoff included, so a throttled service sees
 * fewer requests in flight; the counter sits inside the retry loop and sees every attempt. A
 * call that waited for its turn past the signal's abort is not started.
 */
function instrument<C extends { middlewareStack: unknown; send: unknown }>(client: C, settings: ClientSettings): C {
  const stack = client.middlewareStack as Stack;
  const { signal } = settings;
  if (signal) sendWithSignal(client, signal);
  stack.add(
    (next: (args: unknown) => Promise<unknown>) => (args: unknown) =>
      settings.limiter.run(() => {
        signal?.throwIfAborted();
        return next(args);
      }),
    { step: 'initialize', name: 'eksguardConcurrencyLimit', priority: 'high' },
  );
  stack.add(
    (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
      settings.onRequest();
      return next(args);
    },
    { step: 'finalizeRequest', name: 'eksguardRequestCounter', priority: 'low' },
  );
  return client;
}

export function createClients(settings: ClientSettings): AwsClients {
  const config = (service: AwsService) => ({
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    retryStrategy: settings.retryStrategy,
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    ...(settings.endpoints?.[service] !== undefined ? { endpoint: settings.endpoints[service] } : {}),
  });
  return {
    sts: instrument(new STSClient(config('sts')), settings),
    eks: instrument(new EKSClient(config('eks')), settings),
    ec2: instrument(new EC2Client(config('ec2')), settings),
    iam: instrument(new IAMClient(config('iam')), settings),
    kms: instrument(new KMSClient(config('kms')), settings),
    logs: instrument(new CloudWatchLogsClient(config('logs')), settings),
    guardduty: instrument(new GuardDutyClient(config('guardduty')), settings),
    inspector2: instrument(new Inspector2Client(config('inspector2')), settings),
    ecr: instrument(new ECRClient(config('ecr')), settings),
    elasticloadbalancing: instrument(new ElasticLoadBalancingV2Client(config('elasticloadbalancing')), settings),
  };
}

export function destroyClients(clients: AwsClients): void {
  const all: Array<{ destroy(): void }> = [
    clients.sts, clients.eks, clients.ec2, clients.iam, clients.kms,
    clients.logs, clients.guardduty, clients.inspector2, clients.ecr, clients.elasticloadbalancing,
  ];
  for (const client of all) client.destroy();
}
