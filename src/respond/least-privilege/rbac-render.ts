/**
 * The RBAC proposal as reviewed YAML (comments with counts and first/last seen on every rule)
 * and as the short summary a terminal shows: denied requests and the difference to today.
 */
import { Document, isMap } from 'yaml';
import { subjectLabel } from '../../analysis/rbac/subjects.js';
import type { RbacComparison } from './rbac-current.js';
import type { ProposedRule, RbacProposal } from './rbac-proposal.js';
import { useLabel, type AccessUse, type VerbUse } from './rbac-usage.js';

const SHOWN_NAMES = 5;

/** Comments and summaries show log text: control characters must not break a line or a terminal. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function verbText(use: VerbUse): string {
  const names = Object.entries(use.names).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  let text = `${plain(use.verb)} ${use.count}`;
  if (names.length > 0) {
    const shown = names.slice(0, SHOWN_NAMES).map(([name, count]) => `${plain(name)} ${count}`);
    const more = names.length > SHOWN_NAMES ? `, ${names.length - SHOWN_NAMES} more` : '';
    text += ` (${shown.join(', ')}${more}${use.unnamed > 0 ? `, unnamed ${use.unnamed}` : ''})`;
  }
  return text;
}

function span(uses: readonly VerbUse[]): string {
  const first = uses.reduce((min, use) => (use.first < min ? use.first : min), uses[0]?.first ?? '');
  const last = uses.reduce((max, use) => (use.last > max ? use.last : max), uses[0]?.last ?? '');
  return `first ${plain(first)}, last ${plain(last)}`;
}

function ruleComment(rule: ProposedRule): string {
  const lines = [` ${plain(rule.label)}: ${rule.uses.map(verbText).join(', ')}`, ` ${span(rule.uses)}`];
  for (const added of rule.added) lines.push(` ${added.verb} not seen, added: ${added.reason}`);
  return lines.join('\n');
}

/** Role/ClusterRole documents, then their bindings, as multi-document YAML. */
export function rbacYaml(proposal: RbacProposal): string {
  if (proposal.roles.length === 0) {
    return `# eksguard rbac least-privilege: ${plain(subjectLabel(proposal.subject))} made no allowed request in the window; nothing to grant.\n`;
  }
  const docs: string[] = [];
  const byRole = new Map(proposal.roles.map((role) => [`${role.kind}/${role.namespace ?? ''}`, role]));
  for (const object of proposal.manifests) {
    const doc = new Document(object);
    const kind = String(object.kind);
    const role = byRole.get(`${kind}/${object.metadata?.namespace ?? ''}`);
    if (role) {
      const where = role.namespace !== undefined ? `namespace ${plain(role.namespace)}` : 'cluster-scoped resources, all-namespace requests and non-resource URLs';
      doc.commentBefore = [
        ` Proposed by eksguard rbac least-privilege for ${plain(subjectLabel(proposal.subject))} (${where}),`,
        ` from ${proposal.requests.allowed} allowed request(s)${proposal.seen ? ` between ${plain(proposal.seen.first)} and ${plain(proposal.seen.last)}` : ''}.`,
        ' Review before applying: a window that missed a rare request leaves it out.',
      ].join('\n');
      role.rules.forEach((rule, index) => {
        const node = doc.getIn(['rules', index], true);
        if (isMap(node)) node.commentBefore = ruleComment(rule);
      });
    } else {
      doc.commentBefore = ` Gives the ${kind === 'RoleBinding' ? 'Role' : 'ClusterRole'} above to ${plain(subjectLabel(proposal.subject))}.`;
    }
    docs.push(doc.toString({ lineWidth: 0 }));
  }
  return docs.join('---\n');
}

function useLines(uses: readonly AccessUse[]): string[] {
  return uses.flatMap((use) =>
    use.verbs.map((verb) => `  ${verbText(verb)} ${plain(useLabel(use))}${use.namespace !== undefined ? ` in ${plain(use.namespace)}` : ''} (last ${plain(verb.last)})`),
  );
}

