/**
 * The proposal against what the subject holds today (effective RBAC of a snapshot): the rules
 * its own bindings give that nothing used (to remove) or that grant more than was used (to
 * narrow), and the uses no current grant allows (they were, or would be, denied).
 */
import { bindingLabel } from '../../analysis/rbac/grant-text.js';
import type { AccessOptions, EffectivePermissions, Grant, SourcedRule, SubjectBinding } from '../../analysis/rbac/effective-permissions.js';
import type { PolicyRule } from '../../analysis/rbac/rbac-rule.js';
import { impliedGroups, type SubjectRef } from '../../analysis/rbac/subjects.js';
import type { RbacProposal } from './rbac-proposal.js';
import { useLabel, type AccessUse } from './rbac-usage.js';

const MASTERS = 'system:masters';

export interface HeldRule {
  /** `RoleBinding shop/api-reader`. */
  binding: string;
  /** `ClusterRole "edit"`. */
  role: string;
  /** The rule's index in the role as resolved (aggregated rules follow the role's own). */
  ruleIndex: number;
  rule: PolicyRule;
  /** unused: nothing observed needed it; broader: it was used but grants more than that. */
  status: 'unused' | 'broader';
  /** `get pods` uses it answered. */
  used: string[];
  /** Verbs and resources it names that no use needed. */
  unusedVerbs: string[];
  unusedResources: string[];
  /** `verbs: *`, `resources: *`, `apiGroups: *`, `nonResourceURLs: /api/*`. */
  wildcards: string[];
}

export interface UncoveredUse {
  /** `secrets`, `pods/exec`, `/metrics`. */
  what: string;
  namespace?: string;
  verb: string;
  name?: string;
  count: number;
  /** The log shows the API server refusing it (403). */
  seenDenied: boolean;
}

export interface RbacComparison {
  /** The snapshot knows the subject (a binding names it, or it is a ServiceAccount there). */
  known: boolean;
  /** In system:masters: every request is allowed before RBAC is asked. */
  superuser: boolean;
  /** Rules of the subject's own bindings to remove or narrow. */
  held: HeldRule[];
  /** Rules of its own bindings that were used and grant no more than that. */
  kept: number;
  uncovered: UncoveredUse[];
  /** Bindings to roles the snapshot does not hold: what they grant is not known. */
  unresolved: string[];
  /** Groups from the log whose bindings were counted as the subject's (not proposed for removal). */
  viaGroups: string[];
}

interface UseTuple {
  use: AccessUse;
  verb: string;
  name?: string;
  count: number;
}

function tuplesOf(uses: readonly AccessUse[]): UseTuple[] {
  const out: UseTuple[] = [];
  for (const use of uses) {
    for (const verb of use.verbs) {
      for (const [name, count] of Object.entries(verb.names)) out.push({ use, verb: verb.verb, name, count });
      if (verb.unnamed > 0) out.push({ use, verb: verb.verb, count: verb.unnamed });
    }
  }
  return out;
}

function grantsFor(perms: EffectivePermissions, bindings: readonly SubjectBinding[], tuple: UseTuple): Grant[] {
  const { use } = tuple;
  if (use.nonResourceURL !== undefined) return perms.requestGrants(bindings, tuple.verb, use.nonResourceURL);
  const options: AccessOptions = { apiGroup: use.apiGroup };
  if (use.namespace !== undefined) options.namespace = use.namespace;
  if (use.subresource !== undefined) options.subresource = use.subresource;
  if (tuple.name !== undefined) options.resourceName = tuple.name;
  return perms.requestGrants(bindings, tuple.verb, use.resource, options);
}

function describe(tuple: UseTuple): string {
  const where = tuple.use.namespace !== undefined ? ` in ${tuple.use.namespace}` : '';
  return `${tuple.verb} ${useLabel(tuple.use)}${tuple.name !== undefined ? ` ${tuple.name}` : ''}${where}`;
}

function roleLabel(binding: SubjectBinding): string {
  const role = binding.role;
  return `${role.kind} "${role.namespace && role.kind === 'Role' ? `${role.namespace}/` : ''}${role.name}"${role.builtIn ? ' (Kubernetes default)' : ''}`;
}

