/**
 * NetworkPolicy reachability between workloads, and from the Internet into them.
 *
 * Kubernetes NetworkPolicy is evaluated exactly (selectors, namespace labels, policyTypes,
 * ipBlock with except, ports with protocol, endPort and named ports). An ipBlock matches pods
 * and nodes when it overlaps the ranges their addresses come from (cluster-addresses.ts), and
 * selectors never match host-network pods, which speak with the node's address. Cilium and Calico
 * policies are recognised but their rules are not evaluated, and a direction they select is
 * assumed open. Pods are grouped into equivalence classes so no N² pair list is ever built.
 */
export type { ReachVerdict } from './verdict.js';
export { NetworkReachability, type ReachableWorkload } from './network-reachability.js';
export { forwardedIngress, internetIngress } from './internet-ingress.js';
export { PortSet } from './port-set.js';
