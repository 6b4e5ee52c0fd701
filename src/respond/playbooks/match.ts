/** Does a playbook answer this alert? Every criterion the playbook gives must hold. */
import { severityRank, type Alert } from '../../model/index.js';
import type { Playbook, PlaybookMatch } from './types.js';

/** `*` any run of characters, `?` one; everything else literal. */
export function globMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

export function alertMatches(match: PlaybookMatch, alert: Alert): boolean {
  if (match.rules && !match.rules.some((rule) => globMatches(rule, alert.ruleId))) return false;
  if (match.severities && !match.severities.includes(alert.severity)) return false;
  if (match.minSeverity && severityRank(alert.severity) < severityRank(match.minSeverity)) return false;
  const namespace = alert.object.namespace;
  if (match.namespaces && (namespace === undefined || !match.namespaces.some((pattern) => globMatches(pattern, namespace)))) return false;
  if (match.excludeNamespaces && namespace !== undefined && match.excludeNamespaces.some((pattern) => globMatches(pattern, namespace))) return false;
  return true;
}

export function matchingPlaybooks(playbooks: readonly Playbook[], alert: Alert): Playbook[] {
  return playbooks.filter((playbook) => alertMatches(playbook.match, alert));
}