function judge(binding: SubjectBinding, index: number, sourced: SourcedRule, hits: readonly UseTuple[]): HeldRule | 'kept' {
  const rule = sourced.rule;
  const base = { binding: bindingLabel(binding), role: roleLabel(binding), ruleIndex: index, rule: rule.raw };
  if (hits.length === 0) return { ...base, status: 'unused', used: [], unusedVerbs: [], unusedResources: [], wildcards: [] };
  const usedVerbs = new Set(hits.map((hit) => hit.verb));
  const usedResources = new Set(
    hits.map((hit) => (hit.use.nonResourceURL !== undefined ? hit.use.nonResourceURL : hit.use.subresource ? `${hit.use.resource}/${hit.use.subresource}` : hit.use.resource)),
  );
  const wildcards: string[] = [];
  if (rule.verbs.has('*')) wildcards.push('verbs: *');
  if (rule.apiGroups.has('*')) wildcards.push('apiGroups: *');
  for (const resource of rule.resources) if (resource.startsWith('*')) wildcards.push(`resources: ${resource}`);
  for (const url of rule.nonResourceURLs) if (url.endsWith('*')) wildcards.push(`nonResourceURLs: ${url}`);
  const unusedVerbs = [...rule.verbs].filter((verb) => verb !== '*' && !usedVerbs.has(verb));
  const unusedResources = [...rule.resources, ...rule.nonResourceURLs].filter((resource) => !resource.includes('*') && !usedResources.has(resource));
  if (wildcards.length === 0 && unusedVerbs.length === 0 && unusedResources.length === 0) return 'kept';
  return { ...base, status: 'broader', used: [...new Set(hits.map(describe))], unusedVerbs, unusedResources, wildcards };
}

/** Compares a proposal with the subject's effective permissions in a snapshot. */
export function compareWithCurrent(proposal: RbacProposal, perms: EffectivePermissions): RbacComparison {
  const subject: SubjectRef = proposal.subject;
  const implied = new Set(impliedGroups(subject));
  // A user's groups come from its identity mapping (aws-auth, access entries), which the
  // audit log records: the authorizer counts their bindings too.
  const viaGroups = subject.kind === 'Group' ? [] : proposal.groups.filter((group) => !implied.has(group) && group !== subject.name);
  const superuser = subject.kind === 'Group' ? subject.name === MASTERS : viaGroups.includes(MASTERS);
  const all: SubjectBinding[] = [
    ...perms.bindingsOf(subject, { inherited: true }),
    ...viaGroups.flatMap((group) => perms.bindingsOf({ kind: 'Group', name: group })),
  ];
  const uncovered: UncoveredUse[] = [];
  if (!superuser) {
    const deniedKeys = new Set(tuplesOf(proposal.denied).map(describe));
    const seen = new Set<string>();
    for (const tuple of [...tuplesOf(proposal.used), ...tuplesOf(proposal.denied)]) {
      const key = describe(tuple);
      if (seen.has(key) || grantsFor(perms, all, tuple).length > 0) continue;
      seen.add(key);
      const entry: UncoveredUse = { what: useLabel(tuple.use), verb: tuple.verb, count: tuple.count, seenDenied: deniedKeys.has(key) };
      if (tuple.use.namespace !== undefined) entry.namespace = tuple.use.namespace;
      if (tuple.name !== undefined) entry.name = tuple.name;
      uncovered.push(entry);
    }
  }
  const held: HeldRule[] = [];
  let kept = 0;
  const used = tuplesOf(proposal.used);
  for (const binding of perms.bindingsOf(subject)) {
    const hits = new Map<SourcedRule, UseTuple[]>();
    for (const tuple of used) {
      for (const grant of grantsFor(perms, [binding], tuple)) {
        const list = hits.get(grant.rule) ?? [];
        list.push(tuple);
        hits.set(grant.rule, list);
      }
    }
    binding.role.rules.forEach((sourced, index) => {
      const verdict = judge(binding, index, sourced, hits.get(sourced) ?? []);
      if (verdict === 'kept') kept++;
      else held.push(verdict);
    });
  }
  return {
    known: perms.has(subject),
    superuser,
    held,
    kept,
    uncovered,
    unresolved: perms.unresolvedOf(subject).map((entry) => `${bindingLabel(entry)}: ${entry.reason}`),
    viaGroups,
  };
}
