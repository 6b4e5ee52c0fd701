/**
 * Traffic from outside the pod network that the inventory declares: LoadBalancer and NodePort
 * Services (kept open to 0.0.0.0/0 on their target ports: cutting an internet-facing service
 * silently would be an outage, narrowing it is a decision for a person), and Ingress backends
 * (from the ingress controller's pods when they run in the cluster, else from the VPC, where an
 * ALB's nodes or the nodes of an instance-mode target group live).
 */
import type { K8sObject } from '../../model/index.js';
import { getIn, isRecord, InventoryView, type Workload } from '../../inventory/index.js';
import { AUTO_MODE_INGRESS_CONTROLLER, LBC_INGRESS_CONTROLLER, ingressClassOf } from '../../analysis/network/load-balancers.js';
import { vpcRanges } from '../../graph/reachability/cluster-addresses.js';
import { internetIngress, PortSet } from '../../graph/reachability/index.js';
import { serviceLabel, workloadLabel } from './declared-flows.js';
import { describePorts, resolveTargetPort, serviceBackends, servicePorts, uniquePorts, type ServicePort } from './service-ports.js';
import { MANAGED_BY, MANAGED_BY_LABEL, type ExposureFlow, type PolicyPeer, type PolicyRuleSpec } from './types.js';
import { workloadPodLabels } from './workload-selector.js';

export interface ExposureRule {
  server: Workload;
  /** Absent when nothing of the exposure is open today: there is nothing to keep. */
  rule?: PolicyRuleSpec;
  flow: ExposureFlow;
}

/** How a Service leaves the cluster network by itself. */
function externalType(service: K8sObject): string | undefined {
  const type = getIn(service, ['spec', 'type']);
  if (type === 'LoadBalancer' || type === 'NodePort') return type;
  const ips = getIn(service, ['spec', 'externalIPs']);
  return Array.isArray(ips) && ips.length > 0 ? 'externalIPs' : undefined;
}

function resolvedOn(ports: readonly ServicePort[], server: Workload, notes: string[], via: string): ExposureRule['flow']['ports'] {
  const resolved = [];
  for (const port of ports) {
    const result = resolveTargetPort(port, server);
    if (result.ok) resolved.push(result.port);
    else notes.push(`${via} → ${workloadLabel(server)}: ${result.problem}; no rule for it`);
  }
  return uniquePorts(resolved);
}

/**
 * The inventory as it is without eksguard's own policies: what is open "today" must not count a
 * previous run's default deny as the cluster owner's choice.
 */
function withoutOwnPolicies(inventory: InventoryView): InventoryView {
  const own = (object: K8sObject): boolean => object.kind === 'NetworkPolicy' && object.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY;
  if (!inventory.objects.some(own)) return inventory;
  const objects = inventory.objects.filter((object) => !own(object)).map((object) => ({ object, origin: inventory.originOf(object) ?? { type: 'api' as const, api: 'k8s' as const } }));
  return new InventoryView({ source: inventory.source, objects, errors: [...inventory.errors], ...(inventory.aws && { aws: inventory.aws }) });
}

/**
 * LoadBalancer, NodePort and externalIPs Services, kept open to every address on the ports the
 * Internet reaches today. Ports that existing policies already close or narrow are left to them:
 * keeping an exposure must never widen it.
 */
function loadBalancerRules(inventory: InventoryView, notes: string[]): ExposureRule[] {
  const rules: ExposureRule[] = [];
  let today: { view: InventoryView; workloads: Map<K8sObject, Workload> } | undefined;
  for (const service of inventory.ofKind('Service')) {
    const type = externalType(service);
    if (!type) continue;
    const via = `${type} Service ${serviceLabel(service)}`;
    for (const server of serviceBackends(inventory, service)) {
      const ports = resolvedOn(servicePorts(service), server, notes, via);
      if (ports.length === 0) continue;
      if (!today) {
        const view = withoutOwnPolicies(inventory);
        today = { view, workloads: new Map(view.workloads().map((workload) => [workload.object, workload])) };
      }
      const current = today.workloads.get(server.object) ?? server;
      const open = ports.filter((port) => internetIngress(today?.view ?? inventory, current, PortSet.range(port.protocol, port.port)).reachable);
      const closed = ports.filter((port) => !open.includes(port));
      if (closed.length > 0) {
        notes.push(`${via} → ${workloadLabel(server)} on ${describePorts(closed)}: existing NetworkPolicies already keep it from every address; left to them, not opened`);
      }
      const flow: ExposureFlow = { server, via, kind: 'load-balancer', ports };
      if (open.length === 0) {
        rules.push({ server, flow });
        continue;
      }
      rules.push({
        server,
        flow,
        rule: {
          reason: `${via} exposes these pods beyond the cluster on ${describePorts(open)}: kept open to every address, as it is today (narrow it to the load balancer's source ranges if that is intended)`,
          peers: [{ ipBlock: { cidr: '0.0.0.0/0' }, reason: 'every IPv4 address: clients of the load balancer or node port' }],
          ports: open,
        },
      });
    }
  }
  return rules;
}

interface Backend {
  ingress: K8sObject;
  service: string;
  port: { number?: number; name?: string };
}

