/** Status bodies and the metadata validation the fake API server shares between its handlers. */

export interface Reply {
  status: number;
  body: unknown;
}

/** A `Status` failure; `details` as the registry fills it (name, group, kind, causes), when it does. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Reply {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code },
  };
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Why a name is refused, or undefined. RBAC objects only need a valid path segment (their
 * names hold colons: `system:node-proxier`); the other kinds here are DNS subdomains.
 */
export function nameProblem(group: string, name: string): string | undefined {
  if (group === 'rbac.authorization.k8s.io') {
    if (name === '.' || name === '..') return `may not be '${name}'`;
    if (name.includes('/')) return "may not contain '/'";
    if (name.includes('%')) return "may not contain '%'";
    return undefined;
  }
  if (name.length > 253) return 'must be no more than 253 characters';
  if (!DNS_SUBDOMAIN.test(name)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** metadata.labels problems as [field, message] (qualified-name keys, label values). */
export function labelProblems(labels: unknown): Array<[string, string]> {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return [['metadata.labels', 'Invalid value: must be a map of strings']];
  const problems: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.indexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) {
      problems.push(['metadata.labels', `Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`]);
    } else if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
      problems.push(['metadata.labels', `Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`]);
    }
  }
  return problems;
}
