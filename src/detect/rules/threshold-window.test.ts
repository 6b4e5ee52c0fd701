import { describe, expect, it } from 'vitest';
import { loadRules } from './load-rules.js';
import { parseDuration, ThresholdWindows, type RuleThreshold } from './threshold-window.js';

const byUser: RuleThreshold = { count: 3, windowMs: 60_000, by: [['user']] };
const event = (user: string, name = 'x') => ({ user, name });

describe('ThresholdWindows', () => {
  it('fires when the count is reached within the window, once per burst', () => {
    const windows = new ThresholdWindows(byUser);
    expect(windows.observe(event('alice'), 0)).toBeUndefined();
    expect(windows.observe(event('alice'), 10_000)).toBeUndefined();
    expect(windows.observe(event('alice'), 20_000)).toEqual({ count: 3, key: ['alice'], firstMs: 0 });
    // the rest of the burst is quiet for a window
    for (let t = 21_000; t < 80_000; t += 1_000) expect(windows.observe(event('alice'), t)).toBeUndefined();
    // then a new burst fires again
    expect(windows.observe(event('alice'), 81_000)).toBeUndefined();
    expect(windows.observe(event('alice'), 82_000)).toBeUndefined();
    expect(windows.observe(event('alice'), 83_000)?.firstMs).toBe(81_000);
  });

  it('slides: events older than the window no longer count', () => {
    const windows = new ThresholdWindows(byUser);
    windows.observe(event('alice'), 0);
    windows.observe(event('alice'), 50_000);
    expect(windows.observe(event('alice'), 61_000)).toBeUndefined(); // the first fell out
    expect(windows.observe(event('alice'), 62_000)?.firstMs).toBe(50_000);
  });

  it('never makes up a burst from events out of order', () => {
    const hour = 3_600_000;
    const windows = new ThresholdWindows({ count: 20, windowMs: 300_000, by: [] });
    // ten events an hour apart on one day, then nineteen an hour apart a week earlier
    for (let i = 0; i < 10; i++) expect(windows.observe(event('a'), 7 * 24 * hour + i * hour)).toBeUndefined();
    for (let i = 0; i < 19; i++) expect(windows.observe(event('a'), i * hour)).toBeUndefined();
    expect(windows.late).toBe(19);
    const small = new ThresholdWindows(byUser);
    expect([100_000, 150_000, 0].map((t) => small.observe(event('alice'), t))).toEqual([undefined, undefined, undefined]);
  });

  it('counts events slightly out of order inside the window', () => {
    const windows = new ThresholdWindows(byUser);
    expect(windows.observe(event('alice'), 50_000)).toBeUndefined();
    expect(windows.observe(event('alice'), 20_000)).toBeUndefined();
    expect(windows.observe(event('alice'), 40_000)).toEqual({ count: 3, key: ['alice'], firstMs: 20_000 });
  });

  it('bounds the entries of all keys together', () => {
    const windows = new ThresholdWindows({ count: 1_000, windowMs: 60_000, by: [['user']] }, 10_000, 500);
    for (let i = 0; i < 2_000; i++) windows.observe(event(`user-${i % 20}`), i);
    expect(windows.evicted).toBeGreaterThan(0);
    expect(windows.entryCount).toBeLessThanOrEqual(500);
  });

  it('keeps keys apart', () => {
    const windows = new ThresholdWindows(byUser);
    for (const user of ['alice', 'bob', 'alice', 'bob']) expect(windows.observe(event(user), 1_000)).toBeUndefined();
    expect(windows.observe(event('bob'), 2_000)?.key).toEqual(['bob']);
  });

  it('counts distinct values when asked', () => {
    const windows = new ThresholdWindows({ ...byUser, distinct: ['name'] });
    for (let i = 0; i < 10; i++) expect(windows.observe(event('alice', 'same'), i)).toBeUndefined();
    expect(windows.observe(event('alice', 'b'), 20)).toBeUndefined();
    expect(windows.observe(event('alice', 'c'), 30)).toEqual({ count: 3, key: ['alice'], firstMs: 9 });
  });

  it('bounds memory: least recently used keys are evicted', () => {
    const windows = new ThresholdWindows(byUser, 100);
    for (let i = 0; i < 10_000; i++) windows.observe(event(`user-${i}`), i);
    expect(windows.size).toBe(100);
    expect(windows.evicted).toBe(9_900);
    const observeAll = (windows: ThresholdWindows, users: string[]) => users.map((user, t) => windows.observe(event(user), t)).at(-1);
    // alice's two counts are lost once three other keys pushed her out...
    expect(observeAll(new ThresholdWindows(byUser, 3), ['alice', 'alice', 'u1', 'u2', 'u3', 'alice'])).toBeUndefined();
    // ...but kept when she was used more recently than the key evicted instead
    expect(observeAll(new ThresholdWindows(byUser, 3), ['alice', 'u1', 'alice', 'u2', 'u3', 'alice'])).toBeDefined();
  });

  it('keeps at most count entries per key, whatever the rate', () => {
    const windows = new ThresholdWindows({ count: 1_000_000, windowMs: 60_000, by: [] });
    for (let i = 0; i < 200_000; i++) windows.observe(event('a'), i);
    expect(windows.size).toBe(1);
  });
});

describe('parseDuration', () => {
  it.each([
    ['60s', 60_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1.5m', 90_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['60', 'm', '1d', '-5s', ''])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('threshold in rule files', () => {
  const ruleWith = (threshold: string) => `rules:
  - id: burst
    title: Burst rule
    description: A rule that fires on bursts of events.
    severity: low
    mitre: { tactic: discovery, technique: T1613 }
    source: k8s-audit
    condition: 'true'
    output: 'burst by {event.user.username}'
    threshold: ${threshold}
`;
  it('loads a valid threshold', () => {
    const loaded = loadRules([{ file: 'b.yaml', text: ruleWith('{ count: 5, window: 2m, by: [user.username], distinct: objectRef.name }') }]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.rules[0]?.threshold).toEqual({ count: 5, windowMs: 120_000, by: [['user', 'username']], distinct: ['objectRef', 'name'] });
  });
  it.each([
    ['{ count: 1, window: 1m, by: [user.username] }', 'threshold.count', 'whole number from 2'],
    ['{ count: 5, window: 2d, by: [user.username] }', 'threshold.window', 'duration up to 24h'],
    ['{ count: 5, window: 1m, by: user.username }', 'threshold.by', 'list of field paths'],
    ['{ count: 5, window: 1m, by: ["user..name"] }', 'threshold.by', 'bad field path'],
    ['{ count: 5, window: 1m, by: [], per: x }', 'threshold.per', 'unknown field'],
    ['5', 'threshold', 'must be a mapping'],
  ])('reports %s at %s', (threshold, field, message) => {
    const loaded = loadRules([{ file: 'b.yaml', text: ruleWith(threshold) }]);
    expect(loaded.rules).toEqual([]);
    expect(loaded.errors).toEqual([expect.objectContaining({ file: 'b.yaml', line: 10, ruleId: 'burst', field, message: expect.stringContaining(message) })]);
  });
});
