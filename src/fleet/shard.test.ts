import { describe, expect, it } from 'vitest';
import { clusterFilter, matchesGlob } from './cluster-filter.js';
import { inShard, parseShard, shardOf } from './shard.js';

const arns = Array.from({ length: 200 }, (_, i) => ({ arn: `arn:aws:eks:eu-west-1:${String(100000000000 + i)}:cluster/c-${i}` }));

describe('shards', () => {
  it('parses i/n, 0-based, and refuses what a Job could not mean', () => {
    expect(parseShard('3/16')).toEqual({ index: 3, count: 16 });
    expect(parseShard(' 0 / 1 ')).toEqual({ index: 0, count: 1 });
    expect(() => parseShard('16/16')).toThrow('--shard index must be from 0 to 15 (it is 0-based, like JOB_COMPLETION_INDEX), not 16');
    expect(() => parseShard('1/0')).toThrow('--shard count must be from 1 to 10000, not 0');
    expect(() => parseShard('-1/4')).toThrow('--shard must be INDEX/COUNT');
    expect(() => parseShard('$(JOB_COMPLETION_INDEX)/4')).toThrow('--shard must be INDEX/COUNT');
  });

  it('covers every cluster exactly once, spread evenly', () => {
    const shards = [0, 1, 2, 3].map((index) => inShard(arns, { index, count: 4 }));
    expect(shards.flat().map((entry) => entry.arn).sort()).toEqual(arns.map((entry) => entry.arn).sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(30);
  });

  it('keeps a cluster in its shard whatever else is discovered, in any order', () => {
    const before = new Map(arns.map((entry) => [entry.arn, shardOf(entry.arn, 5)]));
    const more = [...arns, ...Array.from({ length: 50 }, (_, i) => ({ arn: `arn:aws:eks:us-east-1:999999999999:cluster/new-${i}` }))].reverse();
    for (let index = 0; index < 5; index += 1) {
      for (const entry of inShard(more, { index, count: 5 })) if (before.has(entry.arn)) expect(before.get(entry.arn)).toBe(index);
    }
  });
});

describe('cluster filter', () => {
  it('matches whole names with * and ?, excludes win, tags must all match one of their values', () => {
    expect(matchesGlob('prod-*', 'prod-eu')).toBe(true);
    expect(matchesGlob('prod-*', 'preprod-eu')).toBe(false);
    expect(matchesGlob('pay?', 'pay1')).toBe(true);
    expect(matchesGlob('pay?', 'pay12')).toBe(false);
    expect(matchesGlob('a.b', 'axb')).toBe(false);
    const filter = clusterFilter({ include: ['prod-*', 'pay*'], exclude: ['*-sandbox'], tags: { env: ['prod', 'staging'], team: ['platform'] } });
    expect(filter.byName('prod-sandbox')).toBe(false);
    expect(filter.byName('dev-eu')).toBe(false);
    expect(filter.takes('prod-eu', { env: 'prod', team: 'platform', other: 'x' })).toBe(true);
    expect(filter.takes('prod-eu', { env: 'dev', team: 'platform' })).toBe(false);
    expect(filter.takes('prod-eu', { env: 'prod' })).toBe(false);
    // An inherited property is not a tag.
    expect(clusterFilter({ include: [], exclude: [], tags: { toString: ['x'] } }).takes('a', {})).toBe(false);
    expect(clusterFilter({ include: [], exclude: [], tags: {} }).takes('anything', {})).toBe(true);
  });
});