/** What the terminal shows beside the YAML: counts, denied requests, the difference to today. */
export function rbacSummary(proposal: RbacProposal, comparison?: RbacComparison): string {
  const { requests } = proposal;
  const lines = [
    `${plain(subjectLabel(proposal.subject))}: ${requests.total} request(s) in the window (${requests.allowed} allowed, ${requests.denied} denied)` +
      `${requests.outsideWindow > 0 ? `, ${requests.outsideWindow} outside --since/--until` : ''}; ` +
      `${proposal.roles.length} role(s) with ${proposal.roles.reduce((sum, role) => sum + role.rules.length, 0)} rule(s) proposed.`,
  ];
  if (proposal.denied.length > 0) {
    lines.push('Denied (403), not in the proposal:', ...useLines(proposal.denied));
  }
  if (comparison) lines.push(...comparisonLines(comparison));
  return `${lines.join('\n')}\n`;
}

function comparisonLines(comparison: RbacComparison): string[] {
  const lines: string[] = [];
  if (!comparison.known) lines.push('The snapshot has no binding for this subject.');
  if (comparison.superuser) lines.push('The subject is in system:masters: every request is allowed before RBAC is asked; remove it from that group first.');
  const remove = comparison.held.filter((rule) => rule.status === 'unused');
  const narrow = comparison.held.filter((rule) => rule.status === 'broader');
  if (remove.length > 0) {
    lines.push(`Held today but unused (${remove.length} rule(s) to remove):`);
    for (const rule of remove) lines.push(`  ${plain(rule.role)} rules[${rule.ruleIndex}] via ${plain(rule.binding)}: ${plain(ruleText(rule.rule))}`);
  }
  if (narrow.length > 0) {
    lines.push(`Held today and broader than used (${narrow.length} rule(s) to narrow):`);
    for (const rule of narrow) {
      const extra = [
        ...rule.wildcards,
        ...(rule.unusedVerbs.length > 0 ? [`unused verbs ${rule.unusedVerbs.join(',')}`] : []),
        ...(rule.unusedResources.length > 0 ? [`unused resources ${rule.unusedResources.join(',')}`] : []),
      ];
      lines.push(`  ${plain(rule.role)} rules[${rule.ruleIndex}] via ${plain(rule.binding)}: ${plain(extra.join('; '))}`);
    }
  }
  if (comparison.uncovered.length > 0) {
    lines.push(`Used but not allowed by today's grants (${comparison.uncovered.length}):`);
    for (const use of comparison.uncovered) {
      const where = use.namespace !== undefined ? ` in ${plain(use.namespace)}` : '';
      lines.push(`  ${plain(use.verb)} ${plain(use.what)}${use.name !== undefined ? ` ${plain(use.name)}` : ''}${where} ×${use.count}${use.seenDenied ? ' (denied in the log)' : ' (allowed in the log: through a grant outside RBAC, such as an EKS access policy, or changed since)'}`);
    }
  }
  if (comparison.viaGroups.length > 0) lines.push(`Grants through the groups ${comparison.viaGroups.map(plain).join(', ')} were counted as held, never proposed for removal (other members share them).`);
  for (const text of comparison.unresolved) lines.push(`Not known: ${plain(text)}`);
  if (lines.length === 0 || (remove.length === 0 && narrow.length === 0 && comparison.uncovered.length === 0)) {
    lines.push(`Today's grants match the use (${comparison.kept} rule(s) used as granted).`);
  }
  return lines;
}

function ruleText(rule: RbacProposal['roles'][number]['rules'][number]['rule']): string {
  if (rule.nonResourceURLs && rule.nonResourceURLs.length > 0) return `${(rule.verbs ?? []).join(',')} ${rule.nonResourceURLs.join(',')}`;
  const groups = (rule.apiGroups ?? []).map((group) => (group === '' ? 'core' : group)).join(',');
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(',')}]` : '';
  return `${(rule.verbs ?? []).join(',')} ${(rule.resources ?? []).join(',')}${names} (${groups})`;
}
