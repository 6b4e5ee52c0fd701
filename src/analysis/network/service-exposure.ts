/**
 * Which Services and Ingresses expose a workload beyond the cluster network: LoadBalancer or
 * NodePort Services, Services with `externalIPs`, and Services behind an Ingress. Services
 * reach pods through their map selector, Ingresses through `backend.service`.
 */
import type { K8sObject } from '../../model/index.js';
import { getIn, mapSelectorMatches, type InventoryView, type Workload, isRecord } from '../../inventory/index.js';
import { serviceLoadBalancer } from './load-balancers.js';

export interface Exposure {
  /** `internet-facing LoadBalancer Service shop/db`, `Ingress shop/web (via Service shop/web)`. */
  label: string;
  via: K8sObject;
  /** Pod ports the exposed Service ports forward to (numbers or port names). */
  targetPorts: Array<number | string>;
}

interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
}


function servicePorts(service: K8sObject): ServicePort[] {
  const ports = getIn(service, ['spec', 'ports']);
  return Array.isArray(ports) ? ports.filter(isRecord) : [];
}

function targetOf(port: ServicePort): number | string | undefined {
  return port.targetPort ?? port.port;
}

function name(object: K8sObject): string {
  return `${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? ''}`;
}

/** How a Service itself leaves the cluster network, if it does. */
function serviceExposure(service: K8sObject, inventory: InventoryView): string | undefined {
  const type = getIn(service, ['spec', 'type']);
  if (type === 'LoadBalancer') {
    const lb = serviceLoadBalancer(service, inventory);
    const scheme = !lb || lb.controller === 'other' ? '' : lb.internetFacing.value ? 'internet-facing ' : 'internal ';
    return `${scheme}LoadBalancer Service ${name(service)}`;
  }
  if (type === 'NodePort') return `NodePort Service ${name(service)}`;
  const externalIps = getIn(service, ['spec', 'externalIPs']);
  if (Array.isArray(externalIps) && externalIps.length > 0) return `Service ${name(service)} with externalIPs`;
  return undefined;
}

interface IngressBackend {
  ingress: K8sObject;
  port: { number?: number; name?: string };
}

/** Ingress backends by `namespace/service`. */
function ingressBackends(inventory: InventoryView): Map<string, IngressBackend[]> {
  return inventory.cached('network:ingress-backends', () => {
    const backends = new Map<string, IngressBackend[]>();
    const add = (ingress: K8sObject, backend: unknown): void => {
      const service = isRecord(backend) && isRecord(backend.service) ? backend.service : undefined;
      if (!service || typeof service.name !== 'string') return;
      const key = `${ingress.metadata?.namespace ?? 'default'}/${service.name}`;
      const port = isRecord(service.port) ? service.port : {};
      const entry: IngressBackend = { ingress, port: {} };
      if (typeof port.number === 'number') entry.port.number = port.number;
      if (typeof port.name === 'string') entry.port.name = port.name;
      let list = backends.get(key);
      if (!list) backends.set(key, (list = []));
      list.push(entry);
    };
    for (const ingress of inventory.ofKind('Ingress')) {
      add(ingress, getIn(ingress, ['spec', 'defaultBackend']));
      const rules = getIn(ingress, ['spec', 'rules']);
      for (const rule of Array.isArray(rules) ? rules : []) {
        const paths = getIn(rule, ['http', 'paths']);
        for (const path of Array.isArray(paths) ? paths : []) add(ingress, getIn(path, ['backend']));
      }
    }
    return backends;
  });
}

export function exposuresOf(inventory: InventoryView, workload: Workload): Exposure[] {
  const labels = workload.podMetadata.labels;
  const exposures: Exposure[] = [];
  const services = inventory.byNamespace('Service').get(workload.namespace) ?? [];
  for (const service of services) {
    const selector = getIn(service, ['spec', 'selector']) as Record<string, string> | undefined;
    if (!mapSelectorMatches(selector, labels)) continue;
    const ports = servicePorts(service);
    const own = serviceExposure(service, inventory);
    if (own) {
      exposures.push({
        label: own,
        via: service,
        targetPorts: ports.map(targetOf).filter((port): port is number | string => port !== undefined),
      });
    }
    for (const backend of ingressBackends(inventory).get(name(service)) ?? []) {
      const port = ports.find(
        (candidate) =>
          (backend.port.number !== undefined && candidate.port === backend.port.number) ||
          (backend.port.name !== undefined && candidate.name === backend.port.name),
      );
      const target = port ? targetOf(port) : undefined;
      if (target === undefined) continue;
      exposures.push({ label: `Ingress ${name(backend.ingress)} (via Service ${name(service)})`, via: backend.ingress, targetPorts: [target] });
    }
  }
  return exposures;
}
