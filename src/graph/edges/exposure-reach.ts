/**
 * How the Internet reaches a Service or a workload's pods, with the evidence and the resources
 * whose findings (svc-lb-internet-facing, svc-nodeport, svc-external-ips, sg-nodeport-world,
 * pod-host-port) open the way: an internet-facing load balancer not limited to private
 * clients, a NodePort or externalIP or hostPort that a node security group opens to the world.
 */
import type { K8sObject, ResourceRef, StepEvidence } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { getIn, isRecord, refOf, type InventoryView, type Workload } from '../../inventory/index.js';
import { serviceLoadBalancer, splitList, SVC, type ServiceLoadBalancer, type Setting } from '../../analysis/network/load-balancers.js';
import { securityGroupById } from '../../analysis/nodes/aws-resources.js';
import { groupLabel } from '../../analysis/nodes/security-groups.js';
import { isPublicRange, publicInboundRules, publicRanges } from './exposure-sources.js';
import { NODE_PORT_RANGE, protocolOf, worldOpenOnNodes } from './exposure-node-ports.js';

export interface Reach {
  evidence: StepEvidence[];
  /** Resources on which the exposes edge's checks report. */
  enabledBy: ResourceRef[];
  /** The exposure is presumed, not shown (unknown controller or security groups). */
  assumed?: boolean;
  /** In-cluster proxies the traffic passes through (ingress controller pods), if any. */
  proxies?: Workload[];
  /** Why the pods may see the traffic come from VPC addresses instead of the client's. */
  forwarded?: StepEvidence;
  /**
   * The front always hands the traffic over from its own or a node's VPC address (a proxy,
   * kube-proxy SNAT): the pods never see the client's address, so only `forwarded` counts.
   */
  hidesClient?: boolean;
}

/** `forwarded` and `hidesClient` of a Reach. */
export type Forwarding = Required<Pick<Reach, 'forwarded' | 'hidesClient'>>;

/** The pods see only VPC addresses. */
export function proxied(forwarded: StepEvidence): Forwarding {
  return { forwarded, hidesClient: true };
}

/** The pods may see the client's address or a VPC address. */
export function maybeForwarded(forwarded: StepEvidence): Forwarding {
  return { forwarded, hidesClient: false };
}

const NLB_TARGET_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
const TARGET_GROUP_ATTRIBUTES = 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes';

/** kube-proxy masquerades external traffic it forwards unless `externalTrafficPolicy: Local`. */
function clusterTrafficPolicy(service: K8sObject): Forwarding | undefined {
  if (getIn(service, ['spec', 'externalTrafficPolicy']) === 'Local') return undefined;
  return proxied({
    resource: evidenceRef(service),
    path: 'spec.externalTrafficPolicy',
    detail: 'externalTrafficPolicy Cluster: kube-proxy masquerades the connections, so pods see a node address',
  });
}

/**
 * Whether the pods behind a load balancer see VPC addresses: a Classic ELB proxies; NLB IP
 * targets keep the client address only with `preserve_client_ip.enabled=true`; instance
 * targets keep it up to the node, and kube-proxy keeps it only with `externalTrafficPolicy: Local`.
 */
function loadBalancerForwarding(service: K8sObject, lb: ServiceLoadBalancer): Forwarding | undefined {
  const annotations = service.metadata?.annotations ?? {};
  const resource = evidenceRef(service);
  if (lb.controller === 'other') {
    return maybeForwarded({ resource, path: 'spec.loadBalancerClass', detail: 'the load balancer is unknown: pods may see its VPC addresses' });
  }
  const preserve = /preserve_client_ip\.enabled=(true|false)/.exec(annotations[TARGET_GROUP_ATTRIBUTES] ?? '')?.[1];
  if (lb.controller === 'in-tree') {
    if (annotations[`${SVC}aws-load-balancer-type`] === 'nlb') return clusterTrafficPolicy(service);
    return proxied({ resource, detail: 'the Classic Load Balancer proxies connections: pods see its VPC addresses' });
  }
  // The AWS Load Balancer Controller defaults to instance targets; EKS Auto Mode is not assumed either way.
  const targetType = annotations[NLB_TARGET_TYPE] ?? (lb.controller === 'aws-load-balancer-controller' ? 'instance' : undefined);
  if (targetType === 'ip') {
    if (preserve === 'true') return undefined;
    return proxied({
      resource,
      path: formatPath(['metadata', 'annotations', NLB_TARGET_TYPE]),
      detail: 'NLB IP targets without client IP preservation: pods see the load balancer’s VPC addresses',
    });
  }
  if (targetType === 'instance' && preserve !== 'false') return clusterTrafficPolicy(service);
  return maybeForwarded({ resource, detail: 'the load balancer may not preserve client addresses: pods may see its VPC addresses' });
}

