/**
 * A fleet for tests: several AWS accounts behind one fake AWS endpoint (the caller's own account
 * plus roles to assume in the others), EKS clusters in several regions, and a Kubernetes API
 * server per cluster over HTTPS that accepts only an EKS token signed with the credentials of
 * the cluster's own account, for that cluster. Each account is the fixture account (test/
 * fixtures/account/aws) moved to its own account id, its clusters described like the fixture
 * cluster under their own names (a cluster named `prod` also keeps the fixture's node groups,
 * add-ons and access entries). A cluster's API server can hang, or drop its first connections,
 * to test timeouts and retries.
 */
import { createServer as createHttpsServer, type Server } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster } from '@aws-sdk/client-eks';
import type { K8sObject, Wire } from '../../../src/model/index.js';
import { loadFixtureAccount, FIXTURE_ACCOUNT_ID } from '../../fixtures/account/aws/index.js';
import { decodeEksToken, verifyEksToken } from '../kube/eks-token-verifier.js';
import { loadFixtureCluster } from '../kube/fixture-cluster.js';
import { startFakeKube, type FakeKube } from '../kube/server.js';
import { selfSignedCertificate } from '../kube/tls.js';
import type { FakeAccount } from './account.js';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from './server.js';

export interface FleetClusterSpec {
  name: string;
  region: string;
  tags?: Record<string, string>;
  version?: string;
  /** How its API server behaves: answers (default), never answers, or drops its first n connections. */
  kube?: 'ok' | 'hang' | { dropFirst: number };
}

export interface FleetAccountSpec {
  accountId: string;
  /** The role the fleet assumes; absent: the caller's own account (base credentials). */
  roleName?: string;
  externalId?: string;
  /** AssumeRole of this account's role is denied. */
  deny?: boolean;
  clusters: FleetClusterSpec[];
}

export interface FakeFleetCluster {
  name: string;
  region: string;
  accountId: string;
  arn: string;
  mode: NonNullable<FleetClusterSpec['kube']>;
  /** The fake API server behind the endpoint (absent when it hangs). */
  server?: FakeKube;
  /** Connections the endpoint dropped or left hanging. */
  readonly refused: number;
}

export interface FakeFleet {
  aws: FakeAws;
  clusters: FakeFleetCluster[];
  /** The environment a CLI run needs: endpoint and the caller's keys. */
  env: NodeJS.ProcessEnv;
  roleArn(accountId: string): string;
  close(): Promise<void>;
}

/** The caller's own keys, as the fixture account's tests use them. */
export const CALLER_KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture-secret' } as const;

/** A few namespaces of the fixture cluster: enough findings per cluster, quick to scan many times. */
const NAMESPACES = new Set(['kube-system', 'shop', 'dev-sandbox', 'ci']);

function kubeObjects(): K8sObject[] {
  return loadFixtureCluster().objects.filter((object) => !object.metadata?.namespace || NAMESPACES.has(object.metadata.namespace));
}

/** The fixture account as account `accountId`: every ARN and id moved, its clusters replaced. */
function accountFor(spec: FleetAccountSpec, clusters: Array<Wire<Cluster>>): FakeAccount {
  const moved = JSON.parse(JSON.stringify(loadFixtureAccount()).replaceAll(FIXTURE_ACCOUNT_ID, spec.accountId)) as FakeAccount;
  moved.eks.clusters = clusters;
  return moved;
}

