import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const REDIS = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache, namespace: shop }
spec:
  template:
    metadata: { labels: { app: cache } }
    spec:
      containers:
        - name: redis
          image: redis:7.2
          ports: [{ name: redis, containerPort: 6379 }]
        - name: exporter
          image: oliver006/redis_exporter:v1.58.0
          ports: [{ name: metrics, containerPort: 9121 }]
`;

describeCheck(check, {
  pass: [
    {
      name: 'unauthenticated Redis behind a ClusterIP Service only',
      yaml: `${REDIS}
---
apiVersion: v1
kind: Service
metadata: { name: cache, namespace: shop }
spec: { selector: { app: cache }, ports: [{ port: 6379, targetPort: redis }] }
`,
    },
    {
      name: 'NodePort exposing only the exporter port, and a password-protected Postgres behind an LB',
      yaml: `${REDIS}
---
apiVersion: v1
kind: Service
metadata: { name: metrics, namespace: shop }
spec: { type: NodePort, selector: { app: cache }, ports: [{ port: 9121, targetPort: metrics }] }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: pg, namespace: shop }
spec:
  template:
    metadata: { labels: { app: pg } }
    spec:
      containers:
        - name: postgres
          image: postgres:16
          env: [{ name: POSTGRES_PASSWORD, valueFrom: { secretKeyRef: { name: pg, key: password } } }]
---
apiVersion: v1
kind: Service
metadata: { name: pg, namespace: shop }
spec: { type: LoadBalancer, selector: { app: pg }, ports: [{ port: 5432 }] }
`,
    },
  ],
  fail: [
    {
      name: 'Redis exposed by an internet-facing LoadBalancer and a NodePort',
      yaml: `${REDIS}
---
apiVersion: v1
kind: Service
metadata: { name: cache-public, namespace: shop }
spec: { type: LoadBalancer, selector: { app: cache }, ports: [{ port: 6379, targetPort: 6379 }] }
---
apiVersion: v1
kind: Service
metadata: { name: cache-node, namespace: shop }
spec: { type: NodePort, selector: { app: cache }, ports: [{ port: 6379, targetPort: redis }] }
`,
      expect: [
        {
          resource: 'StatefulSet/shop/cache',
          container: 'redis',
          path: 'spec.template.spec.containers[0].image',
          message:
            'Container "redis" runs Redis without authentication (no password or ACL configured; the image runs with protected mode off) and is exposed by internet-facing LoadBalancer Service shop/cache-public, NodePort Service shop/cache-node',
        },
      ],
    },
    {
      name: 'Elasticsearch with security disabled behind an Ingress, evidence at the variable',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: search, namespace: logs }
spec:
  template:
    metadata: { labels: { app: search } }
    spec:
      containers:
        - name: es
          image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0
          env:
            - { name: discovery.type, value: single-node }
            - { name: xpack.security.enabled, value: "false" }
---
apiVersion: v1
kind: Service
metadata: { name: search, namespace: logs }
spec: { selector: { app: search }, ports: [{ name: http, port: 80, targetPort: 9200 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: search, namespace: logs }
spec:
  rules:
    - host: search.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: search, port: { name: http } } } }] }
`,
      expect: [
        {
          resource: 'Deployment/logs/search',
          container: 'es',
          path: 'spec.template.spec.containers[0].env[1]',
          message: 'runs Elasticsearch without authentication (xpack.security.enabled is false) and is exposed by Ingress logs/search (via Service logs/search)',
        },
      ],
    },
    {
      name: 'MongoDB on externalIPs',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: mongo, namespace: data, labels: { app: mongo } }
spec: { containers: [{ name: mongo, image: mongo:7 }] }
---
apiVersion: v1
kind: Service
metadata: { name: mongo, namespace: data }
spec: { selector: { app: mongo }, externalIPs: [203.0.113.5], ports: [{ port: 27017 }] }
`,
      expect: [{ resource: 'Pod/data/mongo', container: 'mongo', path: 'spec.containers[0].image', message: 'Service data/mongo with externalIPs' }],
    },
  ],
});
