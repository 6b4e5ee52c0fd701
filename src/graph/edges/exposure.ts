/**
 * How the Internet gets in: `Internet -exposes-> load balancer -routes-to-> Service` for
 * internet-facing LoadBalancer Services, `Internet -exposes-> load balancer -routes-to-> Ingress
 * -routes-to-> Service` for exposed Ingresses, `Internet -exposes-> Service` for node ports and
 * external IPs a node security group opens to the world, `Internet -exposes-> workload` for such
 * host ports; then `Service -selects-> workload` for the pods behind each reached Service that
 * NetworkPolicies let the traffic into. Reached workloads get `exposed: true`.
 *
 * Which traffic the policies must admit depends on the front: what a load balancer or node port
 * delivers with the client's address is judged as Internet traffic (internetIngress); what a
 * front hands over from VPC addresses (an ALB or Classic ELB, NLB IP targets without client IP
 * preservation, kube-proxy SNAT) as traffic from the VPC only (forwardedIngress), since the
 * pods never see the client; a front that may do either, both ways. What an in-cluster ingress
 * controller forwards comes from the controller's pods, so pod-to-pod reachability decides.
 * In every case only the Service's target ports on the pods count (exposure-target-ports.ts).
 */
import type { K8sObject, ResourceRef, StepEvidence } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { getIn, isRecord, mapSelectorMatches, refKey, type InventoryView, type Workload } from '../../inventory/index.js';
import { serviceLoadBalancer } from '../../analysis/network/load-balancers.js';
import { forwardedIngress, internetIngress, NetworkReachability, type ReachVerdict } from '../reachability/index.js';
import { internetNode, loadBalancerNode, objectNode, workloadNode } from '../nodes.js';
import type { GraphNode, SecurityGraph } from '../security-graph.js';
import { hostPortReach, evidenceRef, objectLabel, type Reach } from './exposure-reach.js';
import { ingressBackends, ingressReach, serviceReaches, servicesIn } from './exposure-ingress.js';
import { serviceTargetPorts, type ServicePortRef } from './exposure-target-ports.js';

/**
 * A way traffic from the Internet arrives at a Service: from the client's address, from VPC
 * addresses (`forwarded`: a proxying load balancer, kube-proxy SNAT; only those when
 * `hidesClient`), or from proxy pods.
 */
interface Front {
  proxies?: readonly Workload[];
  forwarded?: StepEvidence;
  hidesClient?: boolean;
  /** The Service ports the front sends to (an Ingress backend's); all of them when absent. */
  servicePorts?: readonly ServicePortRef[];
}

function frontOf(reach: Reach, servicePort?: ServicePortRef): Front {
  return {
    ...(reach.proxies && { proxies: reach.proxies }),
    ...(reach.forwarded && { forwarded: reach.forwarded }),
    ...(reach.hidesClient && { hidesClient: true }),
    ...(servicePort !== undefined && { servicePorts: [servicePort] }),
  };
}

interface ReachedService {
  service: K8sObject;
  fronts: Front[];
}

export function addExposureEdges(graph: SecurityGraph, inventory: InventoryView): void {
  const internet = graph.addNode(internetNode());
  const reached = new Map<string, ReachedService>();
  const reachService = (service: K8sObject, front: Front = {}): GraphNode => {
    const node = graph.addNode(objectNode('service', service, { exposed: true }));
    const entry = reached.get(node.id);
    if (entry) entry.fronts.push(front);
    else reached.set(node.id, { service, fronts: [front] });
    return node;
  };

  for (const service of inventory.ofKind('Service')) {
    for (const { via, reach } of serviceReaches(service, inventory)) {
      if (via === 'load-balancer') {
        const balancer = graph.addNode(loadBalancerNode(service, balancerAttrs(reach, serviceLoadBalancer(service, inventory)?.controller)));
        exposes(graph, internet, balancer, reach);
        graph.addEdge({
          from: balancer.id,
          to: reachService(service, frontOf(reach)).id,
          kind: 'routes-to',
          evidence: [{ resource: evidenceRef(service), path: 'spec.type', detail: `the load balancer forwards to ${objectLabel(service)}` }],
          enabledBy: [],
        });
      } else {
        exposes(graph, internet, reachService(service, frontOf(reach)), reach);
      }
    }
  }

  for (const ingress of inventory.ofKind('Ingress')) {
    const reach = ingressReach(ingress, inventory);
    if (!reach) continue;
    const balancer = graph.addNode(loadBalancerNode(ingress, balancerAttrs(reach, undefined)));
    const ingressNode = graph.addNode(objectNode('ingress', ingress, { exposed: true }));
    exposes(graph, internet, balancer, reach);
    graph.addEdge({
      from: balancer.id,
      to: ingressNode.id,
      kind: 'routes-to',
      evidence: [{ resource: evidenceRef(ingress), detail: `the load balancer serves the rules of ${objectLabel(ingress)}` }],
      enabledBy: [],
    });
    const namespace = ingress.metadata?.namespace ?? 'default';
    for (const backend of ingressBackends(ingress)) {
      const service = servicesIn(inventory, namespace).find((candidate) => candidate.metadata?.name === backend.service);
      if (!service) continue;
      graph.addEdge({
        from: ingressNode.id,
        to: reachService(service, frontOf(reach, backend.port)).id,
        kind: 'routes-to',
        evidence: [{ resource: evidenceRef(ingress), path: formatPath(backend.path), detail: `routes to ${objectLabel(service)}` }],
        enabledBy: [],
      });
    }
  }

  for (const workload of inventory.workloads()) {
    const reach = hostPortReach(workload, inventory);
    if (reach) exposes(graph, internet, graph.addNode(workloadNode(workload, { exposed: true })), reach);
  }

  addSelects(graph, inventory, reached);
}

