/**
 * Whether an Ingress is an Internet entry point, and where it sends traffic. An ALB Ingress is
 * exposed when its ALB is internet-facing and admits Internet clients. Any other Ingress is
 * served by an in-cluster controller (ingress-nginx, Traefik, …): exposed when that
 * controller's own Service is; when the controller cannot be found in the input, the Ingress is
 * assumed exposed, since publishing is what Ingresses are for.
 */
import type { EvidencePath, K8sObject } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { getIn, isRecord, mapSelectorMatches, refOf, type InventoryView, type Workload } from '../../inventory/index.js';
import { albIngress, ingressClassOf, type IngressClassInfo } from '../../analysis/network/load-balancers.js';
import { parseImage } from '../../analysis/network/image-ref.js';
import {
  evidenceRef,
  externalIpReach,
  loadBalancerReach,
  nodePortReach,
  objectLabel,
  securityGroupsEvidence,
  maybeForwarded,
  proxied,
  sourcesEvidence,
  type Reach,
} from './exposure-reach.js';
import type { ServicePortRef } from './exposure-target-ports.js';

/** Services of a namespace; objects without one live in `default`. */
export function servicesIn(inventory: InventoryView, namespace: string): K8sObject[] {
  const byNamespace = inventory.byNamespace('Service');
  const own = byNamespace.get(namespace) ?? [];
  return namespace === 'default' ? [...own, ...(byNamespace.get('') ?? [])] : own;
}

/** How the Internet reaches a Service by itself (load balancer, node ports, external IPs). */
export function serviceReaches(service: K8sObject, inventory: InventoryView): Array<{ via: 'load-balancer' | 'node-port' | 'external-ip'; reach: Reach }> {
  const found: Array<{ via: 'load-balancer' | 'node-port' | 'external-ip'; reach: Reach }> = [];
  const lb = loadBalancerReach(service, inventory);
  if (lb) found.push({ via: 'load-balancer', reach: lb });
  const nodePorts = nodePortReach(service, inventory);
  if (nodePorts) found.push({ via: 'node-port', reach: nodePorts });
  const external = externalIpReach(service, inventory);
  if (external) found.push({ via: 'external-ip', reach: external });
  return found;
}

export function ingressReach(ingress: K8sObject, inventory: InventoryView): Reach | undefined {
  const alb = albIngress(ingress, inventory);
  if (!alb) return controllerReach(ingress, inventory);
  if (!alb.internetFacing.value) return undefined;
  const scheme = {
    resource: evidenceRef(alb.internetFacing.object ?? ingress),
    path: formatPath(alb.internetFacing.path),
    detail: `the ALB is internet-facing (${alb.internetFacing.source})`,
  };
  // An ALB always terminates the client's connection and opens its own from its VPC addresses.
  const forwarded = proxied({ resource: evidenceRef(ingress), detail: 'the ALB proxies connections: pods see its VPC addresses, never the client’s' });
  if (alb.securityGroups) {
    const groups = securityGroupsEvidence(alb.securityGroups, ingress, inventory);
    return groups ? { ...groups, evidence: [scheme, ...groups.evidence], ...forwarded } : undefined;
  }
  const sources = sourcesEvidence(alb.inboundCidrs, ingress);
  // svc-lb-internet-facing reports on the Ingress even when a setting lives on another object.
  return sources ? { evidence: [scheme, sources], enabledBy: [refOf(ingress)], ...forwarded } : undefined;
}

function classPath(ingress: K8sObject): string {
  return isRecord(ingress.spec) && typeof ingress.spec.ingressClassName === 'string'
    ? 'spec.ingressClassName'
    : ingress.metadata?.annotations?.['kubernetes.io/ingress.class'] !== undefined
      ? formatPath(['metadata', 'annotations', 'kubernetes.io/ingress.class'])
      : 'spec.ingressClassName';
}

function classLabel(info: IngressClassInfo): string {
  if (!info.name) return 'no ingress class';
  return info.controller ? `ingress class "${info.name}" (controller ${info.controller})` : `ingress class "${info.name}"`;
}

