/**
 * Finds credentials written in clear into configuration: an env var value, a ConfigMap entry,
 * or a whole config file held in one. What it recognises, strongest first:
 *
 * 1. Shapes that are credentials whatever their name: AWS access key ids (AKIA/ASIA…), GitHub,
 *    GitLab, Slack, Stripe live, Google API and npm tokens, Slack webhook URLs, signed JWTs,
 *    and PEM private key blocks with key material.
 * 2. Passwords embedded in connection strings: `scheme://user:password@host`, and
 *    `password=`/`pwd=` in JDBC, ADO.NET and libpq key-value strings.
 * 3. A name that says it holds a credential (see credential-names.ts) with a literal value
 *    (see literal-value.ts): `DB_PASSWORD=hunter22`, `"clientSecret": "…"`, `-Dx.password=…`.
 *    AWS secret access keys need that name and their 40-character high-entropy shape.
 *
 * To keep false positives low, references (`$(VAR)`, `${VAR}`, `{{ }}`, secret-store ARNs),
 * file paths, URLs without credentials, placeholders and documentation samples are not
 * reported, nor name-based matches in comment lines. Results never carry the clear value:
 * only a masked form.
 */
import { classifyName, type NamedCredential } from './credential-names.js';
import { looksLikeSampleToken, TOKEN_PATTERNS, type PatternKind } from './credential-patterns.js';
import { entropy, isLiteralCredential, isPlaceholder, isReference, unquote } from './literal-value.js';

export type CredentialKind = PatternKind | NamedCredential | 'private-key' | 'connection-string';

export interface CredentialFinding {
  kind: CredentialKind;
  /** What it is, for messages: "AWS access key id". */
  label: string;
  /** The credential with all but a few characters hidden; never the clear value. */
  masked: string;
  /** 1-based line within the value. */
  line: number;
  /** The variable or key it is assigned to, when found through one. */
  name?: string;
}

export const CREDENTIAL_LABELS: Record<CredentialKind, string> = {
  'aws-access-key-id': 'AWS access key id',
  'aws-secret-access-key': 'AWS secret access key',
  'github-token': 'GitHub token',
  'gitlab-token': 'GitLab token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook URL',
  'stripe-key': 'Stripe live secret key',
  'google-api-key': 'Google API key',
  'npm-token': 'npm token',
  jwt: 'JSON Web Token',
  'private-key': 'private key',
  'connection-string': 'password in a connection string',
  'registry-auth': 'registry credential',
  password: 'password',
  secret: 'secret',
  token: 'token',
  key: 'secret key',
};

const MASK = '********';

/**
 * Hides a credential: at most 4 leading and 4 trailing characters stay visible, and only for
 * values of 20 characters or more (so a short password shows nothing, not even its length).
 */
export function maskSecret(secret: string, visiblePrefix = ''): string {
  if (visiblePrefix !== '' && secret.startsWith(visiblePrefix)) return `${visiblePrefix}${MASK}`;
  if (secret.length < 20) return MASK;
  return `${secret.slice(0, 4)}${'*'.repeat(Math.min(secret.length - 8, 12))}${secret.slice(-4)}`;
}

const PRIVATE_KEY =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)(?:-----END|$)/g;
/**
 * What follows `scheme://` in a URL with a password: `user:password@host`. The password runs to
 * the last `@` of the authority, as drivers such as libpq read an unescaped `@` in it.
 */
const URL_USERINFO = /([^\s:/?#@'"]*):([^\s/?#'"]+)@([^\s/?#@'"]+)/y;
const URL_SCHEME = /[a-z][a-z0-9+.-]{0,31}$/i;
const KEY_VALUE_PASSWORD = /(?:^|[\s;?&])(password|pwd|passwd)\s*=\s*('[^']*'|"[^"]*"|[^\s;&'"]+)/gi;
/** A key of a `k=v` list (`host=db user=app password=…`, `Server=…;Password=…`, `?user=…&password=…`). */
const KEY_VALUE_KEY = /(?:^|[\s;&?])[\w.]+\s*=/g;
const ASSIGNMENT = /^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;
const XML_ELEMENT = /<([\w.-]+)>([^<]+)<\/\1>/g;
const JSON_MEMBER = /"([\w.-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const FLAG = /(?:^|\s)--?D?([A-Za-z][\w.-]*)=("[^"]*"|'[^']*'|[^\s"']+)/g;
const COMMENT_LINE = /^\s*(#|\/\/|;|--\s|<!--)/;
const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;

class Collector {
  readonly findings: CredentialFinding[] = [];
  /**
   * Credentials already reported, and recognised samples, so a token is neither reported again
   * nor reported after all under its variable name.
   */
  private readonly seen = new Set<string>();

  dismiss(secret: string): void {
    this.seen.add(secret);
  }

  /** Whether `secret` is, holds or is part of a known one (containment only when long enough to be telling). */
  has(secret: string): boolean {
    for (const known of this.seen) {
      if (secret === known) return true;
      if (known.length >= 8 && secret.includes(known)) return true;
      if (secret.length >= 8 && known.includes(secret)) return true;
    }
    return false;
  }

  add(kind: CredentialKind, secret: string, masked: string, line: number, name?: string): void {
    if (this.has(secret)) return;
    this.seen.add(secret);
    const finding: CredentialFinding = { kind, label: CREDENTIAL_LABELS[kind], masked, line };
    if (name !== undefined) finding.name = name;
    this.findings.push(finding);
  }
}

/**
 * Credentials in `value`; `name` is the env var or ConfigMap key it is assigned to, if any.
 * Findings are ordered by line, shape-recognised before name-recognised on a line.
 */
export function detectCredentials(name: string | undefined, rawValue: string): CredentialFinding[] {
  const collector = new Collector();
  // A YAML block scalar (`key: |`) ends in a newline that is not part of the value.
  const value = rawValue.replace(/(\r?\n)+$/, '');
  const lines = value.split(/\r?\n/);
  const lineAt = lineLocator(value);
  findPrivateKeys(value, lineAt, collector);
  findTokens(value, lineAt, collector);
  lines.forEach((text, index) => findConnectionStrings(text, index + 1, collector));
  if (name !== undefined && lines.length === 1) checkNamed(name, value, 1, collector);
  lines.forEach((text, index) => {
    if (COMMENT_LINE.test(text)) return;
    for (const [key, assigned] of assignmentsIn(text)) checkNamed(key, assigned, index + 1, collector);
  });
  return collector.findings.sort((a, b) => a.line - b.line);
}

function lineLocator(value: string): (offset: number) => number {
  const starts = [0];
  for (let index = value.indexOf('\n'); index >= 0; index = value.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] ?? Infinity) <= offset) line++;
    return line + 1;
  };
}

