/**
 * Amazon ECR registries take a short-lived password from the ECR API's GetAuthorizationToken
 * (base64 `AWS:<password>`, valid 12 hours); we fetch it through the AWS SDK with the usual
 * credential chain and keep it until shortly before it expires.
 */
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ImageError } from './errors.js';
import type { CredentialProvider, Credentials } from './credentials.js';

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export function ecrRegion(registry: string): string | undefined {
  return ECR_HOST.exec(registry)?.[2];
}

export interface EcrOptions {
  /** ECR API endpoint override (tests, VPC endpoints). */
  endpoint?: string;
  credentials?: AwsCredentialIdentity;
}

export function ecrCredentials(options: EcrOptions = {}): CredentialProvider {
  const cache = new Map<string, { credentials: Credentials; expires: number }>();
  return async (registry) => {
    const match = ECR_HOST.exec(registry);
    if (!match?.[1] || !match[2]) return undefined;
    const cached = cache.get(registry);
    if (cached && cached.expires > Date.now()) return cached.credentials;
    const client = new ECRClient({
      region: match[2],
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    try {
      const answer = await client.send(new GetAuthorizationTokenCommand({}));
      const data = answer.authorizationData?.[0];
      const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new ImageError('unauthorized', `ECR ${registry}: GetAuthorizationToken answered no usable token`);
      const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      // Renew five minutes early so a long scan never sends an expired password.
      const expires = (data?.expiresAt?.getTime() ?? Date.now() + 3_600_000) - 300_000;
      cache.set(registry, { credentials, expires });
      return credentials;
    } catch (error) {
      if (error instanceof ImageError) throw error;
      throw new ImageError('unauthorized', `ECR ${registry}: GetAuthorizationToken failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    } finally {
      client.destroy();
    }
  };
}
