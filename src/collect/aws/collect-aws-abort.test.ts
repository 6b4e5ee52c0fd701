/**
 * `collectAws` under an AbortSignal (a fleet's per-cluster deadline): a hung AWS endpoint must not
 * keep the collection, or its HTTP requests, alive past the signal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../test/fakes/aws/index.js';
import { collectFrom, startFixtureFake } from './test-support/against-fake.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Waits (bounded) for the fake to have no request open; the socket closes a tick after the abort. */
async function settled(aws: FakeAws): Promise<number> {
  for (let waited = 0; aws.inFlight > 0 && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  return aws.inFlight;
}

describe('collectAws with an abortSignal', () => {
  it('ends with the signal\'s reason when a call hangs, leaving no request open', async () => {
    const controller = new AbortController();
    const reason = new Error('deadline passed');
    let hung = 0;
    fake = await startFixtureFake({
      hang: ({ operation }) => {
        if (operation !== 'ListNodegroups') return false;
        hung += 1;
        // The deadline passes while the call hangs and others are under way.
        setTimeout(() => controller.abort(reason), 100);
        return true;
      },
    });
    const started = Date.now();
    await expect(collectFrom(fake, { abortSignal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(hung).toBe(1);
    expect(await settled(fake)).toBe(0);
    // Nothing is sent once the signal is aborted. (A request written just before the abort can
    // still reach this server a moment later, so the count is taken after a grace period.)
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests.length).toBe(seen);
    expect(fake.inFlight).toBe(0);
  });

  it('sends nothing when the signal is already aborted', async () => {
    fake = await startFixtureFake();
    const reason = new Error('too late');
    await expect(collectFrom(fake, { abortSignal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fake.requests).toHaveLength(0);
  });

  it('collects as before when the signal is never aborted', async () => {
    fake = await startFixtureFake();
    const result = await collectFrom(fake, { abortSignal: new AbortController().signal });
    expect(result.clusterFound).toBe(true);
    expect(result.errors.filter((error) => error.code !== 'NoSuchEntity')).toEqual([]);
    expect(await settled(fake)).toBe(0);
  });
});
