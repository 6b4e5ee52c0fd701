/**
 * The (protocol, port)s on a workload's pods that a Service delivers traffic to, which is all
 * NetworkPolicy needs to admit for the Service to reach the pods: a rule opening other ports
 * (or another protocol) lets none of that traffic in.
 */
import type { K8sObject } from '../../model/index.js';
import { getIn, isRecord, type Workload } from '../../inventory/index.js';
import { namedPortsOf, PortSet, protocolOf } from '../reachability/port-set.js';

/** A Service port as a backend refers to it: its number (`port.number`) or its name. */
export type ServicePortRef = number | string;

/**
 * The target ports of a Service on a workload's pods. Each Service port sends its protocol to
 * `targetPort` (the port itself when absent); a named targetPort is the pods' container port of
 * that name and protocol, as the endpoints controller resolves it, and lands nowhere without
 * one. With `only`, just the Service ports those refer to count (an Ingress backend's port).
 * A Service without ports is read as targeting any port, so it is not mistaken for closed.
 */
export function serviceTargetPorts(service: K8sObject, workload: Workload, only?: readonly ServicePortRef[]): PortSet {
  const ports = getIn(service, ['spec', 'ports']);
  if (!Array.isArray(ports) || ports.length === 0) return PortSet.ALL;
  let named: ReturnType<typeof namedPortsOf> | undefined;
  let target = PortSet.EMPTY;
  for (const entry of ports) {
    if (!isRecord(entry)) continue;
    if (only && !only.some((ref) => ref === entry.port || (typeof ref === 'string' && ref === entry.name))) continue;
    const protocol = protocolOf(entry.protocol);
    if (!protocol) continue;
    const targetPort = entry.targetPort ?? entry.port;
    if (typeof targetPort === 'number') {
      target = target.union(PortSet.range(protocol, targetPort));
    } else if (typeof targetPort === 'string') {
      named ??= namedPortsOf(workload);
      for (const candidate of named.get(targetPort) ?? []) {
        if (candidate.protocol === protocol) target = target.union(PortSet.range(protocol, candidate.port));
      }
    }
  }
  return target;
}
