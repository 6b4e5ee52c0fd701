import type { K8sObject, PodSpec, Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { EffectivePermissions, serviceAccountOf, type SubjectBinding } from '../../../analysis/rbac/effective-permissions.js';
import { reachOf, takeoverCapabilities, takeoverCapabilitiesOf } from '../../../analysis/rbac/capabilities.js';
import { describeGrants, listText, reachText } from '../../../analysis/rbac/grant-text.js';
import {
  bindingPrefixes,
  ignoredBinding,
  rbacRequires,
  SUBJECT_OPTIONS,
  subjectFilter,
  unresolvedReason,
} from '../subject-check.js';
import { subjectKey, subjectLabel, type SubjectRef } from '../../../analysis/rbac/subjects.js';

interface NodeTarget extends Target {
  node: string;
  pods: K8sObject[];
}

/**
 * Per node, the union of the effective permissions of the service accounts of every pod
 * scheduled there (Pods with spec.nodeName, finished pods left out). Whoever escapes to the node
 * gets them all: the kubelet's credentials may request a token for the service account of any
 * pod bound to the node, so automountServiceAccountToken does not reduce this. The union
 * catches combinations no single account has (one can bind, another can write bindings).
 * Needs a live-cluster inventory; manifests have no scheduled pods.
 */
export const check = defineCheck<NodeTarget, 'takeover'>({
  id: 'rbac-node-blast-radius',
  title: 'Escaping to one node yields cluster takeover',
  severity: 'high',
  area: 'rbac',
  description:
    'A container escape lands on the node, where the kubelet can obtain the token of every service account whose pods run there. If those accounts together can take over the cluster, one node escape is a cluster compromise.',
  remediation:
    'Keep cluster-powerful controllers off the nodes that run untrusted or Internet-facing workloads (dedicated node groups with taints and nodeSelectors), and reduce their permissions.',
  messages: {
    takeover:
      'Node {{node}} runs pods whose service accounts together can take over the cluster, so escaping to this node is enough: {{capabilities}}. Granted by {{grants}}',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/node/'],
  options: { ...SUBJECT_OPTIONS },
  requires(inventory) {
    const rbac = rbacRequires(inventory);
    if (rbac) return rbac;
    if (podsByNode(inventory).size === 0) {
      return 'No scheduled pods (spec.nodeName) in the inventory: node blast radius needs a scan of a live cluster';
    }
    return undefined;
  },
  targets(inventory) {
    const byNode = podsByNode(inventory);
    const names = new Set([...byNode.keys(), ...inventory.ofKind('Node').map((node) => node.metadata?.name ?? '')]);
    return [...names]
      .filter((name) => name !== '')
      .sort()
      .map((node) => {
        const object = inventory.get('Node', undefined, node);
        const target: NodeTarget = { node, pods: byNode.get(node) ?? [], resource: { apiVersion: 'v1', kind: 'Node', name: node } };
        if (object) target.object = object;
        return target;
      });
  },
  evaluate(target, context) {
    const perms = EffectivePermissions.of(context.inventory);
    const excluded = subjectFilter(context.options);
    const prefixes = bindingPrefixes(context.options);
    const accounts = new Map<string, { subject: SubjectRef; pod: K8sObject }>();
    for (const pod of target.pods) {
      const subject = serviceAccountOf({ podSpec: (pod.spec ?? {}) as PodSpec, namespace: pod.metadata?.namespace ?? 'default' });
      if (!excluded(subject) && !accounts.has(subjectKey(subject))) accounts.set(subjectKey(subject), { subject, pod });
    }
    const union = new Map<string, SubjectBinding>();
    const holders = new Map<SubjectBinding, string[]>();
    for (const { subject } of accounts.values()) {
      for (const binding of perms.bindingsOf(subject, { inherited: true })) {
        if (ignoredBinding(binding, prefixes)) continue;
        const key = `${binding.kind}/${binding.namespace ?? ''}/${binding.name}/${binding.subjectIndex}`;
        const shared = union.get(key) ?? binding;
        union.set(key, shared);
        holders.set(shared, [...(holders.get(shared) ?? []), subjectKey(subject)]);
      }
    }
    const hits = takeoverCapabilities(perms, [...union.values()], takeoverCapabilitiesOf(context.inventory));
    if (hits.length > 0) {
      const label = (key: string): string => {
        const entry = accounts.get(key);
        return entry ? subjectLabel(entry.subject) : key;
      };
      const capabilities = hits.map((hit) => {
        const who = [...new Set(hit.grants.flatMap((grant) => holders.get(grant.binding) ?? []))].map(label);
        return `${hit.capability.label} ${reachText(reachOf(hit.grants))} (${listText(who, 3)})`;
      });
      const primary = hits[0]?.grants[0];
      const holderKey = primary ? holders.get(primary.binding)?.[0] : undefined;
      const pod = (holderKey ? accounts.get(holderKey)?.pod : undefined) ?? target.pods[0];
      context.fail(
        'takeover',
        { node: target.node, capabilities: capabilities.join('; '), grants: describeGrants(hits.flatMap((hit) => hit.grants)) },
        pod ? { object: pod, path: ['spec', 'serviceAccountName'] } : {},
      );
      return;
    }
    const seen = new Set<string>();
    for (const { subject } of accounts.values()) {
      for (const unresolved of perms.unresolvedOf(subject, { inherited: true })) {
        const key = `${unresolved.kind}/${unresolved.namespace ?? ''}/${unresolved.name}`;
        if (ignoredBinding(unresolved, prefixes) || seen.has(key)) continue;
        seen.add(key);
        context.notEvaluated(unresolvedReason(unresolved));
      }
    }
  },
});

const FINISHED = new Set(['Succeeded', 'Failed']);

function podsByNode(inventory: InventoryView): Map<string, K8sObject[]> {
  return inventory.cached('rbac:pods-by-node', () => {
    const map = new Map<string, K8sObject[]>();
    for (const pod of inventory.ofKind('Pod')) {
      const node = (pod.spec as PodSpec | undefined)?.nodeName;
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (!node || (phase && FINISHED.has(phase))) continue;
      let list = map.get(node);
      if (!list) map.set(node, (list = []));
      list.push(pod);
    }
    return map;
  });
}
