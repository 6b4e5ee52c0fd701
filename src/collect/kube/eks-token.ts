import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';

/** The prefix EKS (aws-iam-authenticator) expects on a bearer token. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds a token to one cluster; it must be signed, not moved to the query. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** How long the presigned URL is valid, as `aws eks get-token` signs it (EKS honours tokens ~15 min). */
export const PRESIGN_SECONDS = 60;

export interface EksTokenRequest {
  cluster: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The signing time; now unless given (tests). */
  signingDate?: Date;
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SigV4 signer takes. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The regional STS host, in the partition of the region. */
export function stsHostname(region: string): string {
  if (region.startsWith('cn-')) return `sts.${region}.amazonaws.com.cn`;
  return `sts.${region}.amazonaws.com`;
}

/**
 * A bearer token for an EKS cluster, made as `aws eks get-token` makes it, without the aws CLI:
 * a GetCallerIdentity request to STS, presigned with SigV4 and the `x-k8s-aws-id: <cluster>`
 * header among the signed headers; the token is `k8s-aws-v1.` and the URL in unpadded base64url.
 * EKS replays the URL to STS to learn who is calling.
 */
export async function eksToken(request: EksTokenRequest): Promise<string> {
  const hostname = stsHostname(request.region);
  const signer = new SignatureV4({
    service: 'sts',
    region: request.region,
    credentials: request.credentials,
    sha256: NodeSha256,
    uriEscapePath: true,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: request.cluster },
    },
    {
      expiresIn: PRESIGN_SECONDS,
      unhoistableHeaders: new Set([CLUSTER_ID_HEADER]),
      ...(request.signingDate ? { signingDate: request.signingDate } : {}),
    },
  );
  const query = Object.entries(presigned.query ?? {})
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item) => [key, String(item)] as const))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url, 'utf8').toString('base64url')}`;
}