function ingressBackends(ingress: K8sObject): Backend[] {
  const found: Backend[] = [];
  const add = (backend: unknown): void => {
    const service = isRecord(backend) && isRecord(backend.service) ? backend.service : undefined;
    if (!service || typeof service.name !== 'string') return;
    const port = isRecord(service.port) ? service.port : {};
    const entry: Backend = { ingress, service: service.name, port: {} };
    if (typeof port.number === 'number') entry.port.number = port.number;
    if (typeof port.name === 'string') entry.port.name = port.name;
    found.push(entry);
  };
  add(getIn(ingress, ['spec', 'defaultBackend']));
  const rules = getIn(ingress, ['spec', 'rules']);
  for (const rule of Array.isArray(rules) ? rules : []) {
    const paths = getIn(rule, ['http', 'paths']);
    for (const path of Array.isArray(paths) ? paths : []) add(getIn(path, ['backend']));
  }
  return found;
}

/** The pods of an in-cluster ingress controller for a class, found by their flags or labels. */
function controllerWorkloads(inventory: InventoryView, className: string | undefined, controller: string | undefined): Workload[] {
  return inventory.workloads().filter((workload) => {
    const labels = workload.podMetadata.labels ?? {};
    if (controller === 'k8s.io/ingress-nginx' && labels['app.kubernetes.io/name'] === 'ingress-nginx' && labels['app.kubernetes.io/component'] === 'controller') {
      return true;
    }
    return workload.containers.some(({ container }) => {
      const args: unknown = container.args;
      return (
        Array.isArray(args) &&
        args.some(
          (arg) =>
            typeof arg === 'string' &&
            ((controller !== undefined && arg === `--controller-class=${controller}`) || (className !== undefined && arg === `--ingress-class=${className}`)),
        )
      );
    });
  });
}

/** Where an Ingress's traffic enters the pods from (controller pods, or VPC addresses), and why. */
interface IngressSources {
  peers: PolicyPeer[];
  controllers: Workload[];
  /** Why these peers, for the rule's comment. */
  why: string;
}

function ingressPeers(inventory: InventoryView, ingress: K8sObject): IngressSources {
  const info = ingressClassOf(ingress, inventory);
  const vpc = (why: string): IngressSources => {
    const { ranges, label } = vpcRanges(inventory);
    return { peers: ranges.map((cidr) => ({ ipBlock: { cidr }, reason: `${cidr}: ${label}` })), controllers: [], why };
  };
  if (info.controller === LBC_INGRESS_CONTROLLER || info.controller === AUTO_MODE_INGRESS_CONTROLLER) {
    return vpc(`from VPC addresses: class ${info.name ?? '(default)'} is an ALB (${info.controller}), whose nodes connect from the VPC`);
  }
  const controllers = controllerWorkloads(inventory, info.name, info.controller).filter((workload) => workload.podSpec.hostNetwork !== true);
  const peers: PolicyPeer[] = [];
  const found: Workload[] = [];
  for (const controller of controllers) {
    const labels = workloadPodLabels(controller);
    if (!labels) continue;
    found.push(controller);
    peers.push({ namespace: controller.namespace, podLabels: labels, reason: `the ingress controller ${workloadLabel(controller)} (class ${info.name ?? '(default)'})` });
  }
  if (peers.length > 0) return { peers, controllers: found, why: 'from its controller pods' };
  return vpc(`from VPC addresses: the controller of class ${info.name ?? '(default)'} (${info.controller ?? 'unknown'}) is not in the inventory or runs in the host network`);
}

function ingressRules(inventory: InventoryView, notes: string[]): ExposureRule[] {
  const rules: ExposureRule[] = [];
  for (const ingress of inventory.ofKind('Ingress')) {
    const namespace = ingress.metadata?.namespace ?? 'default';
    const via = `Ingress ${namespace}/${ingress.metadata?.name ?? ''}`;
    let sources: IngressSources | undefined;
    for (const backend of ingressBackends(ingress)) {
      const service = inventory.get('Service', namespace, backend.service);
      if (!service) {
        notes.push(`${via} names Service ${namespace}/${backend.service}, which is not in the inventory`);
        continue;
      }
      const port = servicePorts(service).find(
        (candidate) => (backend.port.number !== undefined && candidate.port === backend.port.number) || (backend.port.name !== undefined && candidate.name === backend.port.name),
      );
      if (!port) {
        notes.push(`${via}: Service ${serviceLabel(service)} has no port ${backend.port.number ?? backend.port.name ?? '(none given)'}`);
        continue;
      }
      sources ??= ingressPeers(inventory, ingress);
      for (const server of serviceBackends(inventory, service)) {
        const ports = resolvedOn([port], server, notes, via);
        if (ports.length === 0) continue;
        rules.push({
          server,
          flow: { server, via, kind: 'ingress', ports, controllers: sources.controllers, service },
          rule: { reason: `${via} routes to Service ${serviceLabel(service)} on ${describePorts(ports)}, ${sources.why}`, peers: sources.peers, ports },
        });
      }
    }
  }
  return rules;
}

/** Ingress rules for every exposed workload, Ingresses after load balancers, in inventory order. */
export function exposureRules(inventory: InventoryView, notes: string[]): ExposureRule[] {
  return [...loadBalancerRules(inventory, notes), ...ingressRules(inventory, notes)];
}
