/** `from`/`to` entries for workloads and Services, and the address ranges the generator uses. */
import type { Workload } from '../../inventory/index.js';
import { vpcRanges } from '../../graph/reachability/cluster-addresses.js';
import type { InventoryView } from '../../inventory/index.js';
import { serviceLabel, workloadLabel } from './declared-flows.js';
import { serviceSelector } from './service-ports.js';
import type { PolicyPeer } from './types.js';
import { sortedLabels, workloadPodLabels } from './workload-selector.js';
import type { K8sObject } from '../../model/index.js';

/** Private, shared, link-local (IMDS) and loopback ranges: "the Internet" is everything else. */
export const NON_PUBLIC_IPV4 = ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];

/** Peers for the pods of a workload, seen from a policy in `policyNamespace`. */
export function workloadPeers(inventory: InventoryView, workload: Workload, policyNamespace: string, reason: string): PolicyPeer[] {
  if (workload.podSpec.hostNetwork === true) {
    // NetworkPolicy selectors never select host-network pods: they speak with the node's address.
    const { ranges, label } = vpcRanges(inventory);
    return ranges.map((cidr) => ({ ipBlock: { cidr }, reason: `${reason}; ${workloadLabel(workload)} runs in the host network, so its node addresses (${label}) are allowed` }));
  }
  const labels = workloadPodLabels(workload);
  const peer: PolicyPeer = labels
    ? { podLabels: labels, reason }
    : { podLabels: {}, reason: `${reason}; its pods carry no labels, so every pod of namespace ${workload.namespace} is allowed` };
  if (workload.namespace !== policyNamespace && 'podLabels' in peer) peer.namespace = workload.namespace;
  return [peer];
}

/** A peer for the pods behind a Service, by the Service's own selector. */
export function servicePeer(service: K8sObject, policyNamespace: string, reason: string): PolicyPeer | undefined {
  const selector = serviceSelector(service);
  if (!selector) return undefined;
  const namespace = service.metadata?.namespace ?? 'default';
  const peer: PolicyPeer = { podLabels: sortedLabels(selector), reason: reason || `pods of Service ${serviceLabel(service)}` };
  if (namespace !== policyNamespace) peer.namespace = namespace;
  return peer;
}

export function peerKey(peer: PolicyPeer): string {
  return 'ipBlock' in peer ? `ip:${peer.ipBlock.cidr}` : `pod:${peer.namespace ?? ''}:${JSON.stringify(peer.podLabels)}`;
}
