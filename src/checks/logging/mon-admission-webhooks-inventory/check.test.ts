import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'a configuration whose webhooks were all removed',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: leftover }
webhooks: []
`,
    },
  ],
  fail: [
    {
      name: 'service-backed validating webhook is listed at info',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: gatekeeper-validating-webhook-configuration }
webhooks:
  - name: validation.gatekeeper.sh
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig:
      service: { name: gatekeeper-webhook-service, namespace: gatekeeper-system, path: /v1/admit }
    namespaceSelector:
      matchExpressions:
        - { key: admission.gatekeeper.sh/ignore, operator: DoesNotExist }
        - { key: kubernetes.io/metadata.name, operator: NotIn, values: [gatekeeper-system] }
    rules:
      - { apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: ["*"] }
`,
      expect: [
        {
          resource: 'ValidatingWebhookConfiguration/gatekeeper-validating-webhook-configuration',
          path: 'webhooks[0].clientConfig.service',
          severity: 'info',
          message:
            'Validating "gatekeeper-validating-webhook-configuration" webhook "validation.gatekeeper.sh" calls service gatekeeper-system/gatekeeper-webhook-service:443/v1/admit; rules: CREATE,UPDATE *.*; failurePolicy: Ignore; namespaceSelector: !admission.gatekeeper.sh/ignore, kubernetes.io/metadata.name notin (gatekeeper-system); objectSelector: all',
        },
      ],
    },
    {
      name: 'external URL webhook is raised; control-plane loopback URL is not',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: collector }
webhooks:
  - name: mutate.collector.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig: { url: "https://hooks.example.com:8443/mutate" }
    rules:
      - { apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [secrets, configmaps] }
  - name: iam-for-pods.amazonaws.com
    admissionReviewVersions: [v1beta1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig: { url: "https://127.0.0.1:23443/mutate" }
    objectSelector:
      matchExpressions: [{ key: eks.amazonaws.com/skip-pod-identity-webhook, operator: DoesNotExist }]
    rules:
      - { apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods], scope: "*" }
`,
      expect: [
        {
          resource: 'MutatingWebhookConfiguration/collector',
          path: 'webhooks[0].clientConfig.url',
          severity: 'medium',
          message: 'sends admission requests outside the cluster to https://hooks.example.com:8443/mutate; rules: CREATE secrets, configmaps; failurePolicy: Fail (default)',
        },
        {
          resource: 'MutatingWebhookConfiguration/collector',
          path: 'webhooks[1].clientConfig.url',
          severity: 'info',
          message: '(on the control plane host); rules: CREATE pods; failurePolicy: Ignore; namespaceSelector: all; objectSelector: !eks.amazonaws.com/skip-pod-identity-webhook',
        },
      ],
    },
    {
      name: 'whole cluster: the backing Service does not exist',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: orphan }
webhooks:
  - name: check.orphan.io
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig: { service: { name: orphan-webhook, namespace: tools, port: 9443 } }
    rules: [{ apiGroups: [apps], apiVersions: [v1], operations: ["*"], resources: [deployments], scope: Namespaced }]
`,
      expect: [
        {
          resource: 'ValidatingWebhookConfiguration/orphan',
          message: 'calls service tools/orphan-webhook:9443, which does not exist; rules: * deployments.apps (Namespaced)',
        },
      ],
    },
  ],
});
