/** Generated policies as `networking.k8s.io/v1` NetworkPolicy objects, and as commented YAML. */
import { Document, type Node } from 'yaml';
import type { K8sObject } from '../../model/index.js';
import { MANAGED_BY, MANAGED_BY_LABEL, NAMESPACE_NAME_LABEL, type GeneratedPolicy, type PolicyPeer, type PolicyRuleSpec } from './types.js';

function peerObject(peer: PolicyPeer): Record<string, unknown> {
  if ('ipBlock' in peer) return { ipBlock: peer.ipBlock.except ? { cidr: peer.ipBlock.cidr, except: [...peer.ipBlock.except] } : { cidr: peer.ipBlock.cidr } };
  const entry: Record<string, unknown> = {};
  if (peer.namespace !== undefined) entry.namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } };
  entry.podSelector = Object.keys(peer.podLabels).length > 0 ? { matchLabels: { ...peer.podLabels } } : {};
  return entry;
}

function ruleObject(rule: PolicyRuleSpec, peersKey: 'from' | 'to'): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (rule.peers.length > 0) entry[peersKey] = rule.peers.map(peerObject);
  if (rule.ports.length > 0) entry.ports = rule.ports.map((port) => ({ protocol: port.protocol, port: port.port }));
  return entry;
}

export function policyManifest(policy: GeneratedPolicy): K8sObject {
  const spec: Record<string, unknown> = {
    podSelector: Object.keys(policy.podLabels).length > 0 ? { matchLabels: { ...policy.podLabels } } : {},
    policyTypes: [...policy.policyTypes],
  };
  if (policy.ingress.length > 0) spec.ingress = policy.ingress.map((rule) => ruleObject(rule, 'from'));
  if (policy.egress.length > 0) spec.egress = policy.egress.map((rule) => ruleObject(rule, 'to'));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: policy.name, namespace: policy.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    spec,
  };
}

/**
 * Inventory text made safe for one comment line: control characters and the characters YAML 1.1
 * parsers (go-yaml v2 under kubectl) end a line at — CR, NEL, LINE and PARAGRAPH SEPARATOR — are
 * written as `\uXXXX`, so a name cannot end its comment and become YAML.
 */
export function commentSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => ` ${commentSafe(line)}`)
    .join('\n');
}

function setComment(document: Document, path: Array<string | number>, text: string): void {
  const node = document.getIn(path, true) as Node | undefined;
  if (node) node.commentBefore = comment(text);
}

/** One YAML document: the policy with a comment above it and above each rule and peer. */
export function policyDocument(policy: GeneratedPolicy): Document {
  const document = new Document(policyManifest(policy));
  document.commentBefore = comment(policy.reason);
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    policy[direction].forEach((rule, index) => {
      setComment(document, ['spec', direction, index], rule.reason);
      rule.peers.forEach((peer, peerIndex) => setComment(document, ['spec', direction, index, peersKey, peerIndex], peer.reason));
    });
  }
  return document;
}

/** Every policy, as a multi-document YAML stream led by `header` (comment lines). */
export function renderPolicies(policies: readonly GeneratedPolicy[], header: readonly string[]): string {
  const lead = header
    .flatMap((line) => line.split('\n'))
    .map((line) => `#${line === '' ? '' : ` ${commentSafe(line)}`}\n`)
    .join('');
  return lead + policies.map((policy) => policyDocument(policy).toString({ lineWidth: 0 })).join('---\n');
}
