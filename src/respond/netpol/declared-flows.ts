/**
 * Declared traffic: a workload that names a Service in its configuration talks to the pods
 * behind it, on the Service's target ports (only the one port it names, when it names one).
 */
import type { K8sObject } from '../../model/index.js';
import { getIn, type InventoryView, type Workload } from '../../inventory/index.js';
import { resolveTargetPort, serviceBackends, servicePorts, serviceSelector, uniquePorts } from './service-ports.js';
import { ServiceNames, serviceReferences } from './service-references.js';
import type { DeclaredFlow, PolicyPort } from './types.js';

export function serviceLabel(service: { metadata?: { namespace?: string; name?: string } }): string {
  return `${service.metadata?.namespace ?? 'default'}/${service.metadata?.name ?? ''}`;
}

export function workloadLabel(workload: Workload): string {
  return `${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`;
}

/** Why a named Service has no pods to allow, for the note that says its traffic is cut. */
function withoutPods(service: K8sObject): string {
  const externalName = getIn(service, ['spec', 'externalName']);
  if (getIn(service, ['spec', 'type']) === 'ExternalName') {
    return `ExternalName Service ${serviceLabel(service)} (${typeof externalName === 'string' ? externalName : 'no name'}), whose addresses are outside the inventory; allow them with an ipBlock or --allow-internet-egress`;
  }
  if (!serviceSelector(service)) return `Service ${serviceLabel(service)}, which has no selector (its endpoints are kept by hand or by a controller); allow their addresses with an ipBlock`;
  return `Service ${serviceLabel(service)}, whose selector matches no workload in the inventory`;
}

/** Every declared flow of the inventory, in a stable order (client, service, server). */
export function declaredFlows(inventory: InventoryView, clusterDomain: string, notes: string[]): DeclaredFlow[] {
  const names = new ServiceNames(inventory, clusterDomain);
  const flows: DeclaredFlow[] = [];
  const noted = new Set<string>();
  for (const client of inventory.workloads()) {
    const byTarget = new Map<string, DeclaredFlow>();
    for (const reference of serviceReferences(inventory, names, client)) {
      const all = servicePorts(reference.service);
      const named = all.filter((port) => port.port === reference.port);
      const ports = named.length > 0 ? named : all;
      const servers = serviceBackends(inventory, reference.service);
      // default/kubernetes is the API server: its egress comes from API use, not from being named.
      if (servers.length === 0 && serviceLabel(reference.service) !== 'default/kubernetes') {
        const note = `${workloadLabel(client)} names ${withoutPods(reference.service)}: no rule for it, so the default deny cuts that traffic (${reference.evidence})`;
        if (!noted.has(note)) notes.push(note);
        noted.add(note);
      }
      for (const server of servers) {
        const resolved: PolicyPort[] = [];
        for (const port of ports) {
          const result = resolveTargetPort(port, server);
          if (result.ok) {
            resolved.push(result.port);
            continue;
          }
          const note = `Service ${serviceLabel(reference.service)} → ${workloadLabel(server)}: ${result.problem}; no rule for it`;
          if (!noted.has(note)) notes.push(note);
          noted.add(note);
        }
        if (resolved.length === 0) continue;
        const key = `${serviceLabel(reference.service)}\u0000${server.resource.kind}/${server.resource.name}`;
        const known = byTarget.get(key);
        if (known) {
          known.ports = uniquePorts([...known.ports, ...resolved]);
          continue;
        }
        const flow: DeclaredFlow = { client, server, service: reference.service, ports: uniquePorts(resolved), evidence: reference.evidence };
        byTarget.set(key, flow);
        flows.push(flow);
      }
    }
  }
  return flows;
}
