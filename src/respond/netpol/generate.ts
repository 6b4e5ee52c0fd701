/**
 * NetworkPolicies from declared traffic: per namespace in scope a default deny (ingress and
 * egress) and DNS egress to kube-dns, then per workload one policy allowing exactly what the
 * inventory declares — its Services' clients in, its own Service calls out, load balancer and
 * Ingress traffic in, the API server out when its service account uses the API, the Internet out
 * when asked. Pure: inventory and options in, policies with their reasons out.
 */
import { createHash } from 'node:crypto';
import { getIn, type InventoryView, type Workload } from '../../inventory/index.js';
import type { ObservedApiRequest } from '../observed.js';
import { apiNeed, apiServerAddress, grantedApiUsers, observedApiUsers, type ApiServerAddress } from './api-access.js';
import { declaredFlows, serviceLabel, workloadLabel } from './declared-flows.js';
import { exposureRules, type ExposureRule } from './exposure-sources.js';
import { NON_PUBLIC_IPV4, peerKey, servicePeer, workloadPeers } from './peers.js';
import { describePorts, serviceSelector, uniquePorts } from './service-ports.js';
import { MANAGED_BY, MANAGED_BY_LABEL, type DeclaredFlow, type GeneratedPolicy, type GenerateOptions, type GenerateResult, type PolicyPeer, type PolicyRuleSpec } from './types.js';
import { workloadPodLabels } from './workload-selector.js';

/** Namespaces left alone unless named: the control plane's and the cluster's own. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

export const DEFAULT_DENY_NAME = 'eksguard-default-deny';
export const DNS_POLICY_NAME = 'eksguard-default-dns';
export const ALLOW_PREFIX = 'eksguard-allow-';
const API_PEER_REASON = 'Kubernetes API server';

/** A generation request the inventory cannot satisfy (a name that is not there). */
export class NetpolInputError extends Error {}

export interface NetpolResult extends GenerateResult {
  apiServer: ApiServerAddress;
  /** The kube-dns pods' labels the DNS rule selects. */
  dnsLabels: Record<string, string>;
}

function kubeDnsLabels(inventory: InventoryView): { labels: Record<string, string>; reason: string } {
  const service = inventory.get('Service', 'kube-system', 'kube-dns');
  const selector = service ? serviceSelector(service) : undefined;
  if (selector) return { labels: selector, reason: 'cluster DNS: the pods of Service kube-system/kube-dns, UDP and TCP 53' };
  return { labels: { 'k8s-app': 'kube-dns' }, reason: 'cluster DNS: CoreDNS pods (k8s-app=kube-dns in kube-system, as EKS labels them), UDP and TCP 53' };
}

function scopeOf(inventory: InventoryView, options: GenerateOptions, notes: string[]): string[] {
  const known = inventory.namespaceNames();
  if (!options.namespaces || options.namespaces.length === 0) return known.filter((namespace) => !SYSTEM_NAMESPACES.includes(namespace));
  for (const namespace of options.namespaces) {
    if (!known.includes(namespace)) notes.push(`namespace ${namespace} is not in the inventory: only its default deny and DNS policies are written`);
  }
  return [...new Set(options.namespaces)].sort();
}

function internetEgressSet(inventory: InventoryView, names: readonly string[] | undefined): Set<Workload> {
  const chosen = new Set<Workload>();
  for (const name of names ?? []) {
    const slash = name.indexOf('/');
    const matches = inventory.workloads().filter((workload) => slash > 0 && workload.namespace === name.slice(0, slash) && workload.resource.name === name.slice(slash + 1));
    if (matches.length === 0) throw new NetpolInputError(`--allow-internet-egress ${name}: no workload namespace/name of that name in the inventory`);
    for (const workload of matches) chosen.add(workload);
  }
  return chosen;
}

function existingPolicies(inventory: InventoryView, namespaces: readonly string[]): GenerateResult['existing'] {
  const existing: GenerateResult['existing'] = [];
  for (const namespace of namespaces) {
    const names = (inventory.byNamespace('NetworkPolicy').get(namespace) ?? [])
      .filter((policy) => policy.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY)
      .map((policy) => policy.metadata?.name ?? '')
      .sort();
    if (names.length > 0) existing.push({ namespace, policies: names });
  }
  return existing;
}

/** Merges rules with the same reason and ports, and peers already present. */
function addRule(rules: PolicyRuleSpec[], rule: PolicyRuleSpec): void {
  const ports = JSON.stringify(rule.ports);
  const same = rules.find((known) => known.reason === rule.reason && JSON.stringify(known.ports) === ports);
  if (!same) {
    rules.push({ ...rule, peers: [...rule.peers] });
    return;
  }
  const keys = new Set(same.peers.map(peerKey));
  for (const peer of rule.peers) if (!keys.has(peerKey(peer))) same.peers.push(peer);
}

