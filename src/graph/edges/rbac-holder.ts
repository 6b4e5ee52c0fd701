/**
 * The state shared by the RBAC capability edges: one subject being linked (the Holder), the
 * targets indexed once per graph by namespace (accounts, workloads, Secrets, controllers,
 * running pods), and the small helpers that scope grants and add edges.
 */
import type { K8sObject, ResourceRef, StepEvidence } from '../../model/index.js';
import { podTemplateOf, type InventoryView, type PodTemplate, type Workload } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { serviceAccountOf, type EffectivePermissions, type Grant } from '../../analysis/rbac/effective-permissions.js';
import { POD_TEMPLATE_OWNERS, type PodTemplateOwner, sortGrants } from '../../analysis/rbac/capabilities.js';
import { type SubjectRef } from '../../analysis/rbac/subjects.js';
import type { EdgeKind } from '../edge-kinds.js';
import type { GraphNode, SecurityGraph } from '../security-graph.js';
import { addSubjectNode, grantEvidence } from './rbac-common.js';

/** What the namespaced powers reach, per namespace. */
export interface Targets {
  serviceAccounts: Map<string, SubjectRef[]>;
  workloads: Map<string, Workload[]>;
  secrets: Map<string, K8sObject[]>;
  /** Controllers whose pod template update/patch may change. */
  controllers: Map<string, Controller[]>;
  /** The workloads of `workloads` that have pods now (runsPods), by namespace. */
  running: Map<string, RunningWorkload[]>;
  /**
   * Node ids of the targets above, by target object: most targets are reached by many subjects,
   * and building the node (or its id) again for each of them was a large part of the cost.
   */
  nodeIds: Map<object, string>;
  /** Token owner and evidence of each Secret, computed on first use. */
  tokens: Map<K8sObject, TokenSecret | null>;
}

/** A workload with pods, the account they run as, and the evidence saying so. */
export interface RunningWorkload {
  workload: Workload;
  account: SubjectRef;
  runsAs: StepEvidence;
}

export interface TokenSecret {
  account: SubjectRef;
  evidence: StepEvidence;
}

export interface Controller {
  owner: PodTemplateOwner;
  namespace: string;
  name: string;
  template: PodTemplate;
}

/** One subject whose edges are being added. */
export interface Holder {
  graph: SecurityGraph;
  perms: EffectivePermissions;
  from: GraphNode;
  /** The per-subject RBAC checks report on the subject itself. */
  enabledBy: ResourceRef[];
  targets: Targets;
  /** Whether EKS reads aws-auth, and whether it exists. */
  awsAuth: 'ignored' | 'present' | 'missing';
}

export function indexTargets(inventory: InventoryView, perms: EffectivePermissions): Targets {
  const serviceAccounts = new Map<string, SubjectRef[]>();
  for (const subject of perms.subjects()) {
    if (subject.kind === 'ServiceAccount') push(serviceAccounts, subject.namespace ?? 'default', subject);
  }
  const workloads = new Map<string, Workload[]>();
  for (const workload of inventory.workloads()) push(workloads, workload.namespace, workload);
  const secrets = new Map<string, K8sObject[]>();
  for (const secret of inventory.ofKind('Secret')) {
    if (secret.metadata?.name) push(secrets, secret.metadata.namespace ?? 'default', secret);
  }
  const controllers = new Map<string, Controller[]>();
  for (const owner of POD_TEMPLATE_OWNERS) {
    for (const object of inventory.ofKindInGroup(owner.kind, owner.apiGroup)) {
      const name = object.metadata?.name;
      const template = podTemplateOf(object);
      if (!name || !template) continue;
      const namespace = object.metadata?.namespace ?? 'default';
      push(controllers, namespace, { owner, namespace, name, template });
    }
  }
  const running = new Map<string, RunningWorkload[]>();
  for (const [namespace, list] of workloads) {
    const withPods: RunningWorkload[] = [];
    for (const workload of list) if (runsPods(workload)) withPods.push(runningWorkload(workload));
    running.set(namespace, withPods);
  }
  return { serviceAccounts, workloads, secrets, controllers, running, nodeIds: new Map(), tokens: new Map() };
}

function runningWorkload(workload: Workload): RunningWorkload {
  const account = serviceAccountOf(workload);
  const { kind, name } = workload.resource;
  const namespace = workload.namespace;
  return {
    workload,
    account,
    runsAs: {
      resource: { kind, namespace, name },
      path: formatPath([...workload.podSpecPath, 'serviceAccountName']),
      detail: `the pods of ${kind} ${namespace}/${name} run as ServiceAccount ${namespace}/${account.name}`,
    },
  };
}

export function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Evidence of a power, computed once per set of grants and shared by the edges it creates. */
export function proof(grants: readonly Grant[], what: string): StepEvidence[] {
  return grants.length > 0 ? grantEvidence(sortGrants(grants), what) : [];
}

export function link(holder: Holder, kind: EdgeKind, to: string, evidence: readonly StepEvidence[]): void {
  if (evidence.length === 0 || to === holder.from.id) return;
  holder.graph.addEdge({ from: holder.from.id, to, kind, evidence, enabledBy: holder.enabledBy });
}

/** Cluster-wide grants, and namespaced grants by namespace. */
export function byScope(grants: readonly Grant[]): { cluster: Grant[]; namespaces: Map<string, Grant[]> } {
  const cluster: Grant[] = [];
  const namespaces = new Map<string, Grant[]>();
  for (const grant of grants) {
    if (grant.binding.scope === undefined) cluster.push(grant);
    else push(namespaces, grant.binding.scope, grant);
  }
  return { cluster, namespaces };
}

/** The namespaces grants reach: all of `targets`' with a cluster-wide grant, else the granted ones. */
export function reachedNamespaces(cluster: readonly Grant[], namespaces: ReadonlyMap<string, Grant[]>, targets: ReadonlyMap<string, unknown>): Iterable<string> {
  return cluster.length > 0 ? targets.keys() : namespaces.keys();
}

export function unrestricted(grant: Grant): boolean {
  return grant.rule.rule.resourceNames.size === 0;
}

export function accountNode(holder: Holder, account: SubjectRef): string {
  return addSubjectNode(holder.graph, holder.perms, account).id;
}

/** The node id of a target shared between subjects (an indexed account, workload or Secret), added once. */
export function targetNode(holder: Holder, target: object, make: () => GraphNode): string {
  const ids = holder.targets.nodeIds;
  let id = ids.get(target);
  if (id === undefined) ids.set(target, (id = holder.graph.addNode(make()).id));
  return id;
}

/** accountNode for an account of `targets` (or of a running workload): the same object each time. */
export function targetAccount(holder: Holder, account: SubjectRef): string {
  const ids = holder.targets.nodeIds;
  let id = ids.get(account);
  if (id === undefined) ids.set(account, (id = accountNode(holder, account)));
  return id;
}

export function podNamesMatch(grant: Grant, workload: Workload): boolean {
  const names = grant.rule.rule.resourceNames;
  if (names.size === 0) return true;
  const name = workload.resource.name;
  return [...names].some((pod) => (workload.resource.kind === 'Pod' ? pod === name : pod.startsWith(`${name}-`)));
}

/** Whether a workload has pods to change now: a CronJob has none between runs, a controller scaled to zero none at all. */
export function runsPods(workload: Workload): boolean {
  if (workload.resource.kind === 'CronJob') return false;
  const spec = workload.object.spec;
  return !(spec !== null && typeof spec === 'object' && (spec as { replicas?: unknown }).replicas === 0);
}

