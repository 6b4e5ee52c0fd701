import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const cluster = { type: 'cluster' as const, cluster: 'prod' };

describeCheck(check, {
  pass: [
    {
      name: 'PSA enforced on one namespace',
      source: cluster,
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: baseline } }
`,
    },
    {
      name: 'Kyverno installed (CRD)',
      source: cluster,
      yaml: `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: clusterpolicies.kyverno.io }
spec: { group: kyverno.io, names: { kind: ClusterPolicy, plural: clusterpolicies }, scope: Cluster }
`,
    },
    {
      name: 'a Kyverno ClusterPolicy in manifests',
      yaml: `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: disallow-privileged-containers }
spec:
  validationFailureAction: Enforce
  rules: []
`,
    },
    {
      name: 'a Gatekeeper ConstraintTemplate',
      source: cluster,
      yaml: `
apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: { name: k8spspprivilegedcontainer }
spec: { crd: { spec: { names: { kind: K8sPSPPrivilegedContainer } } } }
`,
    },
    {
      name: 'a bound ValidatingAdmissionPolicy',
      source: cluster,
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-host-namespaces }
spec:
  failurePolicy: Fail
  matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods] }] }
  validations: [{ expression: "!has(object.spec.hostPID) || !object.spec.hostPID" }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-host-namespaces-binding }
spec: { policyName: no-host-namespaces, validationActions: [Deny] }
`,
    },
  ],
  fail: [
    {
      name: 'only privileged and warn labels, an unbound policy',
      source: cluster,
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/warn: restricted } }
---
apiVersion: v1
kind: Namespace
metadata: { name: infra, labels: { pod-security.kubernetes.io/enforce: privileged } }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: draft-policy }
spec:
  matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods] }] }
  validations: [{ expression: "true" }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: dangling }
spec: { policyName: removed-policy, validationActions: [Deny] }
`,
      expect: [{ resource: 'Cluster/prod', message: 'No admission policy mechanism' }],
    },
  ],
  notEvaluated: [
    {
      name: 'manifests do not show the cluster',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`,
      expect: [{ message: 'scan the cluster' }],
    },
    {
      name: 'listing CRDs failed',
      source: cluster,
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'customresourcedefinitions', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`,
      expect: [{ message: 'could not list customresourcedefinitions: forbidden' }],
    },
  ],
});