/** Ingress rules from the declared clients of each Service the workload backs. */
function clientRules(inventory: InventoryView, workload: Workload, flows: readonly DeclaredFlow[]): PolicyRuleSpec[] {
  const byService = new Map<string, DeclaredFlow[]>();
  for (const flow of flows) {
    if (flow.server !== workload) continue;
    const key = serviceLabel(flow.service);
    byService.set(key, [...(byService.get(key) ?? []), flow]);
  }
  return [...byService.keys()].sort().map((key) => {
    const list = byService.get(key) ?? [];
    const peers: PolicyPeer[] = [];
    const seen = new Set<string>();
    for (const flow of list) {
      for (const peer of workloadPeers(inventory, flow.client, workload.namespace, `${workloadLabel(flow.client)}: ${flow.evidence}`)) {
        if (seen.has(peerKey(peer))) continue;
        seen.add(peerKey(peer));
        peers.push(peer);
      }
    }
    const ports = uniquePorts(list.flatMap((flow) => flow.ports));
    return { reason: `declared clients of Service ${key} (target ports ${describePorts(ports)})`, peers, ports };
  });
}

/** Egress rules to the pods of each Service the workload names. */
function serviceCallRules(workload: Workload, flows: readonly DeclaredFlow[]): PolicyRuleSpec[] {
  const byService = new Map<string, DeclaredFlow[]>();
  for (const flow of flows) {
    if (flow.client !== workload) continue;
    const key = serviceLabel(flow.service);
    byService.set(key, [...(byService.get(key) ?? []), flow]);
  }
  const rules: PolicyRuleSpec[] = [];
  for (const key of [...byService.keys()].sort()) {
    const list = byService.get(key) ?? [];
    const first = list[0] as DeclaredFlow;
    const ports = uniquePorts(list.flatMap((flow) => flow.ports));
    const peer = servicePeer(first.service, workload.namespace, `pods of Service ${key}`);
    if (peer) rules.push({ reason: `calls Service ${key} on ${describePorts(ports)}: ${first.evidence}`, peers: [peer], ports });
  }
  return rules;
}

/** Egress of an in-cluster ingress controller to the pods of the Services its Ingresses route to. */
function controllerRules(workload: Workload, exposures: readonly ExposureRule[]): PolicyRuleSpec[] {
  const rules: PolicyRuleSpec[] = [];
  for (const { flow } of exposures) {
    if (!flow.service || !flow.controllers?.includes(workload)) continue;
    const peer = servicePeer(flow.service, workload.namespace, `pods of Service ${serviceLabel(flow.service)}`);
    if (peer) rules.push({ reason: `${flow.via} routes through this controller to Service ${serviceLabel(flow.service)} on ${describePorts(flow.ports)}`, peers: [peer], ports: flow.ports });
  }
  return rules;
}

/** The longest object name the API server takes (a DNS-1123 subdomain). */
const MAX_NAME = 253;

/** `name` cut to fit, ending in a hash of what it stood for, still a DNS-1123 subdomain. */
function fitName(name: string, identity: string): string {
  if (name.length <= MAX_NAME) return name;
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 10);
  return `${name.slice(0, MAX_NAME - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}

/** `eksguard-allow-<workload>`, with the kind when two kinds share a name, and never two alike. */
function policyNames(workloads: readonly Workload[]): Map<Workload, string> {
  const counts = new Map<string, number>();
  for (const workload of workloads) counts.set(workload.resource.name, (counts.get(workload.resource.name) ?? 0) + 1);
  const names = new Map<Workload, string>();
  const taken = new Set<string>([DEFAULT_DENY_NAME, DNS_POLICY_NAME]);
  // Unsuffixed names first, so `svc-deployment` keeps its name and the clashing Deployment `svc` moves.
  const ordered = [...workloads].sort((a, b) => Number((counts.get(a.resource.name) ?? 0) > 1) - Number((counts.get(b.resource.name) ?? 0) > 1));
  for (const workload of ordered) {
    const identity = `${workload.resource.kind}/${workload.resource.name}`;
    const clash = (counts.get(workload.resource.name) ?? 0) > 1;
    let name = fitName(`${ALLOW_PREFIX}${workload.resource.name}${clash ? `-${workload.resource.kind.toLowerCase()}` : ''}`, identity);
    if (taken.has(name)) name = fitName(`${name}-${createHash('sha256').update(identity).digest('hex').slice(0, 10)}`, `${identity}/again`);
    taken.add(name);
    names.set(workload, name);
  }
  return names;
}

/** Egress to the API server's endpoints and, where pods dial it, the `kubernetes` Service's ClusterIP. */
function apiRules(need: string, apiServer: ApiServerAddress): PolicyRuleSpec[] {
  const reason = `${need}; API server at ${apiServer.source}`;
  const rules: PolicyRuleSpec[] = [
    { reason, peers: apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr }, reason: API_PEER_REASON })), ports: [{ protocol: 'TCP', port: apiServer.port }] },
  ];
  const service = apiServer.service;
  if (!service) return rules;
  const peers: PolicyPeer[] = service.cidrs
    .filter((cidr) => !apiServer.cidrs.includes(cidr))
    .map((cidr) => ({
      ipBlock: { cidr },
      reason: `${API_PEER_REASON}: ClusterIP of Service default/kubernetes, which pods dial; the VPC CNI network policy agent checks egress before the ClusterIP is translated to an endpoint`,
    }));
  if (peers.length === 0) return rules;
  if (service.port === apiServer.port) (rules[0] as PolicyRuleSpec).peers.push(...peers);
  else rules.push({ reason: `${need}; the kubernetes Service's ClusterIP on its port ${service.port}`, peers, ports: [{ protocol: 'TCP', port: service.port }] });
  return rules;
}

