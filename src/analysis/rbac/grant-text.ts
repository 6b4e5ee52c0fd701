/** How findings name grants, scopes and subjects. */
import type { Severity } from '../../model/index.js';
import { SEVERITIES } from '../../model/index.js';
import type { Grant, SubjectBinding } from './effective-permissions.js';
import type { Reach } from './capabilities.js';
import { subjectKey, subjectLabel, type SubjectRef } from './subjects.js';

export function bindingLabel(binding: Pick<SubjectBinding, 'kind' | 'namespace' | 'name'>): string {
  return `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`;
}

/** `ClusterRole "pod-admin" rules[1] via ClusterRoleBinding ops-pods`. */
export function describeGrant(grant: Grant): string {
  const { binding, rule } = grant;
  const role = binding.role;
  let text = `${role.kind} "${role.name}"`;
  if (role.builtIn) text += role.approximate ? ' (Kubernetes default, rules approximated)' : ' (Kubernetes default)';
  const aggregated = rule.holder.name !== role.name || rule.holder.kind !== role.kind;
  if (aggregated && !rule.holder.builtIn) {
    text += ` (rules[${rule.index}] aggregated from ${rule.holder.kind} "${rule.holder.name}")`;
  } else if (!aggregated && !role.builtIn) {
    text += ` rules[${rule.index}]`;
  }
  return `${text} via ${bindingLabel(binding)}`;
}

/**
 * Up to `max` distinct role/binding pairs, the first one first, then how many more. A grant
 * that reaches `holder` through a group it is implicitly in names that group.
 */
export function describeGrants(grants: readonly Grant[], holder?: SubjectRef, max = 3): string {
  const seen = new Set<string>();
  const texts: string[] = [];
  let more = 0;
  const holderKey = holder ? subjectKey(holder) : undefined;
  for (const grant of grants) {
    const { binding } = grant;
    const key = `${binding.kind}/${binding.namespace ?? ''}/${binding.name}/${binding.subjectIndex}/${binding.role.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (texts.length >= max) {
      more++;
      continue;
    }
    const inherited = holderKey !== undefined && subjectKey(binding.subject) !== holderKey;
    texts.push(describeGrant(grant) + (inherited ? ` (as member of ${subjectLabel(binding.subject)})` : ''));
  }
  return more > 0 ? `${texts.join('; ')}; and ${more} more` : texts.join('; ');
}

export function listText(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** `cluster-wide`, `in namespace shop`, `in namespaces a, b`. */
export function reachText(reach: Reach): string {
  if (reach.cluster) return 'cluster-wide';
  return reach.namespaces.length === 1 ? `in namespace ${reach.namespaces[0]}` : `in namespaces ${listText(reach.namespaces)}`;
}

export function lowerSeverity(severity: Severity, steps = 1): Severity {
  const index = Math.min(SEVERITIES.indexOf(severity) + steps, SEVERITIES.length - 1);
  return SEVERITIES[index] ?? severity;
}

/**
 * The catalogue severity when a grant reaches the whole cluster or kube-system (whose service
 * accounts run the cluster), one step lower when it stays in other namespaces.
 */
export function severityByReach(reach: Reach, base: Severity): Severity {
  return reach.cluster || reach.namespaces.includes('kube-system') ? base : lowerSeverity(base);
}

/** The query verbs the grants give, `*` first when a rule grants every verb. */
export function verbsOf(grants: readonly Grant[], verbs: readonly string[]): string {
  const found = new Set<string>();
  for (const grant of grants) for (const verb of grant.rule.rule.grantedVerbs(verbs)) found.add(verb);
  return found.has('*') ? '*' : verbs.filter((verb) => found.has(verb)).join(', ');
}

/** The resources (of those asked about) the grants reach, in the order asked. */
export function resourcesOf(grants: readonly Grant[], resources: readonly string[]): string[] {
  return resources.filter((resource) => grants.some((grant) => grant.rule.rule.allowsResource(resource)));
}

/** The object names the grants are limited to, or undefined when one of them is not limited. */
export function namesOf(grants: readonly Grant[]): string[] | undefined {
  const names = new Set<string>();
  for (const grant of grants) {
    if (grant.rule.rule.resourceNames.size === 0) return undefined;
    for (const name of grant.rule.rule.resourceNames) names.add(name);
  }
  return [...names].sort();
}
