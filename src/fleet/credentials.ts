/**
 * The credentials each account is read with: a role assumed with the caller's credentials
 * (sts:AssumeRole, ExternalId when the account gives one), or the caller's own. An assumed
 * role's credentials are kept until five minutes before they expire and then assumed again,
 * so a fleet scan longer than the session still signs every request, and every cluster of an
 * account shares one session instead of assuming the role per cluster.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { FleetAccount } from './config.js';

export interface AwsAccess {
  /** The caller's credentials; absent: the AWS SDK's default chain (environment, profile, SSO, web identity, instance role). */
  credentials?: AwsCredentialIdentity;
  /** Endpoint overrides (VPC endpoints, local test servers). */
  endpoints: { sts?: string; eks?: string };
}

/** Session length asked of sts:AssumeRole; one hour is what every role allows by default. */
const SESSION_SECONDS = 3600;
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/** A provider the AWS SDK clients and the EKS token signer both accept. */
export type CredentialsProvider = AwsCredentialIdentityProvider;

function stsClient(access: AwsAccess, region: string): STSClient {
  return new STSClient({
    region,
    ...(access.credentials ? { credentials: access.credentials } : {}),
    ...(access.endpoints.sts ? { endpoint: access.endpoints.sts } : {}),
  });
}

/** The account the caller's own credentials belong to (sts:GetCallerIdentity, which needs no permission). */
export async function callerAccountId(access: AwsAccess, region: string, signal?: AbortSignal): Promise<string | undefined> {
  const sts = stsClient(access, region);
  try {
    return (await sts.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {})).Account;
  } finally {
    sts.destroy();
  }
}

/**
 * The account's credentials as a provider. `assume(signal)` performs the first AssumeRole under
 * the caller's deadline, so a denied role is known (and reported) before any cluster is tried.
 */
export function accountCredentials(account: FleetAccount, access: AwsAccess): { provider: CredentialsProvider; assume(signal?: AbortSignal): Promise<AwsCredentialIdentity> } {
  const region = account.regions[0] ?? 'us-east-1';
  if (!account.roleArn) {
    if (access.credentials) {
      const own = access.credentials;
      return { provider: () => Promise.resolve(own), assume: () => Promise.resolve(own) };
    }
    // The SDK's default chain, resolved (and refreshed) by an STS client's own provider.
    const sts = stsClient(access, region);
    const provider: CredentialsProvider = () => sts.config.credentials();
    return { provider, assume: () => provider() };
  }
  const roleArn = account.roleArn;
  const sts = stsClient(access, region);
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const assume = (signal?: AbortSignal): Promise<AwsCredentialIdentity> => {
    if (current && (!current.expiration || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return Promise.resolve(current);
    pending ??= sts
      .send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: account.sessionName,
          DurationSeconds: SESSION_SECONDS,
          ...(account.externalId !== undefined ? { ExternalId: account.externalId } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      )
      .then(({ Credentials: issued }) => {
        if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error(`sts:AssumeRole of ${roleArn} returned no credentials`);
        current = {
          accessKeyId: issued.AccessKeyId,
          secretAccessKey: issued.SecretAccessKey,
          ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
          ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
        };
        return current;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return { provider: () => assume(), assume };
}
