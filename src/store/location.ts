/**
 * Where a store lives: a SQLite file path (or `:memory:`) or a PostgreSQL URL. Locations are
 * printed in messages and errors, so every printed one goes through redactLocation first.
 */

export type StoreDialect = 'sqlite' | 'postgres';

/** `postgres://…` or `postgresql://…` (any case), as libpq accepts them. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location.trim());
}

export function dialectOf(location: string): StoreDialect {
  return isPostgresUrl(location) ? 'postgres' : 'sqlite';
}

/** Query parameters of a connection URL that hold a secret. */
const SECRET_PARAMS: ReadonlySet<string> = new Set(['password', 'sslpassword']);

/** `scheme://user:` then the password, through the last @ of an unparsed URL. */
const USER_INFO_PASSWORD = /^(postgres(?:ql)?:\/\/[^:@/]*:).*@/i;

/** The location with any password replaced by `***`; paths come back unchanged. */
export function redactLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location.trim());
    if (url.password !== '') url.password = '***';
    for (const name of [...url.searchParams.keys()]) {
      if (SECRET_PARAMS.has(name.toLowerCase())) url.searchParams.set(name, '***');
    }
    return url.toString();
  } catch {
    // Not a URL WHATWG parses (libpq is more lenient): mask the user-info password and secret
    // params by hand, up to the last @ (a password may hold / or @; masking too much is safe).
    return location
      .trim()
      .replace(USER_INFO_PASSWORD, '$1***@')
      .replace(/([?&](?:ssl)?password=)[^&]*/gi, '$1***');
  }
}

/** `text` (an error message) with the location and its password masked, should the text quote either. */
export function redactText(text: string, location: string): string {
  if (!isPostgresUrl(location)) return text;
  let redacted = text.split(location).join(redactLocation(location));
  const password = passwordOf(location);
  if (password) {
    for (const form of new Set([password, safeDecode(password)])) redacted = redacted.split(form).join('***');
  }
  return redacted;
}

function passwordOf(location: string): string | undefined {
  try {
    return new URL(location.trim()).password || undefined;
  } catch {
    return /^postgres(?:ql)?:\/\/[^:@/]*:(.+)@/i.exec(location.trim())?.[1];
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
