/**
 * What applying the generated policies would change, answered by the reachability engine on
 * the inventory as it is and on the inventory with the policies added (replacing policies of
 * the same name, so a second run compares against the first's output). Workloads are grouped
 * by their reachability class before and after: one verdict per pair of groups, never one per
 * pair of workloads, and cut flows are listed per pair of groups.
 */
import type { Inventory, InventoryObject, K8sObject, Origin } from '../../model/index.js';
import { InventoryView, selectorMatches, type Workload } from '../../inventory/index.js';
import { egressVerdict } from '../../analysis/network/egress-reachability.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { forwardedIngress, internetIngress, NetworkReachability, PortSet } from '../../graph/reachability/index.js';
import { reachClasses, type ReachClass } from '../../graph/reachability/classes.js';
import { classVerdict, type ClassVerdict } from '../../graph/reachability/class-verdict.js';
import { serviceLabel, workloadLabel } from './declared-flows.js';
import type { NetpolResult } from './generate.js';
import { policyManifest } from './manifest.js';
import { describePorts } from './service-ports.js';
import type { PolicyPort } from './types.js';

export interface CutFlow {
  from: string[];
  to: string[];
  /** Workload pairs in this group pair. */
  pairs: number;
  /** Ports allowed now and after (`nothing` when cut entirely). */
  before: string;
  after: string;
}

export interface DeclaredCheck {
  client: string;
  server: string;
  service: string;
  evidence: string;
  ports: Array<{ port: string; before: boolean; after: boolean }>;
  /** Every port still reachable after. */
  kept: boolean;
  /** Some port closed today that the new policies open (existing policies blocked it). */
  opened: boolean;
}

export interface ExposureCheck {
  server: string;
  via: string;
  ports: string;
  before: boolean;
  after: boolean;
}

export interface Simulation {
  workloads: number;
  classes: { before: number; after: number };
  /** Ordered workload pairs that may connect on some port. */
  reachablePairs: { before: number; after: number };
  cut: CutFlow[];
  /** Pairs losing some port (the sum of `cut[].pairs` when the list is not capped). */
  cutPairs: number;
  /** Flows closed now that the new policies open (NetworkPolicies add up: an allow can widen). */
  opened: CutFlow[];
  openedPairs: number;
  /** True when `cut` or `opened` lists only the first MAX_LISTED_FLOWS group pairs. */
  listedFlowsCapped: boolean;
  declared: DeclaredCheck[];
  exposures: ExposureCheck[];
  /** Egress to kube-dns (UDP 53) of the workloads in scope, when kube-dns is in the inventory. */
  dns?: { servers: string[]; allowed: number; blocked: string[] };
  /** Egress of the workloads in scope to the API server's first address and the kubernetes Service's ClusterIP (`address` names both, with ports). */
  api: { address: string; port: number; allowed: string[]; expected: string[] };
}

function portSetOf(ports: readonly PolicyPort[]): PortSet {
  return ports.reduce((set, port) => set.union(PortSet.range(port.protocol, port.port)), PortSet.EMPTY);
}

const GENERATED: Origin = { type: 'api', api: 'k8s', generatedBy: 'eksguard netpol generate' };

/** The view's inventory with the generated policies in place of any of the same namespace and name. */
export function withPolicies(view: InventoryView, result: NetpolResult): Inventory {
  const manifests = result.policies.map(policyManifest);
  const names = new Set(manifests.map((policy) => `${policy.metadata?.namespace}/${policy.metadata?.name}`));
  const replaced = (object: K8sObject): boolean =>
    object.kind === 'NetworkPolicy' && (object.apiVersion?.startsWith('networking.k8s.io/') ?? false) && names.has(`${object.metadata?.namespace}/${object.metadata?.name}`);
  const objects: InventoryObject[] = view.objects.filter((object) => !replaced(object)).map((object) => ({ object, origin: view.originOf(object) ?? GENERATED }));
  for (const object of manifests) objects.push({ object, origin: GENERATED });
  const inventory: Inventory = { source: view.source, objects, errors: [...view.errors] };
  if (view.aws) inventory.aws = view.aws;
  return inventory;
}

interface Group {
  before: ReachClass;
  after: ReachClass;
  members: Workload[];
}

