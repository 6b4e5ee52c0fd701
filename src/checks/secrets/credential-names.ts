/**
 * What a variable or key name says it holds. The sensitive word must end the name
 * (`DB_PASSWORD`, `clientSecret`, `spring.datasource.password`): `PASSWORD_FILE`,
 * `TOKEN_TTL` or `secretName` point at or describe a credential without holding one.
 */

export type NamedCredential = 'password' | 'secret' | 'token' | 'key' | 'aws-secret-access-key' | 'registry-auth';

/** Words that end a name holding the credential itself (also as a suffix: `rootpassword`). */
const ENDINGS: ReadonlyArray<[suffix: string, kind: NamedCredential]> = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'password'],
  ['secret', 'secret'],
  ['credentials', 'secret'],
  ['credential', 'secret'],
  ['creds', 'secret'],
  ['token', 'token'],
  ['apikey', 'key'],
  ['secretkey', 'key'],
  ['privatekey', 'key'],
  ['accesskey', 'key'],
];

/** Words that hold a credential only as a whole word (`DB_PASS`, not `BYPASS`). */
const WHOLE_WORDS: Record<string, NamedCredential> = { pass: 'password', pwd: 'password' };

/** `<word>_key` names that hold key material (not `cache_key`, `s3_key`, `sort_key`). */
const KEY_QUALIFIERS = new Set([
  'api', 'secret', 'private', 'access', 'signing', 'encryption', 'encrypt', 'master', 'hmac', 'license', 'licence',
  'session', 'shared', 'account', 'client', 'app', 'application', 'service', 'auth', 'admin', 'subscription',
  'storage', 'crypto', 'cipher', 'jwt', 'webhook',
]);

/** Words anywhere in a name that make it describe a credential rather than hold one. */
const DISQUALIFIERS = new Set(['existing', 'public', 'page']);

/** `DB_PASSWORD` → [db, password]; `clientSecret` → [client, secret]; `APIKey` → [api, key]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export function classifyName(name: string): NamedCredential | undefined {
  const words = nameWords(name);
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  if (last === undefined || words.some((word) => DISQUALIFIERS.has(word))) return undefined;
  if (words.length === 1 && last === 'pwd') return undefined; // the shell's working directory
  if (last === 'auth' && words.length === 1) return 'registry-auth'; // docker config.json, .npmrc `_auth`
  if (last === 'authorization') return 'token'; // an HTTP Authorization header value
  if (last === 'key' && words.includes('secret') && (words.includes('aws') || words.includes('access'))) {
    return 'aws-secret-access-key';
  }
  if (words.join('_').endsWith('secret_key_base')) return 'secret'; // Rails
  if (last === 'data' && previous === 'key' && words[words.length - 3] === 'client') return 'key'; // kubeconfig client-key-data
  if (last === 'key' && previous !== undefined && KEY_QUALIFIERS.has(previous)) return 'key';
  const whole = WHOLE_WORDS[last];
  if (whole) return whole;
  return ENDINGS.find(([suffix]) => last.endsWith(suffix))?.[1];
}
