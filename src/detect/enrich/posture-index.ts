/**
 * Posture context for alerts: given the inventory of a snapshot and its scan result, tells for
 * the identity and object of an alert which workloads they are, whether those are exposed to the
 * Internet, which IAM roles, AWS permission classes and cluster-admin they can reach in the
 * security graph, which attack paths run through them and which findings are open on them. An
 * alert whose subject or object sits on an attack path is raised one severity level: the same
 * action means more when the actor can go somewhere.
 */
import type { Alert, AlertPosture, AttackPath, CheckResult, GraphNodeRef, K8sObject, Severity } from '../../model/index.js';
import { SEVERITIES, severityRank } from '../../model/index.js';
import type { InventoryView, Workload } from '../../inventory/index.js';
import { ALL_EDGE_KINDS, buildGraph, nodeId, type EdgeKind, type GraphNode, type SecurityGraph } from '../../graph/index.js';

/** Kinds of the workload resources an audit event names by their plural. */
const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  pods: 'Pod',
  deployments: 'Deployment',
  daemonsets: 'DaemonSet',
  statefulsets: 'StatefulSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
  replicationcontrollers: 'ReplicationController',
};

/**
 * Pod name suffixes a controller adds to its own name: Deployment `-<template hash>-<id>`,
 * DaemonSet and Job `-<id>`, StatefulSet `-<ordinal>`, CronJob `-<minutes>-<id>`. Hashes and ids
 * use Kubernetes' safe alphabet (no vowels, no 0/1/3), so `web-api-x7k2p` is not a pod of `web`.
 */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_SUFFIX = new RegExp(`^-(?:${SAFE}{6,10}-${SAFE}{5}|${SAFE}{5}|\\d+|\\d{8,}-${SAFE}{5})$`);

/** Edges followed to see what an identity can reach; pod-to-pod reachability is left out (it is about the network, not the identity). */
const REACH_KINDS: ReadonlySet<EdgeKind> = new Set(ALL_EDGE_KINDS.filter((kind) => kind !== 'reaches'));
const MAX_REACH_NODES = 5_000;
const MAX_PATHS = 5;
const MAX_FINDINGS = 10;
const MAX_CACHED = 10_000;

export class PostureIndex {
  private readonly pathsByNode = new Map<string, AttackPath[]>();
  private readonly findingsByResource = new Map<string, CheckResult[]>();
  private readonly rolesByName = new Map<string, GraphNode[]>();
  private readonly cache = new Map<string, AlertPosture | null>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();

  private constructor(
    private readonly view: InventoryView,
    private readonly graph: SecurityGraph,
    results: readonly CheckResult[],
    paths: readonly AttackPath[],
  ) {
    for (const path of paths) {
      const ids = new Set(path.steps.flatMap((step) => [refId(step.from), refId(step.to)]));
      for (const id of ids) push(this.pathsByNode, id, path);
    }
    for (const result of results) {
      if (result.status !== 'fail' || result.waived) continue;
      push(this.findingsByResource, refId(result.resource), result);
    }
    for (const node of graph.nodes()) {
      if (node.type !== 'iam-role' && node.type !== 'aws-principal') continue;
      push(this.rolesByName, roleNameOf(node.name), node);
    }
    for (const workload of view.workloads()) push(this.workloadsByNamespace, workload.namespace, workload);
  }

  /** Builds the security graph of the inventory; `results` and `paths` are the scan's. */
  static build(view: InventoryView, results: readonly CheckResult[], paths: readonly AttackPath[] = []): PostureIndex {
    return new PostureIndex(view, buildGraph(view), results, paths);
  }

