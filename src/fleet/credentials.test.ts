/**
 * An account's assumed-role session through the real STS client against the fake endpoint: one
 * session shared by every caller while it is fresh, assumed again before it expires, the
 * ExternalId and session name sent as configured.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeAws, type FakeAws } from '../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../test/fixtures/account/aws/index.js';
import { accountCredentials, type AwsAccess } from './credentials.js';
import type { FleetAccount } from './config.js';

const ROLE = 'arn:aws:iam::222233334444:role/eksguard-reader';
let fake: FakeAws;
let access: AwsAccess;

beforeAll(async () => {
  const account = loadFixtureAccount();
  fake = await startFakeAws({ account, roles: [{ roleArn: ROLE, account: { ...account, accountId: '222233334444' }, externalId: 'fleet-7f3a' }] });
  access = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture-secret' }, endpoints: { sts: fake.url } };
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const account: FleetAccount = { id: '222233334444', roleArn: ROLE, externalId: 'fleet-7f3a', sessionName: 'nightly', regions: ['eu-west-1'] };

describe('accountCredentials', () => {
  it('shares one session, and assumes the role again five minutes before it expires', async () => {
    const before = fake.count('AssumeRole');
    const { provider } = accountCredentials(account, access);
    // Callers at once share one AssumeRole.
    const [first, second] = await Promise.all([provider(), provider()]);
    expect(second).toBe(first);
    expect(await provider()).toBe(first);
    expect(fake.count('AssumeRole') - before).toBe(1);
    const sent = fake.requests.filter((request) => request.operation === 'AssumeRole').at(-1);
    expect(sent?.input).toMatchObject({ RoleArn: ROLE, ExternalId: 'fleet-7f3a', RoleSessionName: 'nightly', DurationSeconds: 3600 });
    expect(first.expiration).toBeInstanceOf(Date);

    // 56 minutes on, the hour's session has under five minutes left: a new one is assumed.
    vi.useFakeTimers({ toFake: ['Date'], now: (first.expiration?.getTime() ?? 0) - 4 * 60_000 });
    const renewed = await provider();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(fake.count('AssumeRole') - before).toBe(2);
    expect(await provider()).toBe(renewed);
  });

  it('uses the caller\'s own credentials in an account without a role, with no STS call', async () => {
    const before = fake.requests.length;
    const own = accountCredentials({ id: '111122223333', sessionName: 'eksguard-fleet', regions: ['eu-west-1'] }, access);
    expect(await own.assume()).toEqual(access.credentials);
    expect(fake.requests.length).toBe(before);
  });

  it('fails the first assume under an aborted signal, and a later one succeeds', async () => {
    const session = accountCredentials(account, access);
    await expect(session.assume(AbortSignal.abort(new Error('deadline')))).rejects.toThrow();
    await expect(session.assume()).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
  });
});
