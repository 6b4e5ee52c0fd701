/**
 * Why a cluster (or an account's discovery) failed, and whether trying again can help: a
 * timeout, throttling or a network fault may pass; a denial or a bad request will not, and
 * retrying it only adds noise to CloudTrail.
 */
export type FailureKind = 'timeout' | 'throttled' | 'network' | 'denied' | 'failed';

export interface Failure {
  kind: FailureKind;
  message: string;
}

export const RETRYABLE: ReadonlySet<FailureKind> = new Set(['timeout', 'throttled', 'network']);

/** The per-cluster deadline passed: the work was stopped. */
export class FleetTimeoutError extends Error {
  override readonly name = 'FleetTimeoutError';
}

/** A failure whose kind the thrower knows (a cluster with no endpoint, a throttled DescribeCluster). */
export class FleetFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

// Error codes as the AWS services send them (query protocols' Code, JSON protocols' __type).
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ServiceUnavailable', 'ServiceUnavailableException', 'InternalFailure', 'InternalError', 'InternalServerError', 'InternalServerException', 'ServerException']);

export function messageOf(error: unknown): string {
  // Our own errors say all there is; an SDK error's message is clearer with its code.
  if (error instanceof FleetTimeoutError || error instanceof FleetFailure) return error.message;
  if (error instanceof Error) {
    const code = (error as { Code?: unknown }).Code ?? (error.name !== 'Error' ? error.name : undefined);
    return typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** The error and its causes, outermost first (bounded: a cause cycle cannot loop). */
export function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    if (chain.includes(current)) break;
    chain.push(current);
  }
  return chain;
}

/** Whether an AWS error code is throttling (the collector records codes, not errors). */
export function isThrottlingCode(code: string | undefined): boolean {
  return code !== undefined && THROTTLED.has(code);
}

/** What an AWS SDK error, a Node.js network error or a fleet timeout is; 'failed' for anything else. */
export function classifyAwsError(error: unknown): FailureKind {
  for (const entry of causes(error)) {
    if (entry instanceof FleetTimeoutError) return 'timeout';
    if (entry instanceof FleetFailure) return entry.kind;
    if (!entry || typeof entry !== 'object') continue;
    const { name, Code, code, $metadata } = entry as { name?: unknown; Code?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
    const id = typeof Code === 'string' ? Code : typeof name === 'string' ? name : '';
    if (DENIED.has(id)) return 'denied';
    if (THROTTLED.has(id) || $metadata?.httpStatusCode === 429) return 'throttled';
    if (NETWORK_NAMES.has(id) || (typeof code === 'string' && NETWORK_CODES.has(code))) return 'network';
    if (typeof $metadata?.httpStatusCode === 'number' && $metadata.httpStatusCode >= 500) return 'network';
  }
  return 'failed';
}
