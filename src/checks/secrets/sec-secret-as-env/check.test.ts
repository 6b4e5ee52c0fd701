import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'Secret mounted as a volume; ConfigMaps and literals in env',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      volumes:
        - { name: db, secret: { secretName: db-credentials } }
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          volumeMounts: [{ name: db, mountPath: /run/secrets/db, readOnly: true }]
          env:
            - { name: LOG_LEVEL, value: info }
            - name: FEATURE_FLAGS
              valueFrom: { configMapKeyRef: { name: web-config, key: flags } }
          envFrom:
            - configMapRef: { name: web-config }
`,
    },
  ],
  fail: [
    {
      name: 'secretKeyRef in an init container and envFrom secretRef with a prefix',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/migrate:1
          env:
            - { name: LOG_LEVEL, value: debug }
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: db-credentials, key: password } }
      containers:
        - name: api
          image: ghcr.io/acme/api:1
          envFrom:
            - configMapRef: { name: api-config }
            - secretRef: { name: api-secrets }
              prefix: APP_
`,
      expect: [
        {
          resource: 'StatefulSet/shop/api',
          container: 'migrate',
          path: 'spec.template.spec.initContainers[0].env[1].valueFrom.secretKeyRef',
          message: 'Container "migrate" reads key "password" of Secret "db-credentials" into env var DB_PASSWORD',
        },
        {
          resource: 'StatefulSet/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].envFrom[1].secretRef',
          message: 'loads every key of Secret "api-secrets" into env vars (prefixed "APP_")',
        },
      ],
    },
  ],
});
