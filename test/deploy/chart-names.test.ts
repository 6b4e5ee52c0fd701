/**
 * Object names stay within what the API server accepts whatever the release is called: DNS
 * labels (63) for names that become labels or hostnames, 52 for a CronJob (its Jobs append a
 * timestamp), and the fleet Job with its revision suffix.
 */
import { describe, expect, it } from 'vitest';
import { ALL_COMPONENTS, renderChart } from './chart.js';

const LONG = 'platform-security-eksguard-production-eu-west-1-shared-services';

describe('chart object names', () => {
  it('fit the API limits with a 63-character name', async () => {
    const rendered = await renderChart([...ALL_COMPONENTS, '--set', `fullnameOverride=${LONG}`, '--set', 'fleet.schedule=']);
    const tooLong = rendered.objects
      .filter((object) => object.kind !== 'ValidatingWebhookConfiguration')
      .map((object) => ({ kind: object.kind, name: String(object.metadata?.name ?? '') }))
      .filter(({ kind, name }) => name.length > (kind === 'CronJob' ? 52 : 63) || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name));
    expect(tooLong).toEqual([]);
    expect(rendered.objects.some((object) => object.kind === 'CronJob')).toBe(true);
    expect(rendered.objects.some((object) => object.kind === 'Job')).toBe(true);
  });
});
