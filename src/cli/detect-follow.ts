/**
 * `eksguard detect --follow --cluster NAME --region R`: the cluster's audit log read live from
 * CloudWatch Logs, resumable from a checkpoint file.
 */
import { resolve } from 'node:path';
import { CheckpointError } from '../detect/sources/checkpoint-store.js';
import { followCluster, FollowError } from '../detect/sources/cloudwatch-follow.js';
import { parseDuration } from '../detect/rules/threshold-window.js';
import { awsEndpoints, envCredentials } from './cluster-source.js';
import { displayPath } from './detect-rules.js';
import { openDetectSession, type DetectCommonOptions } from './detect-session.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { findOwnCluster, podIssuerRegion, podTokenFile } from './own-cluster.js';

export interface FollowFlags {
  follow?: boolean;
  cluster?: string;
  region?: string;
  profile?: string;
  checkpoint?: string;
  pollInterval: string;
  lookback: string;
  sweepInterval: string;
  once?: boolean;
}

function durationFlag(text: string, flag: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} must be a duration like 10s or 5m, not "${text}"`);
  return ms;
}

export async function runFollow(io: CliIo, options: DetectCommonOptions & FollowFlags): Promise<number> {
  // Without --cluster inside an EKS pod (the Helm chart's detector): the pod's own cluster.
  const own =
    !options.cluster && podTokenFile(io.env)
      ? await findOwnCluster({
          env: io.env,
          nameFlag: '--cluster',
          ...(options.region !== undefined ? { region: options.region } : {}),
          ...(options.profile !== undefined ? { profile: options.profile } : {}),
        })
      : undefined;
  if (own) io.stderr.write(`eksguard: following EKS cluster ${own.name} (${own.region}), found by the OIDC issuer of the pod's service-account token\n`);
  const cluster = options.cluster ?? own?.name;
  if (!cluster) throw new UsageError('--follow needs --cluster NAME (the EKS cluster whose audit log to read)');
  const region = options.region || own?.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || podIssuerRegion(io);
  if (!region) throw new UsageError('--follow needs --region (or AWS_REGION)');
  const pollIntervalMs = durationFlag(options.pollInterval, '--poll-interval');
  const lookbackMs = durationFlag(options.lookback, '--lookback');
  const sweepIntervalMs = durationFlag(options.sweepInterval, '--sweep-interval');
  const checkpointFile = resolve(io.cwd, options.checkpoint ?? `eksguard-follow-${cluster}-${region}.json`);
  const show = (file: string) => displayPath(io, file);
  const session = await openDetectSession(io, options, 'detect', show);

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const endpoint = awsEndpoints(io.env).logs;
  const credentials = envCredentials(io.env, options.profile);
  const source = followCluster({
    cluster,
    region,
    checkpointFile,
    pollIntervalMs,
    lookbackMs,
    sweepIntervalMs,
    signal: controller.signal,
    ...(options.once ? { untilCaughtUp: true } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(credentials ? { credentials } : {}),
    onRetry: ({ attempt, delayMs, error }) => io.stderr.write(`eksguard detect: CloudWatch Logs: ${error.name}: ${error.message.split('\n')[0]} (attempt ${attempt}, retrying in ${(delayMs / 1000).toFixed(1)} s)\n`),
  });
  if (io.stderr.isTTY) io.stderr.write(`eksguard detect: following /aws/eks/${cluster}/cluster in ${region} (checkpoint ${show(checkpointFile)}); Ctrl-C stops\n`);
  const summary = () => {
    const { polls, sweeps, pages, retries, duplicates, late } = source.follow;
    return [`follow: ${polls} poll(s) (${sweeps} lookback sweep(s)), ${pages} page(s), ${retries} retried request(s), ${duplicates} already-seen event(s) skipped, ${late} late event(s)`];
  };
  try {
    return await session.complete(() => session.pipeline.runBatches(source), () => source.stats, summary);
  } catch (error) {
    // AWS said no (missing log group, access denied) or the checkpoint is unusable: the summary is out, say why.
    if (error instanceof FollowError || error instanceof CheckpointError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