function groupsOf(before: InventoryView, after: InventoryView): Group[] {
  const beforeClasses = reachClasses(before);
  const afterClasses = reachClasses(after);
  const afterByObject = new Map(after.workloads().map((workload) => [workload.object, workload]));
  const groups = new Map<string, Group>();
  for (const workload of before.workloads()) {
    const next = afterByObject.get(workload.object);
    const b = beforeClasses.facts(workload)?.reachClass;
    const a = next ? afterClasses.facts(next)?.reachClass : undefined;
    if (!b || !a) continue;
    const key = `${b.id}:${a.id}`;
    const group = groups.get(key);
    if (group) group.members.push(workload);
    else groups.set(key, { before: b, after: a, members: [workload] });
  }
  return [...groups.values()];
}

/** Group pairs listed in `cut` and `opened` at most; the pair counts stay exact beyond it. */
export const MAX_LISTED_FLOWS = 2_000;

/**
 * Compares every pair of groups. Before, few classes usually exist (most workloads share one),
 * so their verdicts are kept for the row of one source class; after, nearly every workload has
 * a policy of its own and so a class of its own, so those verdicts are computed once per pair
 * and never kept. The
 * listed flows are capped: a cluster-wide default deny cuts millions of pairs, and their count
 * is what matters.
 */
function compareFlows(before: InventoryView, after: InventoryView, maxListed: number): Pick<Simulation, 'cut' | 'cutPairs' | 'opened' | 'openedPairs' | 'reachablePairs' | 'listedFlowsCapped'> {
  // Sources in order of their class before, so the before-verdicts of one source class (one
  // row) are kept while its groups are compared and dropped after: memory stays linear even
  // when every workload already has a class of its own.
  const groups = groupsOf(before, after).sort((a, b) => a.before.id - b.before.id);
  let rowClass: ReachClass | undefined;
  let row = new Map<number, ClassVerdict>();
  const verdictBefore = (source: ReachClass, target: ReachClass): ClassVerdict => {
    if (source !== rowClass) {
      rowClass = source;
      row = new Map();
    }
    let verdict = row.get(target.id);
    if (!verdict) row.set(target.id, (verdict = classVerdict(source, target)));
    return verdict;
  };
  const cut: CutFlow[] = [];
  const opened: CutFlow[] = [];
  let cutPairs = 0;
  let openedPairs = 0;
  let capped = false;
  const reachablePairs = { before: 0, after: 0 };
  const describe = (ports: PortSet): string => (ports.isEmpty() ? 'nothing' : ports.describe());
  const list = (into: CutFlow[], source: Group, target: Group, pairs: number, from: PortSet, to: PortSet): void => {
    if (into.length >= maxListed) {
      capped = true;
      return;
    }
    into.push({ from: source.members.map(workloadLabel).sort(), to: target.members.map(workloadLabel).sort(), pairs, before: describe(from), after: describe(to) });
  };
  for (const source of groups) {
    for (const target of groups) {
      const pairs = source === target ? source.members.length * (source.members.length - 1) : source.members.length * target.members.length;
      if (pairs === 0) continue;
      const now = verdictBefore(source.before, target.before);
      const next = classVerdict(source.after, target.after);
      if (now.reachable) reachablePairs.before += pairs;
      if (next.reachable) reachablePairs.after += pairs;
      const nowPorts = now.reachable ? now.ports : PortSet.EMPTY;
      const nextPorts = next.reachable ? next.ports : PortSet.EMPTY;
      const kept = nowPorts.intersect(nextPorts);
      const keptText = kept.describe();
      if (keptText !== nowPorts.describe()) {
        cutPairs += pairs;
        list(cut, source, target, pairs, nowPorts, kept);
      }
      if (keptText !== nextPorts.describe()) {
        openedPairs += pairs;
        list(opened, source, target, pairs, nowPorts, nextPorts);
      }
    }
  }
  const order = (a: CutFlow, b: CutFlow): number => (a.from[0] ?? '').localeCompare(b.from[0] ?? '') || (a.to[0] ?? '').localeCompare(b.to[0] ?? '');
  return { cut: cut.sort(order), cutPairs, opened: opened.sort(order), openedPairs, reachablePairs, listedFlowsCapped: capped };
}

function checkDeclared(before: InventoryView, after: InventoryView, result: NetpolResult): DeclaredCheck[] {
  const now = NetworkReachability.of(before);
  const next = NetworkReachability.of(after);
  const afterByObject = new Map(after.workloads().map((workload) => [workload.object, workload]));
  return result.flows.map((flow) => {
    const client = afterByObject.get(flow.client.object);
    const server = afterByObject.get(flow.server.object);
    const ports = flow.ports.map((port) => {
      const set = PortSet.range(port.protocol, port.port);
      return {
        port: `${port.protocol} ${port.port}`,
        before: now.reach(flow.client, flow.server, set).reachable,
        after: client !== undefined && server !== undefined && next.reach(client, server, set).reachable,
      };
    });
    return {
      client: workloadLabel(flow.client),
      server: workloadLabel(flow.server),
      service: serviceLabel(flow.service),
      evidence: flow.evidence,
      ports,
      kept: ports.every((port) => port.after),
      opened: ports.some((port) => !port.before && port.after),
    };
  });
}

