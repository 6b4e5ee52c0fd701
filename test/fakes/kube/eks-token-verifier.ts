/**
 * What EKS does with a bearer token, for tests: decode `k8s-aws-v1.<base64url URL>` and check
 * the presigned STS GetCallerIdentity URL's SigV4 signature, computed here from the AWS
 * documentation independently of the signer under test, for the cluster it must be bound to.
 */
import { createHash, createHmac } from 'node:crypto';

export function decodeEksToken(token: string): URL | undefined {
  if (!token.startsWith('k8s-aws-v1.')) return undefined;
  const body = token.slice('k8s-aws-v1.'.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  try {
    return new URL(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const encode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The SigV4 signature STS would compute for a presigned URL and its signed header values. */
export function presignedSignature(url: URL, headers: Record<string, string>, secretAccessKey: string, region: string): string {
  const params = [...url.searchParams].filter(([key]) => key !== 'X-Amz-Signature');
  const query = params
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const signed = (url.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
  const canonicalHeaders = signed.map((name) => `${name}:${(headers[name] ?? '').trim()}\n`).join('');
  const request = ['GET', url.pathname, query, canonicalHeaders, signed.join(';'), createHash('sha256').update('').digest('hex')].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
  const scope = `${amzDate.slice(0, 8)}/${region}/sts/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(request).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(amzDate.slice(0, 8)).digest();
  for (const part of [region, 'sts', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex');
}

/** True when the token is a correctly signed GetCallerIdentity URL bound to this cluster. */
export function verifyEksToken(token: string, expected: { cluster: string; region: string; secretAccessKey: string }): boolean {
  const url = decodeEksToken(token);
  if (!url || url.searchParams.get('Action') !== 'GetCallerIdentity') return false;
  if (url.searchParams.get('X-Amz-SignedHeaders') !== 'host;x-k8s-aws-id') return false;
  const headers = { host: url.host, 'x-k8s-aws-id': expected.cluster };
  return url.searchParams.get('X-Amz-Signature') === presignedSignature(url, headers, expected.secretAccessKey, expected.region);
}
