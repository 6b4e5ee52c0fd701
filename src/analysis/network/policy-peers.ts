/** Kubernetes NetworkPolicy peers and ports: what one rule lets through. */
import type { EvidencePath } from '../../model/index.js';
import { selectorMatches, type LabelSelector } from '../../inventory/index.js';
import { cidrTextContains } from './cidr.js';
import type { PodEndpoint } from './policy-model.js';

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

/**
 * Whether a peer selects a pod. `podSelector` alone means pods of the policy's namespace;
 * `namespaceSelector` is matched against the namespace's labels (which include
 * `kubernetes.io/metadata.name`); an `ipBlock` is left to address matching.
 */
export function peerSelectsPod(peer: NetworkPolicyPeer, policyNamespace: string, endpoint: PodEndpoint): boolean {
  if (peer.ipBlock) return false;
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, endpoint.namespaceLabels)
    : endpoint.namespace === policyNamespace;
  return namespaceOk && (!peer.podSelector || selectorMatches(peer.podSelector, endpoint.labels));
}

/** Whether a peer's `ipBlock` covers an address (and no `except` entry does). */
export function peerSelectsAddress(peer: NetworkPolicyPeer, address: string): boolean {
  const block = peer.ipBlock;
  if (!block?.cidr || !cidrTextContains(block.cidr, address)) return false;
  return !(block.except ?? []).some((excluded) => cidrTextContains(excluded, address));
}

/**
 * Whether a rule's ports admit a port on a destination outside the cluster. Named ports
 * resolve against a pod's container ports, so they never match an external address.
 */
export function portsAllow(ports: readonly NetworkPolicyPort[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((entry) => {
    if ((entry.protocol ?? 'TCP').toUpperCase() !== protocol.toUpperCase()) return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port !== 'number') return false;
    return entry.endPort !== undefined ? port >= entry.port && port <= entry.endPort : port === entry.port;
  });
}

/** The first rule (and peer) of a direction that admits traffic to or from an address. */
export function ruleAdmittingAddress(
  rules: readonly NetworkPolicyRule[] | undefined,
  peersKey: 'from' | 'to',
  address: string,
  port: number,
  protocol: string,
  rulesPath: EvidencePath,
): EvidencePath | undefined {
  for (const [index, rule] of (rules ?? []).entries()) {
    if (!portsAllow(rule.ports, port, protocol)) continue;
    const peers = rule[peersKey];
    if (!peers || peers.length === 0) return [...rulesPath, index];
    const peerIndex = peers.findIndex((peer) => peerSelectsAddress(peer, address));
    if (peerIndex >= 0) return [...rulesPath, index, peersKey, peerIndex];
  }
  return undefined;
}