function checkExposures(before: InventoryView, after: InventoryView, result: NetpolResult): ExposureCheck[] {
  const afterByObject = new Map(after.workloads().map((workload) => [workload.object, workload]));
  const open = (view: InventoryView, server: Workload, controllers: readonly Workload[] | undefined, kind: string, ports: PortSet): boolean => {
    if (kind === 'load-balancer') return internetIngress(view, server, ports).reachable;
    if (!controllers || controllers.length === 0) return forwardedIngress(view, server, ports).reachable;
    const reach = NetworkReachability.of(view);
    return controllers.every((controller) => reach.reach(controller, server, ports).reachable);
  };
  return result.exposures.map((exposure) => {
    const ports = portSetOf(exposure.ports);
    const server = afterByObject.get(exposure.server.object);
    const controllers = exposure.controllers?.map((controller) => afterByObject.get(controller.object)).filter((item): item is Workload => item !== undefined);
    return {
      server: workloadLabel(exposure.server),
      via: exposure.via,
      ports: describePorts(exposure.ports),
      before: open(before, exposure.server, exposure.controllers, exposure.kind, ports),
      after: server !== undefined && open(after, server, controllers, exposure.kind, ports),
    };
  });
}

function inScope(view: InventoryView, result: NetpolResult): Workload[] {
  const namespaces = new Set(result.namespaces);
  return view.workloads().filter((workload) => namespaces.has(workload.namespace) && workload.podSpec.hostNetwork !== true);
}

function checkDns(after: InventoryView, result: NetpolResult): Simulation['dns'] {
  const servers = after.workloads().filter((workload) => workload.namespace === 'kube-system' && selectorMatches({ matchLabels: result.dnsLabels }, workload.podMetadata.labels));
  if (servers.length === 0) return undefined;
  const reach = NetworkReachability.of(after);
  const udp53 = PortSet.range('UDP', 53);
  const blocked: string[] = [];
  let allowed = 0;
  for (const workload of inScope(after, result)) {
    if (servers.every((server) => reach.reach(workload, server, udp53).reachable)) allowed++;
    else blocked.push(workloadLabel(workload));
  }
  return { servers: servers.map(workloadLabel), allowed, blocked };
}

function checkApi(after: InventoryView, result: NetpolResult): Simulation['api'] {
  const hostOf = (cidr: string | undefined): string => (cidr ?? '').split('/')[0] ?? '';
  const address = hostOf(result.apiServer.cidrs[0]);
  const port = result.apiServer.port;
  // Pods dial the kubernetes Service's ClusterIP: where the CNI judges that address, it must pass too.
  const service = result.apiServer.service;
  const probes = [{ address, port }, ...(service ? service.cidrs.map((cidr) => ({ address: hostOf(cidr), port: service.port })) : [])];
  const coverage = policyCoverage(after);
  const allowed = inScope(after, result)
    .filter((workload) => probes.every((probe) => egressVerdict(after, coverage, workload, { ...probe, protocol: 'TCP' }).reachable))
    .map(workloadLabel);
  const expected = result.policies
    .filter((policy) => policy.workload && policy.egress.some((rule) => rule.ports.some((entry) => entry.port === port) && rule.peers.some((peer) => 'ipBlock' in peer && result.apiServer.cidrs.includes(peer.ipBlock.cidr))))
    .map((policy) => `${policy.workload?.kind} ${policy.namespace}/${policy.workload?.name}`);
  return { address: probes.map((probe) => `${probe.address}:${probe.port}`).join(' and '), port, allowed, expected };
}

/** `before` is the view the policies were generated from: the flows name its workloads. */
export function simulate(before: InventoryView, result: NetpolResult, options: { maxListedFlows?: number } = {}): Simulation {
  const after = new InventoryView(withPolicies(before, result));
  return {
    workloads: before.workloads().length,
    classes: { before: reachClasses(before).classes.length, after: reachClasses(after).classes.length },
    ...compareFlows(before, after, options.maxListedFlows ?? MAX_LISTED_FLOWS),
    declared: checkDeclared(before, after, result),
    exposures: checkExposures(before, after, result),
    ...(() => {
      const dns = checkDns(after, result);
      return dns ? { dns } : {};
    })(),
    api: checkApi(after, result),
  };
}
