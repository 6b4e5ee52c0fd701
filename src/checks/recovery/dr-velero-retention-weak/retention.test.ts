import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../model/index.js';
import { templateOf } from '../velero.js';
import { coversSuperset, longerRetentionCover } from './retention.js';

const schedule = (name: string, template: Record<string, unknown>, paused = false): K8sObject => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'velero' },
  spec: { schedule: '@daily', paused, template },
});

const t = (template: Record<string, unknown>) => templateOf(schedule('x', template));

describe('coversSuperset', () => {
  it('compares namespace selections conservatively', () => {
    expect(coversSuperset(t({}), t({ includedNamespaces: ['shop'] }))).toBe(true);
    expect(coversSuperset(t({ excludedNamespaces: ['shop'] }), t({ includedNamespaces: ['shop'] }))).toBe(false);
    expect(coversSuperset(t({ includedNamespaces: ['shop', 'web'] }), t({ includedNamespaces: ['shop'] }))).toBe(true);
    expect(coversSuperset(t({ includedNamespaces: ['shop'] }), t({}))).toBe(false);
    expect(coversSuperset(t({ excludedNamespaces: ['a'] }), t({ excludedNamespaces: ['a', 'b'] }))).toBe(true);
    expect(coversSuperset(t({ excludedNamespaces: ['a', 'b'] }), t({ excludedNamespaces: ['a'] }))).toBe(false);
    expect(coversSuperset(t({ includedNamespaces: ['app-*'] }), t({ includedNamespaces: ['app-web'] }))).toBe(true);
  });

  it('requires the same label and resource filters when the wider schedule has them', () => {
    const selector = { matchLabels: { backup: 'yes' } };
    expect(coversSuperset(t({ labelSelector: selector }), t({}))).toBe(false);
    expect(coversSuperset(t({ labelSelector: selector }), t({ labelSelector: selector }))).toBe(true);
    expect(coversSuperset(t({ includedResources: ['pvc'] }), t({}))).toBe(false);
  });
});

describe('longerRetentionCover', () => {
  it('only counts active schedules with enough retention', () => {
    const hourly = schedule('hourly', { includedNamespaces: ['shop'], ttl: '24h' });
    const paused = schedule('paused', {}, true);
    const short = schedule('short', { ttl: '48h' });
    const long = schedule('long', { ttl: '2160h' });
    const week = 7 * 24 * 3_600_000;
    expect(longerRetentionCover([hourly, paused, short], hourly, week)).toBeUndefined();
    expect(longerRetentionCover([hourly, paused, short, long], hourly, week)).toBe(long);
  });
});
