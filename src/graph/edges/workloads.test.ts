import { describe, expect, it } from 'vitest';
import { SecurityGraph, type GraphEdge } from '../security-graph.js';
import { graphInventory } from '../test-support/inventory.js';
import { addWorkloadEdges } from './workloads.js';

function build(yaml: string): SecurityGraph {
  const graph = new SecurityGraph();
  addWorkloadEdges(graph, graphInventory(yaml));
  return graph;
}

function edges(graph: SecurityGraph, kind: GraphEdge['kind']): GraphEdge[] {
  return [...graph.edges()].filter((edge) => edge.kind === kind);
}

function links(graph: SecurityGraph, kind: GraphEdge['kind']): string[] {
  return edges(graph, kind).map((edge) => `${edge.from} -> ${edge.to}`);
}

function deployment(options: { pod?: string; containers?: string; name?: string; ns?: string } = {}): string {
  const name = options.name ?? 'web';
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${options.ns ?? 'shop'} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${options.pod ?? ''}      containers:
${options.containers ?? '        - { name: app, image: "shop/web:1.0" }\n'}`;
}

const serviceAccount = (name: string, extra = '') => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: shop }
${extra}`;

describe('runs-as', () => {
  it('links a workload to the service account it names when the token is mounted by default', () => {
    const graph = build([deployment({ pod: '      serviceAccountName: web-sa\n' }), serviceAccount('web-sa')].join('---\n'));
    expect(links(graph, 'runs-as')).toEqual(['Deployment:shop/web -> ServiceAccount:shop/web-sa']);
    const [edge] = edges(graph, 'runs-as');
    expect(edge?.evidence).toEqual([
      { resource: { kind: 'Deployment', namespace: 'shop', name: 'web' }, path: 'spec.template.spec.serviceAccountName', detail: 'pods run as ServiceAccount shop/web-sa' },
      {
        resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
        path: 'spec.template.spec.automountServiceAccountToken',
        detail: 'neither the pod spec nor ServiceAccount web-sa sets automountServiceAccountToken: false, so the token is mounted',
      },
    ]);
    expect(edge?.enabledBy).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    expect(graph.node('ServiceAccount:shop/web-sa')?.resource).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'shop', name: 'web-sa' });
  });

  it('uses the namespace default account when none is named, and says so', () => {
    const graph = build(deployment());
    expect(links(graph, 'runs-as')).toEqual(['Deployment:shop/web -> ServiceAccount:shop/default']);
    expect(edges(graph, 'runs-as')[0]?.evidence[0]?.detail).toBe('no serviceAccountName: pods run as the default ServiceAccount of namespace shop');
    expect(edges(graph, 'runs-as')[0]?.evidence[1]?.detail).toMatch(/ServiceAccount default \(not in the input\)/);
  });

  it('has no edge when the pod spec turns the token off', () => {
    const graph = build(deployment({ pod: '      serviceAccountName: web-sa\n      automountServiceAccountToken: false\n' }));
    expect(links(graph, 'runs-as')).toEqual([]);
  });

  it('has no edge when the ServiceAccount turns the token off, unless the pod turns it back on', () => {
    const off = serviceAccount('web-sa', 'automountServiceAccountToken: false\n');
    expect(links(build([deployment({ pod: '      serviceAccountName: web-sa\n' }), off].join('---\n')), 'runs-as')).toEqual([]);
    const graph = build([deployment({ pod: '      serviceAccountName: web-sa\n      automountServiceAccountToken: true\n' }), off].join('---\n'));
    expect(links(graph, 'runs-as')).toEqual(['Deployment:shop/web -> ServiceAccount:shop/web-sa']);
    expect(edges(graph, 'runs-as')[0]?.evidence[1]).toEqual({
      resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      path: 'spec.template.spec.automountServiceAccountToken',
      detail: 'the pod spec sets automountServiceAccountToken: true',
    });
  });

  it('points at the ServiceAccount when it turns the token on', () => {
    const graph = build([deployment({ pod: '      serviceAccountName: web-sa\n' }), serviceAccount('web-sa', 'automountServiceAccountToken: true\n')].join('---\n'));
    expect(edges(graph, 'runs-as')[0]?.evidence[1]).toEqual({
      resource: { kind: 'ServiceAccount', namespace: 'shop', name: 'web-sa' },
      path: 'automountServiceAccountToken',
      detail: 'ServiceAccount web-sa sets automountServiceAccountToken: true',
    });
  });

  it('keeps the edge for a projected token volume even with automount off', () => {
    const pod = `      serviceAccountName: web-sa
      automountServiceAccountToken: false
      volumes:
        - name: token
          projected: { sources: [{ configMap: { name: ca } }, { serviceAccountToken: { path: token } }] }
`;
    const graph = build(deployment({ pod }));
    expect(links(graph, 'runs-as')).toEqual(['Deployment:shop/web -> ServiceAccount:shop/web-sa']);
    expect(edges(graph, 'runs-as')[0]?.evidence[1]?.path).toBe('spec.template.spec.volumes[0].projected.sources[1].serviceAccountToken');
  });

  it('reads the legacy serviceAccount field', () => {
    const graph = build(deployment({ pod: '      serviceAccount: legacy\n' }));
    expect(links(graph, 'runs-as')).toEqual(['Deployment:shop/web -> ServiceAccount:shop/legacy']);
    expect(edges(graph, 'runs-as')[0]?.evidence[0]?.path).toBe('spec.template.spec.serviceAccount');
  });
});

