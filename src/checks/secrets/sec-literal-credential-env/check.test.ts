import { describe, expect, it } from 'vitest';
import { describeCheck, scanCase, type CheckCases } from '../../test-support/check-tester.js';
import { FAKE } from '../test-support/fake-credentials.js';
import { check } from './check.js';

const cases: CheckCases = {
  pass: [
    {
      name: 'references, placeholders, paths and ordinary settings',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: db-credentials, key: password } }
            - { name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db.shop.svc:5432/app" }
            - { name: PASSWORD_FILE, value: /run/secrets/db/password }
            - { name: TOKEN_TTL, value: "3600" }
            - { name: API_KEY, value: changeme }
            - { name: AWS_ACCESS_KEY_ID, value: "${FAKE.awsExampleKeyId}" }
            - { name: AWS_ROLE_ARN, value: "arn:aws:iam::123456789012:role/web" }
            - { name: SECRET_NAME, value: web-tls }
            - { name: LOG_LEVEL, value: info }
            - { name: EMPTY_TOKEN }
`,
    },
  ],
  fail: [
    {
      name: 'AWS keys, a password and a connection string across containers',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/migrate:1
          env:
            - { name: DATABASE_URL, value: "postgres://app:S3cure-Pa55@db.shop.svc:5432/app" }
      containers:
        - name: api
          image: ghcr.io/acme/api:1
          env:
            - { name: REGION, value: eu-west-1 }
            - { name: AWS_ACCESS_KEY_ID, value: "${FAKE.awsAccessKeyId}" }
            - { name: AWS_SECRET_ACCESS_KEY, value: "${FAKE.awsSecretAccessKey}" }
            - { name: MYSQL_ROOT_PASSWORD, value: admin }
`,
      expect: [
        {
          resource: 'Deployment/shop/api',
          container: 'migrate',
          path: 'spec.template.spec.initContainers[0].env[0].value',
          message: 'Container "migrate" sets DATABASE_URL to a literal password in a connection string (postgres://app:********@db.shop.svc:5432)',
        },
        {
          resource: 'Deployment/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].env[1].value',
          message: 'sets AWS_ACCESS_KEY_ID to a literal AWS access key id (AKIA************N4XZ)',
        },
        {
          resource: 'Deployment/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].env[2].value',
          message: /AWS_SECRET_ACCESS_KEY to a literal AWS secret access key \(q8Vd\*{12}iC7w\)$/,
        },
        {
          resource: 'Deployment/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].env[3].value',
          message: 'sets MYSQL_ROOT_PASSWORD to a literal password (********)',
        },
      ],
    },
    {
      name: 'a token and JVM flags in a CronJob, a JWT in an ephemeral container',
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: { name: release, namespace: ci }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: release
              image: ghcr.io/acme/release:1
              env:
                - { name: GITHUB_TOKEN, value: "${FAKE.githubToken}" }
                - { name: JAVA_OPTS, value: "-Xmx1g -Djavax.net.ssl.keyStorePassword=Ks-Pass-77 -Ddb.password=Db-Pass-88" }
---
apiVersion: v1
kind: Pod
metadata: { name: api-0, namespace: shop }
spec:
  containers: [{ name: api, image: ghcr.io/acme/api:1 }]
  ephemeralContainers:
    - name: debug
      image: curlimages/curl:8.8.0
      env: [{ name: KUBE_TOKEN, value: "${FAKE.jwt}" }]
`,
      expect: [
        {
          resource: 'CronJob/ci/release',
          container: 'release',
          path: 'spec.jobTemplate.spec.template.spec.containers[0].env[0].value',
          message: 'sets GITHUB_TOKEN to a literal GitHub token (ghp_************',
        },
        {
          resource: 'CronJob/ci/release',
          container: 'release',
          path: 'spec.jobTemplate.spec.template.spec.containers[0].env[1].value',
          message: 'sets JAVA_OPTS to a literal password (********), and 1 more',
        },
        {
          resource: 'Pod/shop/api-0',
          container: 'debug',
          path: 'spec.ephemeralContainers[0].env[0].value',
          message: 'sets KUBE_TOKEN to a literal JSON Web Token (eyJh',
        },
      ],
    },
  ],
};

describeCheck(check, cases);

describe(`${check.id} never prints a credential`, () => {
  it.each(cases.fail.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const { results } = scanCase(check, testCase);
    const text = JSON.stringify(results);
    for (const secret of [...Object.values(FAKE), 'S3cure-Pa55', 'Pr0d-DB-Pass', 'Spr1ng-Pass', 'Ks-Pass-77', 'Tk9-long-pass']) {
      expect(text).not.toContain(secret);
    }
  });
});