export function evidenceRef(object: K8sObject): StepEvidence['resource'] {
  return { kind: object.kind ?? '', namespace: object.metadata?.namespace ?? 'default', name: object.metadata?.name ?? '' };
}

export function objectLabel(object: K8sObject): string {
  return `${object.kind ?? ''} ${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? ''}`;
}

/** Client ranges of a load balancer: none means everyone; only private ranges mean no Internet. */
export function sourcesEvidence(ranges: Setting<string[]>, owner: K8sObject): StepEvidence | undefined {
  const resource = evidenceRef(ranges.object ?? owner);
  const path = formatPath(ranges.path);
  if (ranges.value.length === 0) return { resource, path, detail: 'no source ranges: any Internet client may connect' };
  const open = publicRanges(ranges.value);
  if (open.length === 0) return undefined;
  return { resource, path, detail: `accepts clients from ${open.join(', ')} (${ranges.source})` };
}

/**
 * User-supplied security groups replace the controller's inbound rules: the load balancer is
 * exposed when one admits an Internet range; assumed exposed when one is not in the AWS data.
 */
export function securityGroupsEvidence(setting: Setting<string>, owner: K8sObject, inventory: InventoryView): Reach | undefined {
  const byId = securityGroupById(inventory);
  const byName = new Map([...byId.values()].flatMap((group) => (group.GroupName ? [[group.GroupName, group] as const] : [])));
  const evidence: StepEvidence[] = [];
  let assumed = false;
  for (const key of splitList(setting.value)) {
    const group = byId.get(key) ?? byName.get(key);
    if (!group) {
      assumed = true;
      evidence.push({
        resource: evidenceRef(setting.object ?? owner),
        path: formatPath(setting.path),
        detail: `security group ${key} (${setting.source}) is not in the AWS data: assumed to admit Internet clients`,
      });
      continue;
    }
    for (const rule of publicInboundRules(group)) {
      evidence.push({
        resource: { kind: 'SecurityGroup', name: group.SecurityGroupArn ?? group.GroupId ?? key },
        path: formatPath(rule.path),
        detail: `security group ${groupLabel(group)} (${setting.source}) admits ${rule.cidr}`,
      });
    }
  }
  if (evidence.length === 0) return undefined;
  return assumed ? { evidence, enabledBy: [refOf(owner)], assumed } : { evidence, enabledBy: [refOf(owner)] };
}

/** A LoadBalancer Service whose load balancer accepts Internet clients. */
export function loadBalancerReach(service: K8sObject, inventory: InventoryView): Reach | undefined {
  const lb = serviceLoadBalancer(service, inventory);
  if (!lb) return undefined;
  const enabledBy = [refOf(service)];
  const forwarded = loadBalancerForwarding(service, lb);
  const withForwarding = (reach: Reach | undefined): Reach | undefined => (reach && forwarded ? { ...reach, ...forwarded } : reach);
  if (lb.controller === 'other') {
    return withForwarding({
      evidence: [
        {
          resource: evidenceRef(service),
          path: 'spec.loadBalancerClass',
          detail: `load balancer class "${lb.loadBalancerClass ?? ''}" belongs to a controller whose scheme eksguard does not know: assumed internet-facing`,
        },
      ],
      enabledBy,
      assumed: true,
    });
  }
  if (!lb.internetFacing.value) return undefined;
  const scheme: StepEvidence = {
    resource: evidenceRef(service),
    path: formatPath(lb.internetFacing.path),
    detail: `the load balancer is internet-facing (${lb.internetFacing.source})`,
  };
  if (lb.securityGroups) {
    const groups = securityGroupsEvidence(lb.securityGroups, service, inventory);
    return withForwarding(groups ? { ...groups, evidence: [scheme, ...groups.evidence] } : undefined);
  }
  const sources = sourcesEvidence(lb.sourceRanges, service);
  return withForwarding(sources ? { evidence: [scheme, sources], enabledBy } : undefined);
}

interface PortEntry {
  index: number;
  port: Record<string, unknown>;
}

function servicePorts(service: K8sObject): PortEntry[] {
  const ports = getIn(service, ['spec', 'ports']);
  return Array.isArray(ports) ? ports.flatMap((port: unknown, index) => (isRecord(port) ? [{ index, port }] : [])) : [];
}

function addReach(target: Reach, found: Reach): void {
  target.evidence.push(...found.evidence);
  for (const ref of found.enabledBy) {
    if (!target.enabledBy.some((known) => known.kind === ref.kind && known.name === ref.name && known.namespace === ref.namespace)) {
      target.enabledBy.push(ref);
    }
  }
}

/**
 * The node ports of a NodePort Service, or of a LoadBalancer Service that allocates them,
 * admitted from the whole Internet by a node security group. A port without a fixed nodePort
 * counts only when the whole NodePort range is open, since its number is not known.
 */