function balancerAttrs(reach: Reach, controller: string | undefined): GraphNode['attrs'] {
  return { internetFacing: true, ...(reach.assumed && { assumed: true }), ...(controller && { controller }) };
}

function exposes(graph: SecurityGraph, internet: GraphNode, to: GraphNode, reach: Reach): void {
  graph.addEdge({ from: internet.id, to: to.id, kind: 'exposes', evidence: reach.evidence, enabledBy: reach.enabledBy });
}

/** Each reached Service's pods, where NetworkPolicies let the traffic of one of its fronts in. */
function addSelects(graph: SecurityGraph, inventory: InventoryView, reached: ReadonlyMap<string, ReachedService>): void {
  const byNamespace = new Map<string, Workload[]>();
  for (const workload of inventory.workloads()) {
    const list = byNamespace.get(workload.namespace);
    if (list) list.push(workload);
    else byNamespace.set(workload.namespace, [workload]);
  }
  for (const [serviceId, { service, fronts }] of reached) {
    const selector = getIn(service, ['spec', 'selector']);
    if (!isRecord(selector)) continue;
    const labels = selector as Record<string, string>;
    for (const workload of byNamespace.get(service.metadata?.namespace ?? 'default') ?? []) {
      if (!mapSelectorMatches(labels, workload.podMetadata.labels)) continue;
      const verdict = admitted(inventory, service, fronts, workload);
      if (!verdict) continue;
      const selected: StepEvidence = {
        resource: evidenceRef(service),
        path: 'spec.selector',
        detail: `selector ${Object.entries(labels).map(([key, value]) => `${key}=${String(value)}`).join(', ')} matches the pods of ${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`,
      };
      const target = graph.addNode(workloadNode(workload, { exposed: true }));
      graph.addEdge({
        from: serviceId,
        to: target.id,
        kind: 'selects',
        evidence: [selected, ...verdict.evidence],
        // svc-unauthenticated-db reports on the workload; the NetworkPolicy checks where the verdict says.
        enabledBy: uniqueRefs([workload.resource, ...verdict.enabledBy]),
      });
    }
  }
}

function uniqueRefs(refs: readonly ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = refKey(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The first front whose traffic NetworkPolicies let into the workload's pods on the Service's
 * target ports, as a verdict; undefined when none does, or the Service lands on no port of them.
 */
function admitted(inventory: InventoryView, service: K8sObject, fronts: readonly Front[], workload: Workload): ReachVerdict | undefined {
  for (const front of fronts) {
    const ports = serviceTargetPorts(service, workload, front.servicePorts);
    if (ports.isEmpty()) continue;
    if (!front.proxies) {
      if (!front.hidesClient) {
        const verdict = internetIngress(inventory, workload, ports);
        if (verdict.reachable) return verdict;
      }
      if (!front.forwarded) continue;
      const forwarded = forwardedIngress(inventory, workload, ports);
      if (forwarded.reachable) return { ...forwarded, evidence: [front.forwarded, ...forwarded.evidence] };
      continue;
    }
    for (const proxy of front.proxies) {
      const verdict = NetworkReachability.of(inventory).reach(proxy, workload, ports);
      if (!verdict.reachable) continue;
      const via: StepEvidence = {
        resource: { kind: proxy.resource.kind, namespace: proxy.namespace, name: proxy.resource.name },
        detail: `the ingress controller's pods forward the traffic`,
      };
      return { ...verdict, evidence: [via, ...verdict.evidence] };
    }
  }
  return undefined;
}
