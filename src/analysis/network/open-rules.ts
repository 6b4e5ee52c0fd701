/**
 * Rules that let everything through in a direction they isolate: no peer or port restriction,
 * every pod of every namespace, or every address (`0.0.0.0/0` without `except`).
 */
import type { EvidencePath } from '../../model/index.js';
import { getIn, isEmptySelector, type LabelSelector, isRecord } from '../../inventory/index.js';
import { isWholeInternet } from './cidr.js';
import { METADATA_NAME_LABEL, type Direction, type PolicyModel } from './policy-model.js';

export interface OpenRule {
  direction: Direction;
  path: EvidencePath;
  what: string;
}


function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A namespace selector that matches every namespace, now and later. */
function everyNamespace(selector: LabelSelector): boolean {
  if (isEmptySelector(selector)) return true;
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).every(
      (requirement) => requirement.key === METADATA_NAME_LABEL && requirement.operator === 'Exists',
    )
  );
}

function kubernetesPeerWhat(peer: Record<string, unknown>): string | undefined {
  if (isRecord(peer.ipBlock)) {
    const { cidr, except } = peer.ipBlock;
    return typeof cidr === 'string' && isWholeInternet(cidr) && list(except).length === 0
      ? `every address (${cidr})`
      : undefined;
  }
  if (!isRecord(peer.namespaceSelector) || !everyNamespace(peer.namespaceSelector)) return undefined;
  const podSelector = isRecord(peer.podSelector) ? (peer.podSelector as LabelSelector) : undefined;
  return !podSelector || isEmptySelector(podSelector) ? 'every pod in every namespace' : undefined;
}

function kubernetesOpenRules(policy: PolicyModel, direction: Direction): OpenRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  const found: OpenRule[] = [];
  list(getIn(policy.object, ['spec', key])).forEach((rule, index) => {
    if (!isRecord(rule) || list(rule.ports).length > 0) return;
    const peers = list(rule[peersKey]);
    const rulePath: EvidencePath = ['spec', key, index];
    if (peers.length === 0) {
      found.push({ direction, path: rulePath, what: 'all traffic' });
      return;
    }
    peers.forEach((peer, peerIndex) => {
      const what = isRecord(peer) ? kubernetesPeerWhat(peer) : undefined;
      if (what) found.push({ direction, path: [...rulePath, peersKey, peerIndex], what });
    });
  });
  return found;
}

function ciliumOpenRules(policy: PolicyModel, direction: Direction): OpenRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const side = direction === 'Ingress' ? 'from' : 'to';
  const found: OpenRule[] = [];
  for (const part of policy.parts) {
    if (!part.directions.has(direction)) continue;
    list(getIn(policy.object, [...part.specPath, key])).forEach((rule, index) => {
      if (!isRecord(rule) || list(rule.toPorts).length > 0) return;
      const rulePath: EvidencePath = [...part.specPath, key, index];
      list(rule[`${side}Entities`]).forEach((entity, entityIndex) => {
        if (entity === 'all' || entity === 'world') {
          const what = entity === 'all' ? 'every endpoint and address (entity "all")' : 'every address outside the cluster (entity "world")';
          found.push({ direction, path: [...rulePath, `${side}Entities`, entityIndex], what });
        }
      });
      list(rule[`${side}CIDR`]).forEach((cidr, cidrIndex) => {
        if (typeof cidr === 'string' && isWholeInternet(cidr)) {
          found.push({ direction, path: [...rulePath, `${side}CIDR`, cidrIndex], what: `every address (${cidr})` });
        }
      });
      list(rule[`${side}CIDRSet`]).forEach((set, setIndex) => {
        if (isRecord(set) && typeof set.cidr === 'string' && isWholeInternet(set.cidr) && list(set.except).length === 0) {
          found.push({ direction, path: [...rulePath, `${side}CIDRSet`, setIndex], what: `every address (${set.cidr})` });
        }
      });
    });
  }
  return found;
}

function calicoRemoteWhat(remote: Record<string, unknown>): string | undefined {
  const keys = Object.keys(remote);
  if (keys.length === 0) return 'all traffic';
  if (keys.length === 1 && keys[0] === 'nets') {
    const whole = list(remote.nets).find((net) => typeof net === 'string' && isWholeInternet(net));
    return typeof whole === 'string' ? `every address (${whole})` : undefined;
  }
  if (keys.length === 1 && keys[0] === 'namespaceSelector' && String(remote.namespaceSelector).replace(/\s/g, '') === 'all()') {
    return 'every pod in every namespace';
  }
  return undefined;
}

function calicoOpenRules(policy: PolicyModel, direction: Direction): OpenRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const found: OpenRule[] = [];
  list(getIn(policy.object, ['spec', key])).forEach((rule, index) => {
    if (!isRecord(rule) || rule.action !== 'Allow' || rule.protocol !== undefined) return;
    const destination = isRecord(rule.destination) ? rule.destination : {};
    if (destination.ports !== undefined || destination.notPorts !== undefined) return;
    const source = isRecord(rule.source) ? rule.source : {};
    const remote = direction === 'Ingress' ? source : destination;
    const local = direction === 'Ingress' ? destination : source;
    // A local-side selector only narrows which of the policy's pods the rule opens.
    const what = calicoRemoteWhat(remote);
    if (what && (direction === 'Egress' || Object.keys(local).every((field) => field === 'selector'))) {
      found.push({ direction, path: ['spec', key, index], what });
    }
  });
  return found;
}

export function openRules(policy: PolicyModel): OpenRule[] {
  if (policy.unsupported || policy.hostOnly) return [];
  const found: OpenRule[] = [];
  for (const direction of policy.directions) {
    if (policy.engine === 'kubernetes') found.push(...kubernetesOpenRules(policy, direction));
    else if (policy.engine === 'cilium') found.push(...ciliumOpenRules(policy, direction));
    else found.push(...calicoOpenRules(policy, direction));
  }
  return found;
}