function findPrivateKeys(value: string, lineAt: (offset: number) => number, collector: Collector): void {
  for (const match of value.matchAll(PRIVATE_KEY)) {
    const [block, type = 'PRIVATE KEY', body = ''] = match;
    // Key material, not a `...` or `<key here>` stand-in: header lines and escaped newlines aside.
    const material = body
      .replace(/\\n/g, '\n')
      .split('\n')
      .filter((line) => !line.includes(':'))
      .join('')
      .replace(/[^A-Za-z0-9+/=]/g, '');
    if (material.length < 64 || new Set(material).size < 16) continue;
    collector.add('private-key', block, `-----BEGIN ${type}----- (key material hidden)`, lineAt(match.index));
  }
}

function findTokens(value: string, lineAt: (offset: number) => number, collector: Collector): void {
  for (const pattern of TOKEN_PATTERNS) {
    for (const match of value.matchAll(pattern.regex)) {
      const token = match[1] ?? '';
      if (looksLikeSampleToken(token) || (pattern.validate && !pattern.validate(token))) {
        collector.dismiss(token);
        continue;
      }
      collector.add(pattern.kind, token, maskSecret(token, pattern.visiblePrefix?.(token)), lineAt(match.index));
    }
  }
}

function findConnectionStrings(text: string, line: number, collector: Collector): void {
  // Anchored at each `://`: an unanchored URL regex goes quadratic on long dotted runs.
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    const scheme = URL_SCHEME.exec(text.slice(Math.max(0, at - 32), at))?.[0];
    if (scheme === undefined) continue;
    URL_USERINFO.lastIndex = at + 3;
    const [, user = '', password = '', host = ''] = URL_USERINFO.exec(text) ?? [];
    if (!isLiteralPassword(password)) continue;
    collector.add('connection-string', password, `${scheme}://${user}:${MASK}@${host}`, line);
  }
  if ((text.match(KEY_VALUE_KEY) ?? []).length < 2) return;
  for (const match of text.matchAll(KEY_VALUE_PASSWORD)) {
    const [, key = 'password', raw = ''] = match;
    const password = unquote(raw);
    if (!isLiteralPassword(password)) continue;
    collector.add('connection-string', password, `${key}=${MASK}`, line);
  }
}

function isLiteralPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // a stray % is part of the password
  }
  return decoded.length > 0 && !isReference(decoded) && !isPlaceholder(decoded) && !/^\*+$/.test(decoded);
}

/** `key: value`, `KEY=value`, `"key": "value"` (also inline JSON), `<key>value</key>`, `-Dkey=value` / `--key=value`. */
function assignmentsIn(text: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const assignment = ASSIGNMENT.exec(text);
  if (assignment?.[1] && assignment[2] !== undefined) found.push([assignment[1], stripComment(assignment[2])]);
  for (const match of text.matchAll(JSON_MEMBER)) found.push([match[1] ?? '', match[2] ?? '']);
  for (const match of text.matchAll(XML_ELEMENT)) found.push([match[1] ?? '', match[2] ?? '']);
  for (const match of text.matchAll(FLAG)) found.push([match[1] ?? '', match[2] ?? '']);
  return found;
}

/** What follows a quoted value, and YAML or shell comments after an unquoted one. */
function stripComment(value: string): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = value.indexOf(quote, 1);
    return end < 0 ? value : value.slice(0, end + 1);
  }
  return value.replace(/\s+#.*$/, '');
}

function checkNamed(name: string, rawValue: string, line: number, collector: Collector): void {
  const kind = classifyName(name);
  if (kind === undefined) return;
  // An Authorization header value: the scheme word is not part of the credential.
  const value = unquote(rawValue).replace(/^(Bearer|Basic|Token)\s+/i, '');
  if (value === '' || collector.has(value)) return;
  switch (kind) {
    case 'registry-auth': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      if (/^[^\s:]+:\S+$/.test(decoded) && isLiteralPassword(decoded.slice(decoded.indexOf(':') + 1))) {
        collector.add(kind, value, maskSecret(value), line, name);
      }
      return;
    }
    case 'aws-secret-access-key':
      if (looksLikeSampleToken(value)) return;
      if (AWS_SECRET_SHAPE.test(value) && entropy(value) >= 3.5 && !looksLikeSampleToken(value)) {
        collector.add(kind, value, maskSecret(value), line, name);
        return;
      }
      if (isLiteralCredential(value, { minLength: 8, generated: true })) collector.add('secret', value, maskSecret(value), line, name);
      return;
    case 'password':
      if (isLiteralCredential(value, { minLength: 4, generated: false })) collector.add(kind, value, maskSecret(value), line, name);
      return;
    default:
      if (isLiteralCredential(value, { minLength: 8, generated: true })) collector.add(kind, value, maskSecret(value), line, name);
  }
}
