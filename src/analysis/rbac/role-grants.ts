/** Bindings read as "roles handed to a subject", for checks about who is bound, not what to. */
import type { Grant, SubjectBinding } from './effective-permissions.js';
import { sortGrants } from './capabilities.js';
import { listText } from './grant-text.js';

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Bindings to roles other than the allowed ones, each with its rules as grants. */
export function grantsOutside(bindings: readonly SubjectBinding[], allowedClusterRoles: readonly string[]): Grant[] {
  const grants: Grant[] = [];
  for (const binding of bindings) {
    if (binding.role.kind === 'ClusterRole' && allowedClusterRoles.includes(binding.role.name)) continue;
    for (const rule of binding.role.rules) grants.push({ binding, rule });
  }
  return sortGrants(grants);
}

/** Whether every grant only reads (get/list/watch) something other than Secrets. */
export function readOnlyWithoutSecrets(grants: readonly Grant[]): boolean {
  return grants.every(({ rule: { rule } }) => {
    if (rule.verbs.has('*') || [...rule.verbs].some((verb) => !READ_VERBS.has(verb))) return false;
    return rule.nonResourceURLs.length > 0 || !(rule.allowsGroup('') && rule.allowsResource('secrets'));
  });
}

/** `ClusterRole "view", Role "x"`, each role once. */
export function roleNames(grants: readonly Grant[]): string {
  const names = new Set(grants.map((grant) => `${grant.binding.role.kind} "${grant.binding.role.name}"`));
  return listText([...names]);
}
