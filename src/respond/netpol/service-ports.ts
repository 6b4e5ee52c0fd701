/**
 * The pod ports behind a Service: each Service port's `targetPort` (a number, a container port
 * name, or absent for "same as `port`"), resolved against one workload's container ports.
 */
import type { K8sObject } from '../../model/index.js';
import { getIn, isRecord, mapSelectorMatches, type InventoryView, type Workload } from '../../inventory/index.js';
import { protocolOf, type Protocol } from '../../graph/reachability/port-set.js';
import type { PolicyPort } from './types.js';

export interface ServicePort {
  name?: string;
  port: number;
  protocol: Protocol;
  targetPort: number | string;
}

/** The Service's ports that parse; a malformed entry is left out (the API server rejects it). */
export function servicePorts(service: K8sObject): ServicePort[] {
  const raw = getIn(service, ['spec', 'ports']);
  const ports: ServicePort[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (!isRecord(entry) || typeof entry.port !== 'number') continue;
    const protocol = protocolOf(entry.protocol);
    if (!protocol) continue;
    const target = entry.targetPort;
    const targetPort = typeof target === 'number' || (typeof target === 'string' && target !== '') ? target : entry.port;
    const port: ServicePort = { port: entry.port, protocol, targetPort };
    if (typeof entry.name === 'string') port.name = entry.name;
    ports.push(port);
  }
  return ports;
}

/** The Service's pod selector; undefined when it has none (ExternalName, manual Endpoints). */
export function serviceSelector(service: K8sObject): Record<string, string> | undefined {
  const selector = getIn(service, ['spec', 'selector']);
  if (!isRecord(selector) || Object.keys(selector).length === 0) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(selector)) {
    if (typeof value !== 'string') return undefined;
    labels[key] = value;
  }
  return labels;
}

/** Workloads of the Service's namespace whose pods its selector selects. */
export function serviceBackends(inventory: InventoryView, service: K8sObject): Workload[] {
  const selector = serviceSelector(service);
  if (!selector) return [];
  const namespace = service.metadata?.namespace ?? 'default';
  return inventory.workloads().filter((workload) => workload.namespace === namespace && mapSelectorMatches(selector, workload.podMetadata.labels));
}

export type ResolvedPort = { ok: true; port: PolicyPort; via: string } | { ok: false; problem: string };

/** One Service port on one workload: a named targetPort must name a container port of the pods. */
export function resolveTargetPort(port: ServicePort, workload: Workload): ResolvedPort {
  if (typeof port.targetPort === 'number') {
    return { ok: true, port: { protocol: port.protocol, port: port.targetPort }, via: `port ${port.port} → ${port.targetPort}` };
  }
  for (const { container } of workload.containers) {
    const declared: unknown = container.ports;
    for (const entry of Array.isArray(declared) ? declared : []) {
      if (!isRecord(entry) || entry.name !== port.targetPort || typeof entry.containerPort !== 'number') continue;
      if (protocolOf(entry.protocol) !== port.protocol) continue;
      return {
        ok: true,
        port: { protocol: port.protocol, port: entry.containerPort },
        via: `port ${port.port} → ${port.targetPort} (${entry.containerPort})`,
      };
    }
  }
  return { ok: false, problem: `targetPort "${port.targetPort}" names no ${port.protocol} container port of the pods` };
}

/** Sorted, without duplicates. */
export function uniquePorts(ports: readonly PolicyPort[]): PolicyPort[] {
  const seen = new Map<string, PolicyPort>();
  for (const port of ports) seen.set(`${port.protocol}/${port.port}`, port);
  return [...seen.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}

export function describePorts(ports: readonly PolicyPort[]): string {
  return ports.map((port) => `${port.protocol} ${port.port}`).join(', ');
}
