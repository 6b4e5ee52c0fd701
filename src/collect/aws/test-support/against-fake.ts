/** Runs the real collector against the local fake AWS endpoint serving the fixture account. */
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../../../test/fixtures/account/aws/index.js';
import { collectAws, type CollectAwsOptions, type CollectAwsResult } from '../collect-aws.js';

export const IRSA_ROLE_ARNS = ['arn:aws:iam::111122223333:role/workloads/prod-payments-api', 'arn:aws:iam::111122223333:role/prod-ci-runner'];

export async function startFixtureFake(options: Partial<FakeAwsOptions> = {}): Promise<FakeAws> {
  return startFakeAws({ account: loadFixtureAccount(), ...options });
}

export function collectFrom(fake: FakeAws, options: Partial<CollectAwsOptions> = {}): Promise<CollectAwsResult> {
  return collectAws({
    cluster: 'prod',
    region: 'eu-west-1',
    endpoints: fake.endpoints,
    credentials: { accessKeyId: 'AKIDEXAMPLEFAKE', secretAccessKey: 'fake-secret' },
    extraRoleArns: IRSA_ROLE_ARNS,
    // Tiny delays: the tests exercise retries, not wall time.
    retry: { maxAttempts: 3, baseDelayMs: 1, throttlingBaseDelayMs: 2, ...options.retry },
    ...options,
  });
}
