import { describe, expect, it } from 'vitest';
import { describeCheck, scanCase, type CheckCases } from '../../test-support/check-tester.js';
import { FAKE } from '../test-support/fake-credentials.js';
import { check } from './check.js';

const indent = (text: string, spaces: number): string =>
  text
    .split('\n')
    .map((line) => ' '.repeat(spaces) + line)
    .join('\n');

const base64 = (text: string): string => Buffer.from(text).toString('base64');

const cases: CheckCases = {
  pass: [
    {
      name: 'ordinary configuration, certificates and pointers to secrets',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-root-ca.crt, namespace: shop }
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ
    -----END CERTIFICATE-----
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: shop }
data:
  LOG_LEVEL: info
  DB_HOST: db.shop.svc
  DB_PASSWORD_FILE: /run/secrets/db/password
  DB_PASSWORD: "\${DB_PASSWORD}"
  existingSecret: postgres-credentials
  application.yaml: |
    spring:
      datasource:
        url: jdbc:postgresql://db:5432/app
        username: app
        password: \${DB_PASSWORD}
    management:
      endpoint: { health: { probes: { enabled: true } } }
binaryData:
  logo.png: iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
`,
    },
  ],
  fail: [
    {
      name: 'a password under its own key, a config file with several, and a key in binaryData',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: api-config, namespace: shop }
data:
  LOG_LEVEL: debug
  DB_PASSWORD: Pr0d-DB-Pass
  application.properties: |
    server.port=8080
    spring.datasource.url=jdbc:postgresql://db:5432/app
    spring.datasource.password=Spr1ng-Pass
    slack.webhook=${FAKE.slackWebhook}
  credentials: |
    [default]
    aws_access_key_id = ${FAKE.awsAccessKeyId}
    aws_secret_access_key = ${FAKE.awsSecretAccessKey}
binaryData:
  id_rsa: ${base64(FAKE.privateKey)}
`,
      expect: [
        {
          resource: 'ConfigMap/shop/api-config',
          path: 'data.DB_PASSWORD',
          message: 'ConfigMap key "DB_PASSWORD" holds a literal password (********)',
        },
        {
          resource: 'ConfigMap/shop/api-config',
          path: 'data["application.properties"]',
          message:
            'ConfigMap key "application.properties" holds a literal password (********) on line 3 (spring.datasource.password), and 1 more',
        },
        {
          resource: 'ConfigMap/shop/api-config',
          path: 'data.credentials',
          message: 'holds a literal AWS access key id (AKIA************N4XZ) on line 2, and 1 more',
        },
        {
          resource: 'ConfigMap/shop/api-config',
          path: 'binaryData.id_rsa',
          message: 'ConfigMap key "id_rsa" holds a literal private key (-----BEGIN RSA PRIVATE KEY----- (key material hidden)) on line 1',
        },
      ],
    },
    {
      name: 'registry credentials in a docker config.json and a kubeconfig token',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: ci-tools, namespace: ci }
data:
  config.json: |
${indent(JSON.stringify({ auths: { 'registry.corp.example': { auth: base64('deploy:Tk9-long-pass') } } }, null, 2), 4)}
  kubeconfig: |
    apiVersion: v1
    kind: Config
    users:
      - name: ci
        user:
          token: ${FAKE.jwt}
`,
      expect: [
        { resource: 'ConfigMap/ci/ci-tools', path: 'data["config.json"]', message: 'holds a literal registry credential (' },
        { resource: 'ConfigMap/ci/ci-tools', path: 'data.kubeconfig', message: 'holds a literal JSON Web Token (eyJh' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'ConfigMaps could not be listed',
      source: { type: 'cluster' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/configmaps', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`,
      expect: [{ message: 'listing configmaps failed (403)' }],
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
