/**
 * Whether a value written next to a credential-like name is a real literal, or something that
 * merely stands where a credential goes: a reference, a template, a secret-store pointer, a
 * masked or placeholder value.
 *
 * Decision on placeholders: obvious stand-ins (`changeme`, `changeit`, `password`, `xxx`,
 * `<your-token>`, `REPLACE_ME`, `TODO`…) are NOT reported. They disclose nothing, and flagging
 * every chart default would bury real leaks. That a deployment really runs with such a weak
 * value is a different problem (default credentials), not this detector's.
 */

const REFERENCE_PATTERNS: readonly RegExp[] = [
  /\$\(\w+\)/, // Kubernetes env expansion $(VAR)
  /\$\{[^}]*\}/, // shell, Spring, Compose ${VAR}
  /^\$[A-Za-z_][\w.:-]*$/, // $VAR, Argo CD's $secret:key and $dex.github.clientSecret
  /\$__\w+\{/, // Grafana $__file{…}, $__env{…}
  /\{\{.*\}\}/, // Helm/Go/Jinja templates
  /^%\(\w+\)s$|^%[sd]$/, // printf-style placeholders
  /^\{\w+\}$/, // {password}
  /^<[^>]*>$/, // <your-password>
  /^ENC\[.*\]$/, // sops-encrypted value
  /^!\w+/, // YAML tags: Ansible !vault, CloudFormation !Ref
  /^[|>][-+]?\d*$/, // a YAML block scalar: the value is on the next lines
  /^arn:aws[\w-]*:(secretsmanager|ssm|kms):/i,
  /^(vault|ref\+\w+|awssm|awsssm|secretsmanager|ssm|gcpsm|azkv|op|bw|k8s|file|env):/i,
];

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'change', 'changethis', 'password', 'passwd', 'pass', 'secret', 'token', 'apikey', 'key',
  'example', 'sample', 'dummy', 'fake', 'test', 'testing', 'todo', 'tbd', 'fixme', 'placeholder', 'replaceme',
  'yourpassword', 'yoursecret', 'yourtoken', 'yourapikey', 'yourkey', 'mypassword', 'mysecret', 'mytoken',
  'none', 'null', 'nil', 'undefined', 'empty', 'unset', 'notset', 'default', 'disabled', 'enabled', 'true', 'false',
  'yes', 'no', 'on', 'off', 'required', 'optional', 'redacted', 'hidden', 'masked', 'secretvalue', 'notused',
]);

/** Masks and fill-ins: `****`, `xxxxxxxx`, `your-token-here`, `insert_key`, `REPLACE_WITH_…`. */
const PLACEHOLDER_SHAPES: readonly RegExp[] = [
  /^([*x.#_-])\1*$/i,
  /^(your|insert|enter|put|add|replace|change|set)[\W_]/i,
  /[\W_](here|me)$/i,
  /^(redacted|masked|hidden)\b/i,
  /example|sample|dummy|placeholder|changeme|changeit|replace[-_]?me|xxxx/i,
];

/** An absolute or relative file path: a pointer to a credential, not one. */
const PATH = /^(\/|\.{1,2}\/|~\/)[\w.@-]+(\/[\w.@-]+)*\/?$/;
const URL_WITHOUT_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i;

export function unquote(value: string): string {
  const trimmed = value.trim();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "'") && trimmed.length >= 2 && trimmed.endsWith(quote)) return trimmed.slice(1, -1);
  return trimmed;
}

export function isReference(value: string): boolean {
  return REFERENCE_PATTERNS.some((pattern) => pattern.test(value));
}

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.has(value.toLowerCase().replace(/[^a-z0-9]/g, ''))) return true;
  return PLACEHOLDER_SHAPES.some((pattern) => pattern.test(value));
}

export interface LiteralRules {
  minLength: number;
  /** Generated secrets (tokens, keys) do not look like a resource name such as `my-tls-secret`. */
  generated: boolean;
}

/** Whether `value` is a literal that discloses a credential under the given rules. */
export function isLiteralCredential(value: string, rules: LiteralRules): boolean {
  if (value.length < rules.minLength) return false;
  if (isReference(value) || isPlaceholder(value)) return false;
  if (/^\d{1,5}$/.test(value)) return false; // ports, lengths, TTLs
  if (PATH.test(value) || URL_WITHOUT_USERINFO.test(value)) return false;
  if (value.split(/\s+/).length > 3) return false; // prose, not a credential
  if (rules.generated) {
    if (/\s/.test(value)) return false;
    if (/^[a-z]+(?:[-.][a-z]+)*$/.test(value)) return false; // a name: regcred, my-tls-secret
  }
  return true;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