export function nodePortReach(service: K8sObject, inventory: InventoryView): Reach | undefined {
  const type = getIn(service, ['spec', 'type']);
  const allocates = type === 'NodePort' || (type === 'LoadBalancer' && getIn(service, ['spec', 'allocateLoadBalancerNodePorts']) !== false);
  if (!allocates) return undefined;
  // svc-nodeport reports NodePort Services only.
  const reach: Reach = { evidence: [], enabledBy: type === 'NodePort' ? [refOf(service)] : [] };
  let opened = false;
  for (const { index, port } of servicePorts(service)) {
    const protocol = protocolOf(port.protocol);
    if (!protocol) continue;
    const fixed = typeof port.nodePort === 'number' && port.nodePort > 0 ? port.nodePort : undefined;
    const [from, to] = fixed !== undefined ? [fixed, fixed] : NODE_PORT_RANGE;
    const open = worldOpenOnNodes(inventory, protocol, from, to);
    if (!open) continue;
    opened = true;
    reach.evidence.push({
      resource: evidenceRef(service),
      path: formatPath(['spec', 'ports', index, ...(fixed !== undefined ? ['nodePort'] : [])]),
      detail:
        fixed !== undefined
          ? `${String(type)} Service listens on node port ${fixed}/${protocol} of every node`
          : `${String(type)} Service listens on an allocated node port (${from}-${to}/${protocol}) of every node`,
    });
    addReach(reach, { evidence: open.evidence, enabledBy: open.enabledBy });
  }
  if (!opened) return undefined;
  const forwarded = clusterTrafficPolicy(service);
  return forwarded ? { ...reach, ...forwarded } : reach;
}

/**
 * Public `spec.externalIPs`: nodes forward traffic for them to the Service's pods, so the
 * Service is open where a node security group admits its ports from the whole Internet.
 */
export function externalIpReach(service: K8sObject, inventory: InventoryView): Reach | undefined {
  const ips = getIn(service, ['spec', 'externalIPs']);
  if (!Array.isArray(ips)) return undefined;
  const publicIps = ips.flatMap((ip: unknown, index) => (typeof ip === 'string' && isPublicRange(ip) ? [{ ip, index }] : []));
  if (publicIps.length === 0) return undefined;
  const reach: Reach = { evidence: [], enabledBy: [refOf(service)] };
  let opened = false;
  for (const { index, port } of servicePorts(service)) {
    const protocol = protocolOf(port.protocol);
    if (!protocol || typeof port.port !== 'number') continue;
    const open = worldOpenOnNodes(inventory, protocol, port.port, port.port);
    if (!open) continue;
    opened = true;
    reach.evidence.push({
      resource: evidenceRef(service),
      path: formatPath(['spec', 'ports', index, 'port']),
      detail: `nodes forward ${port.port}/${protocol} on the Service's external IPs to its pods`,
    });
    addReach(reach, open);
  }
  if (!opened) return undefined;
  reach.evidence.unshift(
    ...publicIps.map(({ ip, index }) => ({
      resource: evidenceRef(service),
      path: formatPath(['spec', 'externalIPs', index]),
      detail: `external IP ${ip} is a public address`,
    })),
  );
  const forwarded = clusterTrafficPolicy(service);
  return forwarded ? { ...reach, ...forwarded } : reach;
}

/**
 * Container ports bound on the node's address (hostPort, or any declared port with
 * hostNetwork) that a node security group admits from the whole Internet.
 */
export function hostPortReach(workload: Workload, inventory: InventoryView): Reach | undefined {
  const hostNetwork = workload.podSpec.hostNetwork === true;
  const reach: Reach = { evidence: [], enabledBy: [workload.resource] };
  const resource = { kind: workload.resource.kind, namespace: workload.namespace, name: workload.resource.name };
  for (const { container, name, path } of workload.containers) {
    const ports: unknown = container.ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((port: unknown, index) => {
      if (!isRecord(port)) return;
      const protocol = protocolOf(port.protocol);
      const hostPort = typeof port.hostPort === 'number' && port.hostPort > 0 ? port.hostPort : undefined;
      const bound = hostPort ?? (hostNetwork && typeof port.containerPort === 'number' ? port.containerPort : undefined);
      if (!protocol || bound === undefined) return;
      const open = worldOpenOnNodes(inventory, protocol, bound, bound);
      if (!open) return;
      reach.evidence.push({
        resource,
        path: formatPath([...path, 'ports', index, hostPort !== undefined ? 'hostPort' : 'containerPort']),
        detail:
          hostPort !== undefined
            ? `container "${name}" binds host port ${bound}/${protocol} on its node (NetworkPolicies may not apply to host ports)`
            : `container "${name}" shares the node's network and listens on ${bound}/${protocol}`,
      });
      addReach(reach, open);
    });
  }
  return reach.evidence.length > 0 ? reach : undefined;
}
