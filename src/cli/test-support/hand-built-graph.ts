/**
 * A security graph built by hand over a small set of manifests, for CLI tests that must not
 * depend on how the edge builders read them: tests mock `buildGraph` to return it, and the
 * attack-path queries to return TEST_QUERIES. Nodes come from the same constructors the
 * builders use, so the findings of the real checks tie to the edges.
 */
import { loadManifestText } from '../../collect/files/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { serializeSnapshot, snapshotOf } from '../../inventory/snapshot.js';
import type { K8sObject } from '../../model/index.js';
import {
  awsPermissionNode,
  clusterAdminNode,
  iamRoleNode,
  internetNode,
  INTERNET_ID,
  loadBalancerNode,
  nodeGroupNode,
  objectNode,
  SecurityGraph,
  workloadNode,
  type GraphNode,
} from '../../graph/index.js';

const IMAGE = `public.ecr.aws/docker/library/busybox@sha256:${'a'.repeat(64)}`;

/** A privileged web Deployment behind an internet-facing load balancer, and a quiet api. */
export const GRAPH_FIXTURE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: ${IMAGE}
          securityContext: { privileged: true }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: ${IMAGE}
`;

export const NODE_ROLE_ARN = 'arn:aws:iam::111122223333:role/eks-node';

/** One query over the hand-built edges: Internet to AWS admin through a container escape. */
export const TEST_QUERY = `id: test-internet-to-aws-admin
title: Exposed workload escapes to the node and its admin IAM role
severity: critical
from: { type: internet }
to: { type: aws-permission, name: admin }
edges: [exposes, routes-to, selects, escapes-to-node, node-credentials, has-permission]
requires: [escapes-to-node]
`;

/** GRAPH_FIXTURE as a snapshot file's text, as `collect` would write it of such a cluster. */
export function fixtureSnapshot(): string {
  const { objects } = loadManifestText(GRAPH_FIXTURE, 'app.yaml');
  return serializeSnapshot(snapshotOf({ source: { type: 'cluster' }, objects, errors: [] }, { toolVersion: '0.1.0', collectedAt: '2026-03-02T08:00:00.000Z' }));
}

function objectOf(view: InventoryView, kind: string, name: string): K8sObject {
  const found = view.ofKind(kind).find((object) => object.metadata?.name === name);
  if (!found) throw new Error(`fixture has no ${kind} ${name}`);
  return found;
}

export function handBuiltGraph(view: InventoryView): SecurityGraph {
  const graph = new SecurityGraph();
  const internet = graph.addNode(internetNode());
  graph.addNode(clusterAdminNode());
  const service = objectOf(view, 'Service', 'web');
  const serviceNode = graph.addNode(objectNode('service', service));
  const balancer = graph.addNode(loadBalancerNode(service));
  const workloads = new Map(view.workloads().map((workload) => [workload.resource.name, graph.addNode(workloadNode(workload))]));
  const web = workloads.get('web')!;
  const api = workloads.get('api')!;
  const pool = graph.addNode(nodeGroupNode('workers'));
  const role = graph.addNode(iamRoleNode(NODE_ROLE_ARN));
  const admin = graph.addNode(awsPermissionNode('admin'));
  const serviceRef = { kind: 'Service', namespace: 'shop', name: 'web' };
  const webRef = { kind: 'Deployment', namespace: 'shop', name: 'web' };
  type Ref = typeof webRef;
  const edge = (from: GraphNode, kind: Parameters<SecurityGraph['addEdge']>[0]['kind'], to: GraphNode, detail: string, path?: string, enabledBy: Ref[] = [], about?: Ref) => {
    const resource = about ?? from.resource ?? { kind: from.kind, name: from.name };
    graph.addEdge({ from: from.id, kind, to: to.id, evidence: [{ resource, detail, ...(path && { path }) }], enabledBy });
  };
  edge(internet, 'exposes', balancer, 'the load balancer is internet-facing', 'metadata.annotations', [serviceRef], serviceRef);
  edge(balancer, 'routes-to', serviceNode, 'forwards to Service shop/web');
  edge(serviceNode, 'selects', web, 'selector app=web', 'spec.selector');
  edge(web, 'escapes-to-node', pool, 'container "app" is privileged', 'spec.template.spec.containers[0].securityContext.privileged', [webRef]);
  edge(pool, 'node-credentials', role, 'IMDS hop limit 2');
  edge(role, 'has-permission', admin, 'AdministratorAccess is attached');
  // Reachability is provided on demand, as the real graph does it: web reaches api.
  graph.provide('reaches', 'workload', (node) =>
    node.id === web.id ? [{ from: web.id, kind: 'reaches', to: api.id, evidence: [{ resource: webRef, detail: 'no NetworkPolicy' }], enabledBy: [] }] : [],
  );
  if (internet.id !== INTERNET_ID) throw new Error('unexpected Internet id');
  return graph;
}
