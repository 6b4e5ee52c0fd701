/**
 * A small hand-made inventory with every source of declared traffic: a short-name URL with a
 * Service port, a named targetPort, a connection string with credentials, an Ingress behind an
 * in-cluster ingress-nginx, a LoadBalancer Service, kube-dns, the kubernetes endpoints, and an
 * operator whose service account the audit log shows using the API.
 */
import { expect } from 'vitest';
import type { Inventory } from '../../../model/index.js';
import { loadManifestText } from '../../../collect/files/index.js';
import { InventoryView, type Workload } from '../../../inventory/index.js';

export const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: { name: app }
---
apiVersion: v1
kind: Namespace
metadata: { name: data }
---
apiVersion: v1
kind: Namespace
metadata: { name: edge }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: app }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: example/web:1
          ports: [{ name: http, containerPort: 8080 }]
          env:
            - { name: API_URL, value: "http://api:80/v1" }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: app }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: app }
spec:
  ingressClassName: nginx
  rules:
    - host: web.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: app }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: api
          image: example/api:1
          ports: [{ name: grpc, containerPort: 9090 }, { name: metrics, containerPort: 9100 }]
          envFrom: [{ configMapRef: { name: api-config } }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: api-config, namespace: app }
data:
  DATABASE_URL: "postgres://orders:s3cr3t-pass@db.data.svc.cluster.local:5432/orders"
  LOG_LEVEL: info
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: app }
spec:
  selector: { app: api }
  ports: [{ name: grpc, port: 80, targetPort: grpc }, { name: metrics, port: 9100, targetPort: metrics }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: idle, namespace: app }
spec:
  selector: { matchLabels: { app: idle } }
  template:
    metadata: { labels: { app: idle } }
    spec:
      containers: [{ name: idle, image: example/idle:1, args: ["--mode", "cache"] }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: operator, namespace: app }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: operator, namespace: app }
spec:
  selector: { matchLabels: { app: operator } }
  template:
    metadata: { labels: { app: operator } }
    spec:
      serviceAccountName: operator
      containers: [{ name: operator, image: example/operator:1 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports: [{ name: pg, containerPort: 5432 }]
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: data }
spec:
  clusterIP: None
  selector: { app: db }
  ports: [{ name: pg, port: 5432, targetPort: pg }]
---
apiVersion: v1
kind: Service
metadata: { name: db-public, namespace: data }
spec:
  type: LoadBalancer
  selector: { app: db }
  ports: [{ name: pg, port: 5432, targetPort: pg }]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: edge }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller } }
  template:
    metadata: { labels: { app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller } }
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          args: [/nginx-ingress-controller, --controller-class=k8s.io/ingress-nginx]
          ports: [{ name: http, containerPort: 80 }, { name: https, containerPort: 443 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns, eks.amazonaws.com/component: coredns } }
    spec:
      containers:
        - name: coredns
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.1
          ports: [{ name: dns, containerPort: 53, protocol: UDP }, { name: dns-tcp, containerPort: 53, protocol: TCP }]
---
apiVersion: v1
kind: Service
metadata: { name: kube-dns, namespace: kube-system }
spec:
  clusterIP: 172.20.0.10
  selector: { k8s-app: kube-dns }
  ports: [{ name: dns, port: 53, protocol: UDP, targetPort: 53 }, { name: dns-tcp, port: 53, protocol: TCP, targetPort: 53 }]
---
apiVersion: v1
kind: Service
metadata: { name: kubernetes, namespace: default }
spec:
  clusterIP: 172.20.0.1
  ports: [{ name: https, port: 443, protocol: TCP, targetPort: 443 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: kubernetes, namespace: default }
subsets:
  - addresses: [{ ip: 10.0.5.10 }, { ip: 10.0.6.20 }]
    ports: [{ name: https, port: 443, protocol: TCP }]
`;

/** Audit events as the API server logs them (audit.k8s.io/v1, one JSON object a line). */
export const AUDIT_LINES = [
  {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '0b6f3f8e-3a1c-4d2e-9f41-1c2d3e4f5a61',
    stage: 'RequestReceived',
    requestURI: '/api/v1/namespaces/app/pods?limit=500',
    verb: 'list',
    user: { username: 'system:serviceaccount:app:default', groups: ['system:serviceaccounts', 'system:serviceaccounts:app', 'system:authenticated'] },
    sourceIPs: ['10.0.7.31'],
    objectRef: { resource: 'pods', namespace: 'app', apiVersion: 'v1' },
    requestReceivedTimestamp: '2025-05-12T10:09:12.402117Z',
    stageTimestamp: '2025-05-12T10:09:12.402117Z',
  },
  {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '0b6f3f8e-3a1c-4d2e-9f41-1c2d3e4f5a62',
    stage: 'ResponseComplete',
    requestURI: '/apis/apps/v1/namespaces/app/deployments/web',
    verb: 'get',
    user: { username: 'system:serviceaccount:app:operator', uid: '5f0c7e1a-2b3c-4d5e-8f9a-0b1c2d3e4f50', groups: ['system:serviceaccounts', 'system:serviceaccounts:app', 'system:authenticated'] },
    sourceIPs: ['10.0.7.42'],
    userAgent: 'operator/v0.3.1 (linux/amd64) kubernetes/1.30.4',
    objectRef: { resource: 'deployments', namespace: 'app', name: 'web', apiGroup: 'apps', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2025-05-12T10:10:01.118204Z',
    stageTimestamp: '2025-05-12T10:10:01.121877Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "operator/app" of Role "operator" to ServiceAccount "operator/app"' },
  },
]
  .map((event) => JSON.stringify(event))
  .join('\n');

export function fixtureInventory(text = MANIFESTS): Inventory {
  const loaded = loadManifestText(text, 'fixture.yaml');
  if (loaded.errors.length > 0) throw new Error(JSON.stringify(loaded.errors));
  return { source: { type: 'manifests' }, objects: loaded.objects, errors: [] };
}

/** The inventory plus the generated YAML read back by the manifest loader, as `kubectl apply` would add it. */
export function applied(inventory: Inventory, yaml: string): InventoryView {
  const loaded = loadManifestText(yaml, 'netpols.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ ...inventory, objects: [...inventory.objects, ...loaded.objects] });
}

export function find(view: InventoryView, namespace: string, name: string): Workload {
  const workload = view.workloads().find((candidate) => candidate.namespace === namespace && candidate.resource.name === name);
  if (!workload) throw new Error(`no workload ${namespace}/${name}`);
  return workload;
}
