/** Nodes and evidence shared by the RBAC edge builders: subjects, roles, grants as evidence. */
import type { GraphNodeRef, StepEvidence } from '../../model/index.js';
import type {
  BindingEntry,
  EffectivePermissions,
  Grant,
  ResolvedRole,
  RoleHolder,
  SourcedRule,
  SubjectBinding,
} from '../../analysis/rbac/effective-permissions.js';
import { describeGrant } from '../../analysis/rbac/grant-text.js';
import type { SubjectRef } from '../../analysis/rbac/subjects.js';
import { groupNode, nodeId, roleNode, serviceAccountNode, userNode } from '../nodes.js';
import type { GraphNode, SecurityGraph } from '../security-graph.js';

/** The node of a subject, added to the graph (service accounts with their object when known). */
export function addSubjectNode(graph: SecurityGraph, perms: EffectivePermissions, subject: SubjectRef): GraphNode {
  // Most calls find the node already there: skip building a node only to merge it.
  const known = graph.node(subject.kind === 'ServiceAccount' ? nodeId(subject.kind, subject.namespace ?? 'default', subject.name) : nodeId(subject.kind, undefined, subject.name));
  if (known) return known;
  switch (subject.kind) {
    case 'ServiceAccount':
      return graph.addNode(serviceAccountNode(subject.namespace ?? 'default', subject.name, perms.serviceAccountObject(subject)));
    case 'User':
      return graph.addNode(userNode(subject.name));
    case 'Group':
      return graph.addNode(groupNode(subject.name));
  }
}

/**
 * The node of the role a binding grants: a ClusterRole granted by a RoleBinding gets the
 * namespaced node (see roleNode), since it holds only in that namespace.
 */
export function addRoleNode(graph: SecurityGraph, role: ResolvedRole, bindingNamespace: string | undefined): GraphNode {
  const node = roleNode(role.kind, role.namespace, role.name, role.object, role.kind === 'ClusterRole' ? bindingNamespace : undefined);
  if (role.builtIn) node.attrs.builtIn = true;
  if (role.aggregated) node.attrs.aggregated = true;
  return graph.addNode(node);
}

export function bindingRef(binding: Pick<BindingEntry, 'kind' | 'namespace' | 'name'>): GraphNodeRef {
  const ref: GraphNodeRef = { kind: binding.kind, name: binding.name };
  if (binding.namespace !== undefined) ref.namespace = binding.namespace;
  return ref;
}

export function holderRef(holder: RoleHolder): GraphNodeRef {
  const ref: GraphNodeRef = { kind: holder.kind, name: holder.name };
  if (holder.kind === 'Role' && holder.namespace !== undefined) ref.namespace = holder.namespace;
  return ref;
}

/** `verbs [create] on pods, pods/exec`: one rule in a line. */
export function ruleText(grant: Grant): string {
  const raw = grant.rule.rule.raw;
  const list = (values: unknown): string => (Array.isArray(values) ? values.map(String).join(', ') : '');
  const what = raw.nonResourceURLs?.length ? `URLs ${list(raw.nonResourceURLs)}` : `${list(raw.resources)} in API groups [${list(raw.apiGroups)}]`;
  const names = raw.resourceNames?.length ? ` named ${list(raw.resourceNames)}` : '';
  return `verbs [${list(raw.verbs)}] on ${what}${names}`;
}

/** What grantEvidence says of one binding entry and rule, the same for every power it gives. */
interface GrantFacts {
  /** Distinguishes entries and rules (binding, subject index, rule holder and index). */
  key: string;
  resource: GraphNodeRef;
  path: string;
  description: string;
}

/**
 * Per binding entry and rule: thousands of subjects each get several evidence lists from the
 * same few grants, and rebuilding these strings each time was most of the allocation.
 */
const grantFacts = new WeakMap<SubjectBinding, Map<SourcedRule, GrantFacts>>();
const ruleEvidence = new WeakMap<SourcedRule, StepEvidence>();

function factsOf(grant: Grant): GrantFacts {
  const { binding, rule } = grant;
  let byRule = grantFacts.get(binding);
  if (!byRule) grantFacts.set(binding, (byRule = new Map<SourcedRule, GrantFacts>()));
  let facts = byRule.get(rule);
  if (!facts) {
    facts = {
      key: `${binding.kind}/${binding.namespace ?? ''}/${binding.name}/${binding.subjectIndex}/${rule.holder.kind}/${rule.holder.name}/${rule.index}`,
      resource: bindingRef(binding),
      path: `subjects[${binding.subjectIndex}]`,
      description: describeGrant(grant),
    };
    byRule.set(rule, facts);
  }
  return facts;
}

/** The evidence item naming a rule in its role; shared by every edge (items are never changed in place). */
function ruleItem(grant: Grant): StepEvidence {
  const { rule } = grant;
  let item = ruleEvidence.get(rule);
  if (!item) {
    item = {
      resource: holderRef(rule.holder),
      path: `rules[${rule.index}]`,
      detail: `${rule.holder.kind} "${rule.holder.name}" rules[${rule.index}]: ${ruleText(grant)}`,
    };
    ruleEvidence.set(rule, item);
  }
  return item;
}

/**
 * Evidence for an edge a set of grants creates: each distinct binding entry (up to `max`) at
 * its `subjects[i]`, naming the role and rule, and the rule itself of the first grant.
 */
export function grantEvidence(grants: readonly Grant[], what: string, max = 3): StepEvidence[] {
  const evidence: StepEvidence[] = [];
  // At most max + 1 keys are ever held: a list is cheaper than a Set.
  const seen: string[] = [];
  for (const grant of grants) {
    const facts = factsOf(grant);
    if (seen.includes(facts.key)) continue;
    seen.push(facts.key);
    if (seen.length > max) break;
    evidence.push({ resource: facts.resource, path: facts.path, detail: `${what}: ${facts.description}` });
  }
  const first = grants[0];
  if (first?.rule.holder.object) evidence.push(ruleItem(first));
  return evidence;
}