interface Endpoint {
  url: string;
  refused: () => number;
  close: () => Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** An HTTPS endpoint that accepts requests and never answers them. */
async function hangingEndpoint(tls: { key: string; cert: string }): Promise<Endpoint> {
  let refused = 0;
  const server = createHttpsServer(tls, () => {
    refused += 1;
  });
  return { url: await listen(server), refused: () => refused, close: closer(server) };
}

/** An HTTPS endpoint that drops its first `count` requests, then forwards to `target`. */
async function droppingEndpoint(tls: { key: string; cert: string }, count: number, target: string): Promise<Endpoint> {
  let refused = 0;
  const server = createHttpsServer(tls, (req, res) => {
    if (refused < count) {
      refused += 1;
      req.socket.destroy();
      return;
    }
    const forward = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return { url: await listen(server), refused: () => refused, close: closer(server) };
}

export async function startFakeFleet(accounts: FleetAccountSpec[], options: Omit<FakeAwsOptions, 'account' | 'roles'> = {}): Promise<FakeFleet> {
  const tls = selfSignedCertificate();
  const caData = Buffer.from(tls.cert).toString('base64');
  const objects = kubeObjects();
  const fixtureCluster = loadFixtureAccount().eks.clusters[0] as Wire<Cluster>;
  const closers: Array<() => Promise<void>> = [];
  const clusters: FakeFleetCluster[] = [];
  const caller = accounts.find((account) => account.roleName === undefined);
  // Started last (it needs the accounts), read by the token checks of the API servers.
  const started: { aws?: FakeAws } = {};

  /** The secret a token's access key id stands for, if it belongs to the account. */
  const secretOf = (token: string, accountId: string): string | undefined => {
    const credential = decodeEksToken(token)?.searchParams.get('X-Amz-Credential') ?? '';
    const accessKeyId = credential.split('/')[0] ?? '';
    if (accessKeyId === CALLER_KEYS.accessKeyId) return caller?.accountId === accountId ? CALLER_KEYS.secretAccessKey : undefined;
    const issued = started.aws?.issued(accessKeyId);
    return issued?.account.accountId === accountId ? issued.secretAccessKey : undefined;
  };

  const fakeAccounts = new Map<string, FakeAccount>();
  for (const spec of accounts) {
    const wire: Array<Wire<Cluster>> = [];
    for (const cluster of spec.clusters) {
      const arn = `arn:aws:eks:${cluster.region}:${spec.accountId}:cluster/${cluster.name}`;
      const accepts = (token: string): boolean => {
        const secretAccessKey = secretOf(token, spec.accountId);
        return secretAccessKey !== undefined && verifyEksToken(token, { cluster: cluster.name, region: cluster.region, secretAccessKey });
      };
      const mode = cluster.kube ?? 'ok';
      let kube: FakeKube | undefined;
      let endpoint: Endpoint;
      if (mode === 'hang') {
        endpoint = await hangingEndpoint(tls);
      } else if (mode === 'ok') {
        kube = await startFakeKube({ objects, token: accepts, tls, record: true });
        endpoint = { url: kube.url, refused: () => 0, close: () => Promise.resolve() };
      } else {
        kube = await startFakeKube({ objects, token: accepts, record: true });
        endpoint = await droppingEndpoint(tls, mode.dropFirst, kube.url);
      }
      if (kube) closers.push(kube.close.bind(kube));
      closers.push(endpoint.close);
      clusters.push({
        name: cluster.name,
        region: cluster.region,
        accountId: spec.accountId,
        arn,
        mode,
        ...(kube ? { server: kube } : {}),
        get refused() {
          return endpoint.refused();
        },
      });
      wire.push({
        ...fixtureCluster,
        name: cluster.name,
        arn,
        version: cluster.version ?? fixtureCluster.version,
        endpoint: endpoint.url,
        certificateAuthority: { data: caData },
        tags: cluster.tags ?? {},
      });
    }
    fakeAccounts.set(spec.accountId, accountFor(spec, wire));
  }

  const callerAccount = caller ? (fakeAccounts.get(caller.accountId) as FakeAccount) : accountFor({ accountId: '999988887777', clusters: [] }, []);
  const roleArn = (accountId: string): string => {
    const spec = accounts.find((account) => account.accountId === accountId);
    return `arn:aws:iam::${accountId}:role/${spec?.roleName ?? 'eksguard-reader'}`;
  };
  const aws = await startFakeAws({
    ...options,
    account: callerAccount,
    roles: accounts
      .filter((spec) => spec.roleName !== undefined)
      .map((spec) => ({
        roleArn: roleArn(spec.accountId),
        account: fakeAccounts.get(spec.accountId) as FakeAccount,
        ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}),
        ...(spec.deny ? { deny: true } : {}),
      })),
  });
  started.aws = aws;
  return {
    aws,
    clusters,
    env: { AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: CALLER_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: CALLER_KEYS.secretAccessKey },
    roleArn,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
      await aws.close();
    },
  };
}
