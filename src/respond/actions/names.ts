/**
 * Kubernetes name and metadata syntax, checked before a name read from an alert goes into an
 * API path and before a playbook's labels go into a patch: a hostile or broken value is refused
 * here with a reason instead of being sent.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** What the API server accepts for all annotations of one object together. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Namespaces are RFC 1123 labels. */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Pods, nodes, workloads, NetworkPolicies: RFC 1123 subdomains. */
export function isSubdomainName(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** RBAC objects only need to be a path segment (`system:node-proxier`, `eks:addon-manager`). */
export function isPathSegmentName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%') && !hasControlCharacter(name);
}

export function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** Why `key` is not a label/annotation key (`[prefix/]name`), or undefined. */
export function metadataKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix === '' || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'the prefix before "/" must be a lowercase DNS subdomain (example.com)';
  }
  if (name === '') return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "the name part must consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    return "must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/**
 * Problems with a playbook's `labels:` or `annotations:` map, as `field: message`. Values must
 * be strings in the playbook (YAML `true` or `3` would be sent as a boolean or number, which the
 * API server refuses).
 */
export function metadataMapProblems(field: 'labels' | 'annotations', value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${field}: must be a map of keys to string values`];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [`${field}: must name at least one key`];
  const problems: string[] = [];
  let bytes = 0;
  for (const [key, item] of entries) {
    const where = `${field}.${JSON.stringify(key)}`;
    const keyProblem = metadataKeyProblem(key);
    if (keyProblem) problems.push(`${where}: invalid key: ${keyProblem}`);
    if (typeof item !== 'string') {
      problems.push(`${where}: the value must be a string (quote it in YAML)`);
      continue;
    }
    if (field === 'labels') {
      const valueProblem = labelValueProblem(item);
      if (valueProblem) problems.push(`${where}: invalid value: ${valueProblem}`);
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(item);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) problems.push(`${field}: together they must be no more than 256 KiB`);
  return problems;
}

/** A value quoted for messages: control characters and quotes escaped, long values cut. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(typeof value === 'string' ? value : String(value));
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}