describe('uses-image', () => {
  it('links every container and init container image, with its field', () => {
    const pod = '      initContainers:\n        - { name: migrate, image: "shop/migrate:2" }\n';
    const containers = '        - { name: app, image: "shop/web:1.0" }\n        - { name: proxy, image: "envoy:1.30" }\n        - { name: noimage }\n';
    const graph = build(deployment({ pod, containers }));
    expect(links(graph, 'uses-image').sort()).toEqual([
      'Deployment:shop/web -> Image:envoy:1.30',
      'Deployment:shop/web -> Image:shop/migrate:2',
      'Deployment:shop/web -> Image:shop/web:1.0',
    ]);
    const paths = edges(graph, 'uses-image').map((edge) => edge.evidence[0]?.path).sort();
    expect(paths).toEqual(['spec.template.spec.containers[0].image', 'spec.template.spec.containers[1].image', 'spec.template.spec.initContainers[0].image']);
  });

  it('shares one image node between workloads', () => {
    const graph = build([deployment({ name: 'a' }), deployment({ name: 'b' })].join('---\n'));
    expect(links(graph, 'uses-image')).toEqual(['Deployment:shop/a -> Image:shop/web:1.0', 'Deployment:shop/b -> Image:shop/web:1.0']);
  });
});

describe('mounts-secret', () => {
  const pod = `      volumes:
        - { name: creds, secret: { secretName: db-creds } }
        - name: bundle
          projected: { sources: [{ configMap: { name: ca } }, { secret: { name: tls-cert } }] }
        - { name: scratch, emptyDir: {} }
`;
  const containers = `        - name: app
          image: shop/web:1.0
          env:
            - { name: PLAIN, value: "x" }
            - name: API_KEY
              valueFrom: { secretKeyRef: { name: api-key, key: token } }
            - name: REGION
              valueFrom: { configMapKeyRef: { name: settings, key: region } }
          envFrom:
            - configMapRef: { name: settings }
            - secretRef: { name: app-env }
`;

  it('finds each form with its exact field, and ties only the env forms to sec-secret-as-env', () => {
    const graph = build(deployment({ pod, containers }));
    const found = edges(graph, 'mounts-secret').map((edge) => [edge.to, edge.evidence[0]?.path, edge.enabledBy.map((ref) => ref.name)]);
    expect(found).toEqual([
      ['Secret:shop/db-creds', 'spec.template.spec.volumes[0].secret.secretName', []],
      ['Secret:shop/tls-cert', 'spec.template.spec.volumes[1].projected.sources[1].secret.name', []],
      ['Secret:shop/api-key', 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name', ['web']],
      ['Secret:shop/app-env', 'spec.template.spec.containers[0].envFrom[1].secretRef.name', ['web']],
    ]);
    expect(graph.node('Deployment:shop/web')?.attrs.holdsSecrets).toBe(true);
  });

  it('marks nothing on a workload without Secrets', () => {
    const graph = build(deployment());
    expect(links(graph, 'mounts-secret')).toEqual([]);
    expect(graph.node('Deployment:shop/web')?.attrs.holdsSecrets).toBeUndefined();
  });

  it('links to the Secret object when it is in the input', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: { name: db-creds, namespace: shop }\ntype: Opaque\n';
    const graph = build([deployment({ pod }), secret].join('---\n'));
    expect(graph.node('Secret:shop/db-creds')?.resource).toEqual({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db-creds' });
  });

  it('reads pod templates at any depth (CronJob)', () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: ops }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          automountServiceAccountToken: false
          containers:
            - name: backup
              image: ops/backup:1
              envFrom: [{ secretRef: { name: s3-creds } }]
`;
    const graph = build(cronJob);
    expect(edges(graph, 'mounts-secret').map((edge) => edge.evidence[0]?.path)).toEqual([
      'spec.jobTemplate.spec.template.spec.containers[0].envFrom[0].secretRef.name',
    ]);
    expect(links(graph, 'runs-as')).toEqual([]);
  });
});

describe('namespaces and hostile input', () => {
  it('adds a node per namespace seen, and default for objects without one', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: empty }\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: solo }\nspec:\n  containers: [{ name: a, image: busybox }]\n';
    const graph = build([ns, pod, deployment()].join('---\n'));
    const namespaces = [...graph.nodes()].filter((node) => node.type === 'namespace').map((node) => node.id).sort();
    expect(namespaces).toEqual(['Namespace:default', 'Namespace:empty', 'Namespace:shop']);
    expect(graph.node('Namespace:empty')?.resource).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'empty' });
  });

  it('skips malformed projected volumes and secret references without throwing', () => {
    const pod = `      volumes:
        - name: odd
          projected: { sources: "not a list" }
        - name: odd2
          projected: { sources: [null, 3, { secret: "x" }, { secret: { name: 7 } }] }
        - name: empty
          secret: {}
`;
    const graph = build(deployment({ pod }));
    expect(links(graph, 'mounts-secret')).toEqual([]);
    expect(links(graph, 'runs-as')).toEqual(['Deployment:shop/web -> ServiceAccount:shop/default']);
  });
});
