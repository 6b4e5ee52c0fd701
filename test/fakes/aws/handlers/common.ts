import type { FakeAccount } from '../account.js';
import type { FakeRoles } from '../roles.js';

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface HandlerContext {
  account: FakeAccount;
  /** Largest page the fake returns, whatever the caller asks for, so pagination is exercised. */
  pageSize: number;
  /**
   * The region of the request's credential scope, when the fake serves several accounts: EKS
   * then serves only the clusters of that region, as each regional endpoint does.
   */
  region?: string;
  /** The roles sts:AssumeRole can assume (several accounts). */
  roles?: FakeRoles;
}

export type Handler = (input: Input, context: HandlerContext) => Output;
export type ServiceHandlers = Record<string, Handler>;

/** An error the fake answers with; `status` defaults per protocol when absent. */
export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = code;
  }
}

export function str(input: Input, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

export function list(input: Input, key: string): string[] {
  const value = input[key];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Opaque continuation tokens, as every AWS API hands them out. */
export function paginate<T>(
  items: readonly T[],
  token: unknown,
  requested: unknown,
  context: HandlerContext,
): { page: T[]; next?: string } {
  let offset = 0;
  if (typeof token === 'string' && token !== '') {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0) throw new FakeAwsError('InvalidParameterException', 'The pagination token is invalid.', 400);
    offset = decoded;
  }
  const size = Math.max(1, Math.min(context.pageSize, typeof requested === 'number' && requested > 0 ? requested : Infinity));
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  return end < items.length ? { page, next: Buffer.from(`offset:${end}`).toString('base64url') } : { page };
}

export function notFound(code: string, message: string, status = 404): never {
  throw new FakeAwsError(code, message, status);
}

/** IAM returns policy documents URL-encoded (RFC 3986), never as plain JSON. */
export function encodePolicy(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}
