import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const kyverno = (policy: string, selector: string): string => `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: kyverno-resource-validating-webhook-cfg }
webhooks:
  - name: validate.kyverno.svc-fail
    admissionReviewVersions: [v1]
    sideEffects: NoneOnDryRun
    failurePolicy: ${policy}
    clientConfig:
      service: { name: kyverno-svc, namespace: kyverno, path: /validate/fail, port: 443 }
    namespaceSelector:
${selector}
    rules:
      - { apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods], scope: "*" }
  - name: validate.kyverno.svc-ignore
    admissionReviewVersions: [v1]
    sideEffects: NoneOnDryRun
    failurePolicy: Ignore
    clientConfig:
      service: { name: kyverno-svc, namespace: kyverno, path: /validate/ignore, port: 443 }
    rules: []
`;

describeCheck(check, {
  pass: [
    {
      name: 'Kyverno failing closed, excluding only its own namespace and kube-system',
      yaml: kyverno(
        'Fail',
        '      matchExpressions:\n        - { key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, kyverno] }',
      ),
    },
    {
      name: 'unrelated mutating pod webhook failing open is not a policy engine',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: istio-sidecar-injector }
webhooks:
  - name: sidecar-injector.istio.io
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig: { service: { name: istiod, namespace: istio-system, path: /inject } }
    rules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
`,
    },
    {
      name: 'EKS control-plane webhook on pods served from the API server host',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: eks-pod-checks }
webhooks:
  - name: vpod.eks.amazonaws.com
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig: { url: "https://127.0.0.1:9443/validate-pod" }
    rules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
`,
    },
    {
      name: 'Gatekeeper ignore label present only on its own namespace',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: gatekeeper-system, labels: { admission.gatekeeper.sh/ignore: no-self-managing } }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: gatekeeper-validating-webhook-configuration }
webhooks:
  - name: validation.gatekeeper.sh
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Fail
    clientConfig: { service: { name: gatekeeper-webhook-service, namespace: gatekeeper-system, path: /v1/admit } }
    namespaceSelector:
      matchExpressions: [{ key: admission.gatekeeper.sh/ignore, operator: DoesNotExist }]
    rules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: ["*"] }]
`,
    },
  ],
  fail: [
    {
      name: 'Kyverno failing open and excluding application namespaces',
      yaml: kyverno(
        'Ignore',
        '      matchExpressions:\n        - { key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, kyverno, monitoring, ci-runners] }',
      ),
      expect: [
        {
          resource: 'ValidatingWebhookConfiguration/kyverno-resource-validating-webhook-cfg',
          path: 'webhooks[0].failurePolicy',
          message: 'Kyverno webhook "validate.kyverno.svc-fail" has failurePolicy Ignore: while it is unavailable, CREATE,UPDATE pods are admitted unchecked',
        },
        {
          resource: 'ValidatingWebhookConfiguration/kyverno-resource-validating-webhook-cfg',
          path: 'webhooks[0].namespaceSelector.matchExpressions[0]',
          message: 'never checks namespaces monitoring, ci-runners',
        },
      ],
    },
    {
      name: 'Gatekeeper default Ignore with a labelled application namespace exempt, and an objectSelector',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: legacy, labels: { admission.gatekeeper.sh/ignore: "true" } }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: gatekeeper-validating-webhook-configuration }
webhooks:
  - name: validation.gatekeeper.sh
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig: { service: { name: gatekeeper-webhook-service, namespace: gatekeeper-system, path: /v1/admit } }
    namespaceSelector:
      matchExpressions: [{ key: admission.gatekeeper.sh/ignore, operator: DoesNotExist }]
    objectSelector:
      matchExpressions: [{ key: policy.example.com/exempt, operator: DoesNotExist }]
    rules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: ["*"] }]
`,
      expect: [
        { path: 'webhooks[0].failurePolicy', message: 'Gatekeeper webhook "validation.gatekeeper.sh" has failurePolicy Ignore' },
        {
          path: 'webhooks[0].namespaceSelector',
          message: 'does not check namespaces legacy: their labels fall outside its namespaceSelector (!admission.gatekeeper.sh/ignore)',
        },
        { path: 'webhooks[0].objectSelector', message: 'whoever creates an object can exempt it' },
      ],
    },
    {
      name: 'custom pod validator in v1beta1 without failurePolicy (defaults to Ignore); policy-controller opt-in',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata: { name: pod-guard }
webhooks:
  - name: pods.guard.example.com
    clientConfig: { service: { name: guard, namespace: guard } }
    rules: [{ apiGroups: [""], apiVersions: [v1], operations: ["*"], resources: ["*"] }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: policy.sigstore.dev }
webhooks:
  - name: policy.sigstore.dev
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Fail
    clientConfig: { service: { name: webhook, namespace: cosign-system } }
    namespaceSelector:
      matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [payments] }]
    rules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods] }]
`,
      expect: [
        {
          resource: 'ValidatingWebhookConfiguration/pod-guard',
          path: 'webhooks[0].failurePolicy',
          message: 'Pod admission webhook "pods.guard.example.com" has failurePolicy Ignore (the v1beta1 default)',
        },
        {
          resource: 'ValidatingWebhookConfiguration/policy.sigstore.dev',
          path: 'webhooks[0].namespaceSelector.matchExpressions[0]',
          message: 'Sigstore policy-controller webhook "policy.sigstore.dev" only checks namespaces payments',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'label-based exclusion without Namespace objects to judge it',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: gatekeeper-validating-webhook-configuration }
webhooks:
  - name: validation.gatekeeper.sh
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Fail
    clientConfig: { service: { name: gatekeeper-webhook-service, namespace: gatekeeper-system } }
    namespaceSelector:
      matchExpressions: [{ key: admission.gatekeeper.sh/ignore, operator: DoesNotExist }]
    rules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: ["*"] }]
`,
      expect: [{ path: 'webhooks[0].namespaceSelector', message: 'depends on namespace labels' }],
    },
  ],
});