function namespacePolicies(namespace: string, dns: { labels: Record<string, string>; reason: string }): GeneratedPolicy[] {
  return [
    {
      name: DEFAULT_DENY_NAME,
      namespace,
      reason: `default deny for namespace ${namespace}: every pod isolated for ingress and egress; the eksguard-allow-* policies and any existing ones add what is allowed`,
      podLabels: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    },
    {
      name: DNS_POLICY_NAME,
      namespace,
      reason: `every pod of ${namespace} may resolve names`,
      podLabels: {},
      policyTypes: ['Egress'],
      ingress: [],
      egress: [
        {
          reason: dns.reason,
          peers: [{ namespace: 'kube-system', podLabels: dns.labels, reason: 'kube-dns pods' }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  ];
}

export function generateNetworkPolicies(
  inventory: InventoryView,
  options: GenerateOptions = {},
  observed?: readonly ObservedApiRequest[],
): NetpolResult {
  const notes: string[] = [];
  const namespaces = scopeOf(inventory, options, notes);
  const inScope = new Set(namespaces);
  const internet = internetEgressSet(inventory, options.allowInternetEgress);
  const flows = declaredFlows(inventory, options.clusterDomain ?? 'cluster.local', notes);
  const exposures = exposureRules(inventory, notes);
  const apiUsers = observed ? observedApiUsers(observed) : grantedApiUsers(inventory);
  const apiServer = apiServerAddress(inventory, options.apiServerCidrs);
  const dns = kubeDnsLabels(inventory);

  const policies: GeneratedPolicy[] = [];
  const workloads = inventory.workloads().filter((workload) => inScope.has(workload.namespace));
  for (const namespace of namespaces) {
    policies.push(...namespacePolicies(namespace, dns));
    const here = workloads.filter((workload) => workload.namespace === namespace);
    const names = policyNames(here);
    const mine: GeneratedPolicy[] = [];
    for (const workload of here) {
      if (workload.podSpec.hostNetwork === true) {
        notes.push(`${workloadLabel(workload)} runs in the host network: NetworkPolicy does not apply to it`);
        continue;
      }
      const labels = workloadPodLabels(workload);
      if (!labels) {
        notes.push(`${workloadLabel(workload)} has pods without labels: no policy can select them alone, so only the default deny and DNS apply`);
        continue;
      }
      const ingress: PolicyRuleSpec[] = [];
      for (const rule of clientRules(inventory, workload, flows)) addRule(ingress, rule);
      for (const exposure of exposures) if (exposure.server === workload && exposure.rule) addRule(ingress, exposure.rule);
      const egress = serviceCallRules(workload, flows);
      for (const rule of controllerRules(workload, exposures)) addRule(egress, rule);
      const api = apiNeed(inventory, workload, apiUsers);
      if (api) for (const rule of apiRules(api, apiServer)) addRule(egress, rule);
      if (internet.has(workload)) {
        egress.push({
          reason: 'the Internet, as --allow-internet-egress asked: every public IPv4 address, not the VPC, private ranges or the instance metadata service',
          peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_IPV4 }, reason: 'public IPv4 addresses' }],
          ports: [],
        });
      }
      if (ingress.length === 0 && egress.length === 0) continue;
      const policyTypes: GeneratedPolicy['policyTypes'] = [];
      if (ingress.length > 0) policyTypes.push('Ingress');
      if (egress.length > 0) policyTypes.push('Egress');
      mine.push({
        name: names.get(workload) ?? `${ALLOW_PREFIX}${workload.resource.name}`,
        namespace,
        reason: `what ${workloadLabel(workload)} is declared to need`,
        podLabels: labels,
        policyTypes,
        ingress,
        egress,
        workload: workload.resource,
      });
    }
    policies.push(...mine.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }
  if (apiServer.guessed && policies.some((policy) => policy.egress.some((rule) => rule.peers.some((peer) => peer.reason === API_PEER_REASON)))) {
    notes.push(`API server address: ${apiServer.source}`);
  }
  const selectorsWithExpressions = workloads.filter((workload) => getIn(workload.object, ['spec', 'selector', 'matchExpressions']) !== undefined);
  for (const workload of selectorsWithExpressions) notes.push(`${workloadLabel(workload)} selects its pods with matchExpressions: its policy selects them by their template labels instead`);
  return {
    policies,
    namespaces,
    flows,
    exposures: exposures.map((exposure) => exposure.flow),
    apiUsers,
    existing: existingPolicies(inventory, namespaces),
    notes,
    apiServer,
    dnsLabels: dns.labels,
  };
}