function controllerReach(ingress: K8sObject, inventory: InventoryView): Reach | undefined {
  const info = ingressClassOf(ingress, inventory);
  const controllers = controllerWorkloads(inventory, info);
  const classEvidence = (detail: string): Reach['evidence'][number] => ({ resource: evidenceRef(ingress), path: classPath(ingress), detail });
  if (controllers.length === 0) {
    return {
      evidence: [classEvidence(`${classLabel(info)}: its controller is not in the input, so the Ingress is assumed internet-facing`)],
      enabledBy: [],
      assumed: true,
      ...maybeForwarded(classEvidence('the ingress controller is unknown: pods may see the traffic come from private addresses')),
    };
  }
  for (const controller of controllers) {
    for (const service of servicesIn(inventory, controller.namespace)) {
      const selector = getIn(service, ['spec', 'selector']) as Record<string, string> | undefined;
      if (!mapSelectorMatches(selector, controller.podMetadata.labels)) continue;
      const reaches = serviceReaches(service, inventory);
      if (reaches.length === 0) continue;
      const controllerName = `${controller.resource.kind} ${controller.namespace}/${controller.resource.name}`;
      return {
        evidence: [
          classEvidence(`${classLabel(info)} is served by ${controllerName}`),
          { resource: evidenceRef(service), path: 'spec.selector', detail: `the controller's pods are behind ${objectLabel(service)}` },
          ...reaches.flatMap(({ reach }) => reach.evidence),
        ],
        enabledBy: reaches.flatMap(({ reach }) => reach.enabledBy),
        proxies: [controller],
        ...(reaches.some(({ reach }) => reach.assumed) && { assumed: true }),
      };
    }
  }
  return undefined;
}

/** Container images of controllers that serve a class without saying so in their arguments. */
const DEFAULT_CONTROLLER_IMAGES: Record<string, (repository: string) => boolean> = {
  'k8s.io/ingress-nginx': (repository) => repository.endsWith('ingress-nginx/controller'),
  'traefik.io/ingress-controller': (repository) => repository.split('/').pop() === 'traefik',
};

interface ClassFlag {
  flag: 'controller-class' | 'ingress-class';
  value: string;
}

/** `--controller-class=…`, `--ingress-class=…`, `--providers.kubernetesingress.ingressclass=…`. */
function classFlags(args: readonly string[]): ClassFlag[] {
  const flags: ClassFlag[] = [];
  args.forEach((arg, index) => {
    const match = /^--?([\w.-]*?)(controller-class|ingress-class|ingressclass)(?:=(.*))?$/i.exec(arg);
    if (!match) return;
    const value = match[3] ?? args[index + 1];
    if (value === undefined) return;
    flags.push({ flag: match[2]?.toLowerCase() === 'controller-class' ? 'controller-class' : 'ingress-class', value });
  });
  return flags;
}

function containerArgs(workload: Workload): string[][] {
  return workload.containers.map(({ container }) =>
    [container.command, container.args].flatMap((list: unknown) => (Array.isArray(list) ? list.filter((arg): arg is string => typeof arg === 'string') : [])),
  );
}

/** Workloads that run the controller of an ingress class. */
export function controllerWorkloads(inventory: InventoryView, info: IngressClassInfo): Workload[] {
  const { controller, name } = info;
  if (!controller && !name) return [];
  const declared = (workload: Workload): ClassFlag[] => containerArgs(workload).flatMap(classFlags);
  const byArgs = inventory.workloads().filter((workload) =>
    declared(workload).some(({ flag, value }) => (flag === 'controller-class' ? value === controller : value === name)),
  );
  if (byArgs.length > 0) return byArgs;
  const imageMatches = controller ? DEFAULT_CONTROLLER_IMAGES[controller] : undefined;
  if (!imageMatches) return [];
  return inventory.workloads().filter(
    (workload) =>
      workload.containers.some(({ container }) => typeof container.image === 'string' && imageMatches(parseImage(container.image).repository)) &&
      // A controller told to serve another class does not serve this one.
      !declared(workload).some(({ flag, value }) => flag === 'controller-class' && value !== controller),
  );
}

export interface IngressBackend {
  service: string;
  /** The Service port the backend names (`port.number` or `port.name`); undefined when it names none. */
  port: ServicePortRef | undefined;
  path: EvidencePath;
}

function backendPort(service: Record<string, unknown>): ServicePortRef | undefined {
  const port = service.port;
  if (!isRecord(port)) return undefined;
  if (typeof port.number === 'number') return port.number;
  return typeof port.name === 'string' && port.name !== '' ? port.name : undefined;
}

/** `spec.defaultBackend.service.name` and `spec.rules[].http.paths[].backend.service.name`. */
export function ingressBackends(ingress: K8sObject): IngressBackend[] {
  const backends: IngressBackend[] = [];
  const add = (backend: unknown, path: EvidencePath): void => {
    const service = isRecord(backend) && isRecord(backend.service) ? backend.service : undefined;
    if (service && typeof service.name === 'string' && service.name !== '') {
      backends.push({ service: service.name, port: backendPort(service), path: [...path, 'service', 'name'] });
    }
  };
  add(getIn(ingress, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']);
  const rules = getIn(ingress, ['spec', 'rules']);
  if (!Array.isArray(rules)) return backends;
  rules.forEach((rule: unknown, ruleIndex) => {
    const paths = getIn(rule, ['http', 'paths']);
    if (!Array.isArray(paths)) return;
    paths.forEach((entry: unknown, pathIndex) => add(getIn(entry, ['backend']), ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend']));
  });
  return backends;
}