  /** The alert with its posture context (and raised severity when on an attack path); unchanged when nothing matches. */
  enrich(alert: Alert): Alert {
    const { resource, subresource, apiGroup, namespace, name } = alert.object;
    const key = [alert.source, alert.subject.name, resource, subresource, apiGroup, namespace, name].map((part) => part ?? '').join('\u0000');
    let posture = this.cache.get(key);
    if (posture === undefined) {
      posture = this.postureOf(alert) ?? null;
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, posture);
    }
    if (!posture) return alert;
    if (posture.attackPaths.length === 0) return { ...alert, posture };
    const raised = raise(alert.severity);
    return raised === alert.severity ? { ...alert, posture } : { ...alert, severity: raised, posture: { ...posture, severityRaisedFrom: alert.severity } };
  }

  private postureOf(alert: Alert): AlertPosture | undefined {
    const nodes = [...this.subjectNodes(alert), ...this.objectNodes(alert)];
    const unique = [...new Map(nodes.map((node) => [node.id, node])).values()];
    if (unique.length === 0) return undefined;

    const workloads = new Map<string, GraphNode>();
    for (const node of unique) {
      if (node.type === 'workload') workloads.set(node.id, node);
      if (node.type === 'service-account') for (const edge of this.graph.in(node.id)) if (edge.kind === 'runs-as') addNode(workloads, this.graph.node(edge.from));
    }
    const involved = [...new Map([...unique, ...workloads.values()].map((node) => [node.id, node])).values()];
    const reach = this.reachFrom(involved);
    const pathIds = new Set<string>();
    const paths: AttackPath[] = [];
    const findings: CheckResult[] = [];
    for (const node of involved) {
      for (const path of this.pathsByNode.get(node.id) ?? []) {
        if (pathIds.has(path.id)) continue;
        pathIds.add(path.id);
        paths.push(path);
      }
      findings.push(...(node.resource ? (this.findingsByResource.get(refId(node.resource)) ?? []) : []));
    }
    paths.sort((a, b) => b.score - a.score);
    findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId));
    return {
      matched: unique.map(label),
      workloads: [...workloads.values()].map(label),
      exposed: [...workloads.values()].some((node) => node.attrs.exposed === true),
      iamRoles: reach.filter((node) => node.type === 'iam-role').map((node) => node.name),
      awsPermissions: reach.filter((node) => node.type === 'aws-permission').map((node) => node.name),
      clusterAdmin: reach.some((node) => node.type === 'cluster-admin'),
      attackPaths: paths.slice(0, MAX_PATHS).map((path) => ({ id: path.id, title: path.title, severity: path.severity })),
      findings: findings.slice(0, MAX_FINDINGS).map((finding) => ({ checkId: finding.checkId, severity: finding.severity, resource: resourceLabel(finding.resource) })),
      findingsTotal: findings.length,
    };
  }

  /** Graph nodes of who acted: a service account, a Kubernetes user, an IAM role or other AWS principal. */
  private subjectNodes(alert: Alert): GraphNode[] {
    const name = alert.subject.name;
    const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
    if (serviceAccount) return nodes(this.graph, nodeId('ServiceAccount', serviceAccount[1], serviceAccount[2] ?? ''));
    if (/^arn:aws(?:-[a-z-]+)?:/.test(name)) return this.awsNodes(name);
    return nodes(this.graph, nodeId('User', undefined, name));
  }

  /** Graph nodes of what was acted on (Kubernetes objects only; AWS resources are not in the graph). */
  private objectNodes(alert: Alert): GraphNode[] {
    const { resource, namespace, name, subresource } = alert.object;
    if (alert.source !== 'k8s-audit' || !resource || !name) return [];
    if (resource === 'serviceaccounts') return nodes(this.graph, nodeId('ServiceAccount', namespace, name));
    if (resource === 'secrets') return nodes(this.graph, nodeId('Secret', namespace, name));
    if (resource === 'pods' && namespace) {
      const workload = this.workloadOfPod(namespace, name);
      return workload ? nodes(this.graph, nodeId(workload.resource.kind, namespace, workload.resource.name)) : [];
    }
    const kind = WORKLOAD_KINDS[resource];
    return kind && namespace && !subresource ? nodes(this.graph, nodeId(kind, namespace, name)) : [];
  }

  /** An ARN as the graph knows it: the role of an assumed-role session, or the principal itself. */
  private awsNodes(arn: string): GraphNode[] {
    const exact = [...nodes(this.graph, nodeId('IAMRole', undefined, arn)), ...nodes(this.graph, nodeId('AWSPrincipal', undefined, arn))];
    if (exact.length > 0) return exact;
    const session = /^arn:(aws[a-z-]*):(?:sts|iam)::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
    if (!session) return [];
    // The same role name in another account or partition is another role.
    return (this.rolesByName.get(session[3] ?? '') ?? []).filter((node) => node.name.startsWith(`arn:${session[1]}:iam::${session[2]}:`));
  }

  /** The workload running a pod: through its owner references when the pod is in the inventory, else by the name its controller gave it. */
  private workloadOfPod(namespace: string, podName: string): Workload | undefined {
    const candidates = this.workloadsByNamespace.get(namespace) ?? [];
    let object: K8sObject | undefined = this.view.get('Pod', namespace, podName);
    for (let depth = 0; object && depth < 4; depth++) {
      const current = object;
      const found = candidates.find((workload) => workload.object === current);
      if (found) return found;
      const owner = current.metadata?.ownerReferences?.find((ref) => ref.controller);
      object = owner?.kind && owner.name ? this.view.get(owner.kind, namespace, owner.name) : undefined;
    }
    let best: Workload | undefined;
    for (const workload of candidates) {
      const name = workload.resource.name;
      if (podName.startsWith(name) && POD_SUFFIX.test(podName.slice(name.length)) && name.length > (best?.resource.name.length ?? -1)) best = workload;
    }
    return best;
  }

  /** Nodes reachable from the start nodes through stored edges (bounded). */
  private reachFrom(start: readonly GraphNode[]): GraphNode[] {
    const seen = new Set(start.map((node) => node.id));
    const queue = start.map((node) => node.id);
    const reached: GraphNode[] = [];
    while (queue.length > 0 && seen.size < MAX_REACH_NODES) {
      const id = queue.shift() as string;
      for (const edge of this.graph.out(id, REACH_KINDS)) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        const node = this.graph.node(edge.to);
        if (!node) continue;
        reached.push(node);
        queue.push(node.id);
      }
    }
    return reached;
  }
}

function raise(severity: Severity): Severity {
  const index = SEVERITIES.indexOf(severity);
  return SEVERITIES[Math.max(0, index - 1)] ?? severity;
}

function nodes(graph: SecurityGraph, id: string): GraphNode[] {
  const node = graph.node(id);
  return node ? [node] : [];
}

function addNode(map: Map<string, GraphNode>, node: GraphNode | undefined): void {
  if (node) map.set(node.id, node);
}

function refId(ref: GraphNodeRef): string {
  return nodeId(ref.kind, ref.namespace, ref.name);
}

function label(node: GraphNode): string {
  return `${node.kind} ${node.namespace ? `${node.namespace}/` : ''}${node.name}`;
}

function resourceLabel(ref: GraphNodeRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** `arn:aws:iam::1:role/path/Name` → `Name` (an assumed-role session names the role without its path). */
function roleNameOf(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('role/') ? (resource.split('/').at(-1) ?? '') : '';
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
