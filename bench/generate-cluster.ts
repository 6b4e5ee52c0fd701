/**
 * A deterministic synthetic cluster dump for benchmarks: workloads with their ReplicaSets and
 * Pods, RBAC, Services, NetworkPolicies, ConfigMaps and Secret metadata across many namespaces,
 * shaped like `kubectl get -o json` output. Same seed, same bytes.
 */
import { seededRandom as rng } from './seeded-random.js';

type Obj = Record<string, unknown>;


export function generateCluster(totalObjects = 50_000, namespaces = 500, seed = 42): Obj[] {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const images = ['nginx:1.27.1', 'redis:7.2', 'public.ecr.aws/eks/app:1.4', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:' + 'a'.repeat(64), 'busybox:latest', 'ghcr.io/org/worker:2.0'];
  const objects: Obj[] = [];
  const perNamespace = Math.floor(totalObjects / namespaces);
  for (let n = 0; n < namespaces && objects.length < totalObjects; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    const start = objects.length;
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, ...(random() < 0.5 ? { 'pod-security.kubernetes.io/enforce': pick(['baseline', 'restricted', 'privileged']) } : {}) } },
    });
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-to-api', namespace: ns },
      spec: {
        podSelector: { matchLabels: { tier: 'api' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': `team-${String((n + 1) % namespaces).padStart(3, '0')}` } } }], ports: [{ port: 8080 }] }],
      },
    });
    objects.push({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: ns }, spec: { hard: { 'requests.cpu': '20', 'requests.memory': '64Gi' } } });
    let app = 0;
    while (objects.length - start < perNamespace - 8 && objects.length < totalObjects - 8) {
      const name = `app-${app++}`;
      const labels = { app: name, tier: pick(['web', 'api', 'worker']) };
      const sa = random() < 0.7 ? name : 'default';
      const container = {
        name,
        image: pick(images),
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          ...(random() < 0.2 ? [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } } }] : []),
        ],
        resources: random() < 0.6 ? { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } } : {},
        securityContext: random() < 0.5 ? { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } : random() < 0.1 ? { privileged: true } : {},
        ...(random() < 0.5 ? { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } }, readinessProbe: { httpGet: { path: '/ready', port: 8080 } } } : {}),
      };
      const podSpec = { serviceAccountName: sa, containers: [container], ...(random() < 0.05 ? { hostNetwork: true } : {}) };
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels, uid: `uid-${ns}-${name}` },
        spec: { replicas: app % 10 === 0 ? 4 : 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels }, spec: podSpec } },
      };
      const rsName = `${name}-6f7d9c`;
      const replicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: rsName, namespace: ns, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-${ns}-${name}`, controller: true }] },
        spec: deployment.spec,
      };
      const pods = (app % 10 === 0 ? [0, 1, 2, 3] : [0, 1]).map((i) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${rsName}-${i}x${app}`, namespace: ns, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: `uid-rs-${ns}-${name}`, controller: true }] },
        spec: { ...podSpec, nodeName: `ip-10-0-${n % 250}-${i}.eu-west-1.compute.internal` },
        status: { phase: 'Running' },
      }));
      objects.push(deployment, replicaSet, ...pods);
      objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { type: random() < 0.05 ? 'LoadBalancer' : 'ClusterIP', selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
      if (sa !== 'default') objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: ns, annotations: random() < 0.3 ? { 'eks.amazonaws.com/role-arn': `arn:aws:iam::111122223333:role/${ns}-${name}` } : {} } });
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config`, namespace: ns }, data: { 'app.properties': `server.port=8080\nfeature.flag=${random() < 0.5}\n`, ...(random() < 0.02 ? { 'db.url': 'postgres://admin:S3cr3tPassw0rd@db:5432/app' } : {}) } });
      objects.push({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: `${name}-db`, namespace: ns, creationTimestamp: '2026-01-15T10:00:00Z' } });
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: `${name}-role`, namespace: ns },
        rules: [{ apiGroups: [''], resources: pick([['configmaps'], ['secrets'], ['pods', 'pods/log'], ['*']]), verbs: pick([['get', 'list'], ['get', 'list', 'watch', 'create', 'update'], ['*']]) }],
      });
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `${name}-binding`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: random() < 0.1 ? 'ClusterRole' : 'Role', name: random() < 0.1 ? 'edit' : `${name}-role` },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }, ...(random() < 0.2 ? [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${ns}-developers` }] : [])],
      });
    }
  }
  for (let i = 0; objects.length < totalObjects; i++) {
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: i % 2 === 0 ? 'ClusterRole' : 'ClusterRoleBinding',
      metadata: { name: `platform-${Math.floor(i / 2)}` },
      ...(i % 2 === 0
        ? { rules: [{ apiGroups: ['*'], resources: ['nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] }] }
        : { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `platform-${Math.floor(i / 2)}` }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `platform-${i}` }] }),
    });
  }
  return objects;
}
