/**
 * `--shard i/n`: the clusters one of n workers takes. A cluster's shard is a hash of its ARN,
 * modulo n, so it never moves when other clusters appear or the discovery order changes, and a
 * Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` is 0-based) covers the fleet exactly once.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  index: number;
  count: number;
}

/** Most shards: more pods than this is not a fleet any Job would run. */
export const MAX_SHARDS = 10_000;

export class ShardError extends Error {}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ShardError(`--shard must be INDEX/COUNT (0-based, e.g. 0/4), not "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new ShardError(`--shard count must be from 1 to ${MAX_SHARDS}, not ${count}`);
  if (index >= count) throw new ShardError(`--shard index must be from 0 to ${count - 1} (it is 0-based, like JOB_COMPLETION_INDEX), not ${index}`);
  return { index, count };
}

/** The shard of a cluster: the first 48 bits of SHA-256 of its ARN, modulo `count`. */
export function shardOf(arn: string, count: number): number {
  const hex = createHash('sha256').update(arn).digest('hex').slice(0, 12);
  return parseInt(hex, 16) % count;
}

export function inShard<T extends { arn: string }>(clusters: readonly T[], shard: Shard): T[] {
  return clusters.filter((cluster) => shardOf(cluster.arn, shard.count) === shard.index);
}
