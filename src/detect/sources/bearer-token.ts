import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Where the webhook's bearer token comes from: never the command line, where `ps` would show it. */
export type BearerTokenSource = { file: string } | { env: string };

// Visible ASCII only: what a kubeconfig `token` can carry in an `Authorization` header.
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Reads the token from a file (surrounding whitespace and the trailing newline removed) or an
 * environment variable. Errors name the source, never the token.
 */
export function readBearerToken(source: BearerTokenSource, env: NodeJS.ProcessEnv = process.env): string {
  const where = 'file' in source ? `token file ${source.file}` : `environment variable ${source.env}`;
  let raw: string | undefined;
  if ('file' in source) {
    try {
      raw = readFileSync(source.file, 'utf8');
    } catch (error) {
      throw new Error(`${where}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  } else {
    raw = env[source.env];
  }
  const token = raw?.trim() ?? '';
  if (token === '') throw new Error(`${where} is empty or not set`);
  if (!TOKEN_PATTERN.test(token)) throw new Error(`${where}: the token must be one word of visible ASCII characters`);
  return token;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Checks `Authorization: Bearer <token>` in constant time. Both sides are hashed first so the
 * comparison takes the same time whatever the length of the guess.
 */
export function bearerTokenChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    const given = digest(match?.[1] ?? '');
    return timingSafeEqual(given, expected) && match !== null;
  };
}
