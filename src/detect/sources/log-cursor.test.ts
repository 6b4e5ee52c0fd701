import { describe, expect, it } from 'vitest';
import { LogCursor, eventKey, type CursorEntry } from './log-cursor.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 4, 12, 10, 0, 0);

function takeAll(cursor: LogCursor, events: CursorEntry[]): CursorEntry[] {
  return events.filter(([id, timestamp]) => cursor.take(id, timestamp));
}

describe('LogCursor', () => {
  it('starts a fresh follow one lookback before now', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, 5 * MIN), 5 * MIN);
    expect(cursor.queryStart()).toBe(T0 - 5 * MIN);
  });

  it('hands an event out once, however often the lookback returns it', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, 5 * MIN), 5 * MIN);
    expect(cursor.take('a', T0 + 1000)).toBe(true);
    expect(cursor.take('a', T0 + 1000)).toBe(false);
    cursor.acknowledge([['a', T0 + 1000]]);
    expect(cursor.take('a', T0 + 1000)).toBe(false);
    expect(cursor.queryStart()).toBe(T0 + 1000 - 5 * MIN);
  });

  it('keeps the watermark below an unacknowledged batch even when a later one is acknowledged first', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, MIN), MIN);
    const first = takeAll(cursor, [['a', T0 + 10_000], ['b', T0 + 20_000]]);
    const second = takeAll(cursor, [['c', T0 + 5 * MIN]]);
    cursor.acknowledge(second);
    const state = cursor.state();
    expect(state.watermark).toBe(T0 + 10_000 - 1);
    // A restart reads from seenFrom: a and b come back, c is recognised.
    expect(state.seenFrom).toBeLessThanOrEqual(T0 + 10_000);
    expect(state.seen.map(([, key]) => key)).toEqual(['c']);
    cursor.acknowledge(first);
    expect(cursor.state().watermark).toBe(T0 + 5 * MIN);
  });

  it('does not let the watermark jump over an event skipped before a restart', () => {
    // Run 1: a (t+100) handed out, never acknowledged; c (t+200) acknowledged.
    const run1 = new LogCursor(LogCursor.fresh(T0, 50), 50);
    takeAll(run1, [['a', T0 + 100]]);
    const later = takeAll(run1, [['c', T0 + 200]]);
    run1.acknowledge(later);
    const saved = run1.state();
    expect(saved.watermark).toBe(T0 + 99);
    // Run 2 reads a late event on its first page and acknowledges it before reaching a.
    const run2 = new LogCursor(saved, 50);
    expect(run2.queryStart()).toBeLessThanOrEqual(T0 + 100);
    run2.acknowledge(takeAll(run2, [['late', T0 + 60]]));
    expect(run2.state().watermark).toBeLessThan(T0 + 100);
    expect(run2.take('c', T0 + 200)).toBe(false);
    expect(run2.take('a', T0 + 100)).toBe(true);
  });

  it('reaches back to an abandoned batch and hands its events out again', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, MIN), MIN);
    const batch = takeAll(cursor, [['a', T0 + 1000], ['b', T0 + 2000]]);
    cursor.acknowledge(takeAll(cursor, [['c', T0 + 10 * MIN]]));
    cursor.abandon(batch);
    expect(cursor.queryStart()).toBe(T0 + 1000);
    expect(cursor.state().watermark).toBe(T0 + 1000 - 1);
    expect(takeAll(cursor, [['a', T0 + 1000], ['b', T0 + 2000], ['c', T0 + 10 * MIN]])).toEqual(batch);
    cursor.acknowledge(batch);
    expect(cursor.state().watermark).toBe(T0 + 10 * MIN);
    expect(cursor.queryStart()).toBe(T0 + 9 * MIN);
  });

  it('prunes remembered ids older than one lookback behind the watermark', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, MIN), MIN);
    for (let i = 0; i < 100; i++) cursor.acknowledge(takeAll(cursor, [[`e${i}`, T0 + i * 10_000]]));
    const state = cursor.state();
    expect(state.watermark).toBe(T0 + 990_000);
    expect(state.seenFrom).toBe(T0 + 990_000 - MIN);
    expect(state.seen.every(([timestamp]) => timestamp >= state.seenFrom)).toBe(true);
    expect(state.seen).toHaveLength(7);
  });

  it('never reads before seenFrom, even when the lookback grew between runs', () => {
    const cursor = new LogCursor({ watermark: T0, seenFrom: T0 - MIN, seen: [] }, 10 * MIN);
    expect(cursor.queryStart()).toBe(T0 - MIN);
  });

  it('reaches back only the overlap on ordinary polls and the whole lookback on a sweep', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, 5 * MIN), 5 * MIN, 30_000);
    cursor.acknowledge(takeAll(cursor, [['a', T0 + MIN]]));
    expect(cursor.queryStart(false)).toBe(T0 + MIN - 30_000);
    expect(cursor.queryStart(true)).toBe(T0 + MIN - 5 * MIN);
    // An abandoned batch is reached on ordinary polls too.
    const batch = takeAll(cursor, [['b', T0 + 10_000]]);
    cursor.abandon(batch);
    expect(cursor.queryStart(false)).toBe(T0 + 10_000);
  });

  it('keeps acknowledged ids in time order whatever order they come in, and prunes from the oldest', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, MIN), MIN);
    const early = takeAll(cursor, [['early', T0 + 1000]]);
    const late = takeAll(cursor, [['late', T0 + 500]]);
    cursor.acknowledge(takeAll(cursor, [['x', T0 + 2000], ['y', T0 + 3000]]));
    cursor.acknowledge(early);
    cursor.acknowledge(late);
    expect(cursor.state().seen).toEqual([
      [T0 + 500, 'late'],
      [T0 + 1000, 'early'],
      [T0 + 2000, 'x'],
      [T0 + 3000, 'y'],
    ]);
    cursor.acknowledge(takeAll(cursor, [['z', T0 + MIN + 1500]]));
    expect(cursor.state().seen.map(([, key]) => key)).toEqual(['x', 'y', 'z']);
    expect(cursor.take('early', T0 + 1000)).toBe(true);
    expect(cursor.take('x', T0 + 2000)).toBe(false);
  });

  it('prunes a long run of ids without losing the ones still in the window', () => {
    const cursor = new LogCursor(LogCursor.fresh(T0, 10_000), 10_000);
    for (let i = 0; i < 5000; i++) cursor.acknowledge(takeAll(cursor, [[`e${i}`, T0 + i * 10]]));
    const { seen, seenFrom } = cursor.state();
    expect(seenFrom).toBe(T0 + 49_990 - 10_000);
    expect(seen).toHaveLength(1001);
    expect(seen[0]).toEqual([seenFrom, 'e3999']);
    expect(cursor.take('e3999', seenFrom)).toBe(false);
    expect(cursor.take('e3998', seenFrom - 10)).toBe(true);
  });
});

describe('eventKey', () => {
  it('is a 16-character digest of the eventId, the same for the same id', () => {
    const id = '37974625284021893120000000000000000000000000000000000001';
    expect(eventKey(id)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(eventKey(id)).toBe(eventKey(`${id}`));
    expect(eventKey(id)).not.toBe(eventKey('37974625284021893120000000000000000000000000000000000002'));
  });
});
