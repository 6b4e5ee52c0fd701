/**
 * Who needs to reach the Kubernetes API server, and where it is. A workload needs it when its
 * service account was seen using the API in the audit log (any answer counts: a denied request
 * still made the connection), or, without an audit log, when the service account holds RBAC
 * grants of its own. Either way the pods must carry its token, or they could not authenticate.
 */
import type { K8sObject } from '../../model/index.js';
import { getIn, isRecord, type InventoryView, type Workload } from '../../inventory/index.js';
import { EffectivePermissions, serviceAccountOf } from '../../analysis/rbac/effective-permissions.js';
import { mountsServiceAccountToken } from '../../analysis/rbac/service-account-token.js';
import { vpcRanges } from '../../graph/reachability/cluster-addresses.js';
import { parseCidr } from '../../analysis/network/cidr.js';
import type { ObservedApiRequest } from '../observed.js';

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

export function serviceAccountKey(workload: Workload): string {
  const subject = serviceAccountOf(workload);
  return `${subject.namespace ?? workload.namespace}/${subject.name}`;
}

/** `namespace/serviceaccount` → the audit evidence that it used the API. */
export function observedApiUsers(requests: Iterable<ObservedApiRequest>): Map<string, string> {
  const seen = new Map<string, { count: number; first: ObservedApiRequest }>();
  for (const request of requests) {
    const match = SERVICE_ACCOUNT_USER.exec(request.user);
    if (!match) continue;
    const key = `${match[1]}/${match[2]}`;
    const known = seen.get(key);
    if (known) known.count++;
    else seen.set(key, { count: 1, first: request });
  }
  const users = new Map<string, string>();
  for (const [key, { count, first }] of seen) {
    const what = first.resource ? `${first.verb} ${first.apiGroup ? `${first.apiGroup}/` : ''}${first.resource}${first.subresource ? `/${first.subresource}` : ''}` : `${first.verb} ${first.nonResourceURL ?? ''}`;
    users.set(key, `audit log: ${count} request${count === 1 ? '' : 's'} as ${first.user}, first ${what}${first.source ? ` (${first.source})` : ''}`);
  }
  return users;
}

/** `namespace/serviceaccount` → its own RBAC bindings, for service accounts some workload runs as. */
export function grantedApiUsers(inventory: InventoryView): Map<string, string> {
  const permissions = EffectivePermissions.of(inventory);
  const users = new Map<string, string>();
  for (const workload of inventory.workloads()) {
    const key = serviceAccountKey(workload);
    if (users.has(key)) continue;
    // Only bindings naming the account itself: every account is in system:authenticated, which proves nothing.
    const bindings = permissions.bindingsOf(serviceAccountOf(workload), { inherited: false });
    if (bindings.length === 0) continue;
    const named = bindings
      .slice(0, 3)
      .map((binding) => `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name} (${binding.role.kind} ${binding.role.name})`);
    users.set(key, `RBAC (no audit log given): bound by ${named.join(', ')}${bindings.length > 3 ? ` and ${bindings.length - 3} more` : ''}`);
  }
  return users;
}

/** Why the workload needs the API server, or undefined. */
export function apiNeed(inventory: InventoryView, workload: Workload, users: ReadonlyMap<string, string>): string | undefined {
  const reason = users.get(serviceAccountKey(workload));
  if (!reason) return undefined;
  const subject = serviceAccountOf(workload);
  const account = inventory.get('ServiceAccount', subject.namespace, subject.name);
  if (!mountsServiceAccountToken(workload, account)) return undefined;
  return `service account ${serviceAccountKey(workload)} uses the API — ${reason}`;
}

export interface ApiServerAddress {
  cidrs: string[];
  port: number;
  /** Where the addresses come from, for the comment. */
  source: string;
  /** A guess the reviewer should narrow. */
  guessed: boolean;
  /**
   * The `kubernetes` Service's ClusterIPs and port, when the inventory has them. Pods dial this
   * address; the VPC CNI's network policy agent judges egress on the pod's own interface, before
   * kube-proxy translates it to an endpoint, and its controller adds ClusterIPs only for peers
   * selecting a Service's pods — never for an ipBlock — so the endpoints alone would not do there.
   */
  service?: { cidrs: string[]; port: number };
}

function hostCidr(ip: string): string {
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`;
}

/** The `kubernetes` Service's endpoints (Endpoints or EndpointSlices in `default`). */
function endpointAddresses(inventory: InventoryView): { ips: string[]; port?: number; from: string } | undefined {
  const ips = new Set<string>();
  let port: number | undefined;
  const endpoints = inventory.get('Endpoints', 'default', 'kubernetes');
  const subsets = getIn(endpoints, ['subsets']);
  for (const subset of Array.isArray(subsets) ? subsets : []) {
    const addresses = getIn(subset, ['addresses']);
    for (const address of Array.isArray(addresses) ? addresses : []) if (isRecord(address) && typeof address.ip === 'string') ips.add(address.ip);
    const ports = getIn(subset, ['ports']);
    for (const entry of Array.isArray(ports) ? ports : []) if (isRecord(entry) && typeof entry.port === 'number') port ??= entry.port;
  }
  if (ips.size > 0) return { ips: [...ips].sort(), ...(port !== undefined && { port }), from: 'Endpoints default/kubernetes' };
  const slices = inventory
    .ofKind('EndpointSlice')
    .filter((slice: K8sObject) => slice.metadata?.namespace === 'default' && slice.metadata.labels?.['kubernetes.io/service-name'] === 'kubernetes');
  for (const slice of slices) {
    const list = getIn(slice, ['endpoints']);
    for (const endpoint of Array.isArray(list) ? list : []) {
      const addresses = getIn(endpoint, ['addresses']);
      for (const ip of Array.isArray(addresses) ? addresses : []) if (typeof ip === 'string') ips.add(ip);
    }
    const ports = getIn(slice, ['ports']);
    for (const entry of Array.isArray(ports) ? ports : []) if (isRecord(entry) && typeof entry.port === 'number') port ??= entry.port;
  }
  if (ips.size > 0) return { ips: [...ips].sort(), ...(port !== undefined && { port }), from: 'EndpointSlices of Service default/kubernetes' };
  return undefined;
}

/**
 * The API server's addresses as pods' connections reach NetworkPolicy: after the Service's
 * address is translated to an endpoint (kube-proxy and the VPC CNI policy agent both see the
 * endpoint). Given CIDRs win; then the endpoints; else the VPC, where EKS places the control
 * plane's network interfaces — a wide guess, flagged for the reviewer.
 */
export function apiServerAddress(inventory: InventoryView, given: readonly string[] | undefined): ApiServerAddress {
  const service = serviceAddress(inventory);
  const withService = (address: ApiServerAddress): ApiServerAddress => (service ? { ...address, service } : address);
  if (given && given.length > 0) return withService({ cidrs: [...given], port: 443, source: '--api-server-cidr', guessed: false });
  const endpoints = endpointAddresses(inventory);
  if (endpoints) return withService({ cidrs: endpoints.ips.map(hostCidr), port: endpoints.port ?? 443, source: endpoints.from, guessed: false });
  const { ranges, label } = vpcRanges(inventory);
  return withService({
    cidrs: [...ranges],
    port: 443,
    source: `${label}: the kubernetes Service's endpoints are not in the inventory, so the whole range is allowed (narrow it with --api-server-cidr)`,
    guessed: true,
  });
}

/** Service default/kubernetes's ClusterIPs and its https port. */
function serviceAddress(inventory: InventoryView): ApiServerAddress['service'] {
  const service = inventory.get('Service', 'default', 'kubernetes');
  const listed = getIn(service, ['spec', 'clusterIPs']);
  const single = getIn(service, ['spec', 'clusterIP']);
  const ips = (Array.isArray(listed) ? listed : [single]).filter((ip): ip is string => typeof ip === 'string' && parseCidr(hostCidr(ip)) !== undefined);
  if (ips.length === 0) return undefined;
  const ports: unknown = getIn(service, ['spec', 'ports']);
  const first: unknown = Array.isArray(ports) ? ports.find((entry: unknown) => isRecord(entry) && typeof entry.port === 'number' && (entry.protocol ?? 'TCP') === 'TCP') : undefined;
  return { cidrs: [...new Set(ips)].map(hostCidr), port: isRecord(first) && typeof first.port === 'number' ? first.port : 443 };
}
