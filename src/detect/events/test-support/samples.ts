/**
 * Kubernetes audit events written for these tests, shaped as EKS ships them (audit.k8s.io/v1).
 * Account ids, keys and addresses are documentation values. CloudTrail records are in
 * `cloudtrail-samples.ts`, reading helpers in `read-helpers.ts`.
 */
import type { AuditEvent } from '../audit-event.js';

const ADMIN_USER = {
  username: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLE1234567890',
  groups: ['system:authenticated'],
  extra: {
    accessKeyId: ['ASIAEXAMPLEKEY123456'],
    arn: ['arn:aws:sts::111122223333:assumed-role/Admin/alice'],
    canonicalArn: ['arn:aws:iam::111122223333:role/Admin'],
    principalId: ['AROAEXAMPLE1234567890'],
    sessionName: ['alice'],
    'sigs.k8s.io/aws-iam-authenticator/principalId': ['AROAEXAMPLE1234567890'],
  },
};

/** `kubectl exec -it api-7d9c5b6f4-x2kqp -n payments -- sh`, final stage. */
export const EXEC_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '6f1c2a9e-3b7d-4c58-9a0e-2d4b8f7e1c33',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/exec?command=sh&container=api&stdin=true&stdout=true&tty=true',
  verb: 'create',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'pods', namespace: 'payments', name: 'api-7d9c5b6f4-x2kqp', apiVersion: 'v1', subresource: 'exec' },
  responseStatus: { metadata: {}, code: 101 },
  requestReceivedTimestamp: '2025-05-12T10:14:03.201844Z',
  stageTimestamp: '2025-05-12T10:16:47.918302Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason':
      'EKS Access Policy: allowed by ClusterRoleBinding "arn:aws:iam::111122223333:role/Admin+arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" of ClusterRole "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" to User "arn:aws:sts::111122223333:assumed-role/Admin/alice"',
  },
};

/** A pod's service account reading a Secret. */
export const GET_SECRET_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'c0b9e7a4-51d2-4f6e-8a3b-7e9d1f2a6b40',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/payments/secrets/db-credentials',
  verb: 'get',
  user: {
    username: 'system:serviceaccount:payments:api',
    uid: '5d3f9b2e-8c41-4a7d-b6e0-19f2c8a7d354',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:payments', 'system:authenticated'],
    extra: {
      'authentication.kubernetes.io/credential-id': ['JTI=0a6c1e4f-2b7d-4d93-8e55-3f1a9c2b7e60'],
      'authentication.kubernetes.io/node-name': ['ip-10-0-12-34.eu-west-1.compute.internal'],
      'authentication.kubernetes.io/node-uid': ['b7e2d0c1-4f3a-49e8-a2d6-5c8b1f9e7a02'],
      'authentication.kubernetes.io/pod-name': ['api-7d9c5b6f4-x2kqp'],
      'authentication.kubernetes.io/pod-uid': ['e4a1b7c9-0d2f-4e36-9b58-7c3d2a1f6e84'],
    },
  },
  sourceIPs: ['10.0.12.57'],
  userAgent: 'api/1.4.2 (linux/amd64) kubernetes/$Format',
  objectRef: { resource: 'secrets', namespace: 'payments', name: 'db-credentials', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2025-05-12T10:20:11.004521Z',
  stageTimestamp: '2025-05-12T10:20:11.006112Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "api-secrets/payments" of Role "secret-reader" to ServiceAccount "api/payments"',
  },
};

/** An unauthenticated request, refused. */
export const ANONYMOUS_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '9a2e4c7b-1f3d-4b8a-a6e5-0c9d7b2f1e48',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/kube-system/secrets?limit=500',
  verb: 'list',
  user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
  sourceIPs: ['198.51.100.23'],
  userAgent: 'python-requests/2.31.0',
  objectRef: { resource: 'secrets', namespace: 'kube-system', apiVersion: 'v1' },
  responseStatus: {
    metadata: {},
    status: 'Failure',
    message: 'secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
    reason: 'Forbidden',
    details: { kind: 'secrets' },
    code: 403,
  },
  requestReceivedTimestamp: '2025-05-12T10:31:40.112930Z',
  stageTimestamp: '2025-05-12T10:31:40.113405Z',
  annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
};

/** `kubectl apply` of a plain pod, logged at RequestResponse (the body is in `requestObject`). */
export const CREATE_POD_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '2b8e5d1f-7c3a-4e96-a0b4-9f1d6c2e8a57',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/payments/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
  verb: 'create',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'pods', namespace: 'payments', name: 'debug', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'debug', namespace: 'payments', labels: { app: 'debug' } },
    spec: {
      containers: [
        {
          name: 'debug',
          image: 'public.ecr.aws/docker/library/busybox:1.36',
          command: ['sleep', '3600'],
          securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000 },
        },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    },
  },
  requestReceivedTimestamp: '2025-05-12T11:02:44.310227Z',
  stageTimestamp: '2025-05-12T11:02:44.331905Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason': 'EKS Access Policy: allowed by ClusterRoleBinding "arn:aws:iam::111122223333:role/Admin+arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"',
    'pod-security.kubernetes.io/enforce-policy': 'privileged:latest',
  },
};

/** A ClusterRoleBinding created, body logged. */
export const CREATE_CLUSTER_ROLE_BINDING_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '8d4f2a6c-1e9b-4c73-b5a8-3e7d0f1c9b26',
  stage: 'ResponseComplete',
  requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create&fieldValidation=Strict',
  verb: 'create',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'clusterrolebindings', name: 'ci-admin', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name: 'ci-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }],
  },
  requestReceivedTimestamp: '2025-05-12T11:10:05.118342Z',
  stageTimestamp: '2025-05-12T11:10:05.124967Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl edit configmap aws-auth -n kube-system`. */
export const UPDATE_AWS_AUTH_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '4e7a9c1d-3b6f-4d28-8e5a-1c9b7f3d2e60',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/kube-system/configmaps/aws-auth?fieldManager=kubectl-edit&fieldValidation=Strict',
  verb: 'patch',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2025-05-12T11:20:31.550112Z',
  stageTimestamp: '2025-05-12T11:20:31.561480Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl get secrets -A` by a human user. */
export const LIST_SECRETS_ALL_NAMESPACES_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '7a1c3e5f-9b2d-4f80-a6c4-2e8b0d9f1a73',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/secrets?limit=500',
  verb: 'list',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'secrets', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2025-05-12T11:25:02.004118Z',
  stageTimestamp: '2025-05-12T11:25:02.091736Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

export const AUDIT_EVENTS = [EXEC_EVENT, GET_SECRET_EVENT, ANONYMOUS_EVENT];
/** The service account of a running pod (its projected token carries the pod's identity). */
const POD_SERVICE_ACCOUNT_USER = GET_SECRET_EVENT.user;

/** `kubectl apply` of a ClusterRole, body logged (EKS logs writes to rbac.authorization.k8s.io at RequestResponse). */
export const CREATE_CLUSTER_ROLE_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '1f7c9e3a-5b2d-4a86-9c0e-4d8b2f6a1e73',
  stage: 'ResponseComplete',
  requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterroles?fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
  verb: 'create',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'clusterroles', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name: 'pod-reader' },
    rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
  },
  requestReceivedTimestamp: '2025-05-12T11:40:12.204118Z',
  stageTimestamp: '2025-05-12T11:40:12.211730Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl create token ci -n ci`: a TokenRequest, logged at Metadata (EKS never logs its body). */
export const TOKEN_REQUEST_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '5c2a8e1f-9d3b-4f70-a6e4-8b1d7c3f2a95',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/ci/serviceaccounts/ci/token',
  verb: 'create',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'serviceaccounts', namespace: 'ci', name: 'ci', apiVersion: 'v1', subresource: 'token' },
  responseStatus: { metadata: {}, code: 201 },
  requestReceivedTimestamp: '2025-05-12T11:44:50.118204Z',
  stageTimestamp: '2025-05-12T11:44:50.123911Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** A kubelet asking for its pod's projected service-account token. */
export const KUBELET_TOKEN_REQUEST_EVENT: AuditEvent = {
  ...TOKEN_REQUEST_EVENT,
  auditID: '8e4b1d7a-2c6f-4a93-b5e0-7f3c9a1d2e68',
  requestURI: '/api/v1/namespaces/payments/serviceaccounts/api/token',
  user: { username: 'system:node:ip-10-0-12-34.eu-west-1.compute.internal', groups: ['system:nodes', 'system:authenticated'] },
  sourceIPs: ['10.0.12.34'],
  userAgent: 'kubelet/v1.30.4 (linux/amd64) kubernetes/6a6f4ef',
  objectRef: { resource: 'serviceaccounts', namespace: 'payments', name: 'api', apiVersion: 'v1', subresource: 'token' },
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl certificate approve csr-7xk2p`: PUT on the approval subresource. */
export const CSR_APPROVAL_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '3a9d5f1c-7e2b-4c84-9a6d-0b5e8f2c1d47',
  stage: 'ResponseComplete',
  requestURI: '/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-7xk2p/approval',
  verb: 'update',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'certificatesigningrequests', name: 'csr-7xk2p', apiGroup: 'certificates.k8s.io', apiVersion: 'v1', subresource: 'approval' },
  responseStatus: { metadata: {}, code: 200 },
  requestObject: {
    kind: 'CertificateSigningRequest',
    apiVersion: 'certificates.k8s.io/v1',
    metadata: { name: 'csr-7xk2p', resourceVersion: '48213' },
    spec: { signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], username: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', groups: ['system:authenticated'] },
    status: { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', lastUpdateTime: null }] },
  },
  requestReceivedTimestamp: '2025-05-12T11:51:07.402236Z',
  stageTimestamp: '2025-05-12T11:51:07.409814Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** A CertificateSigningRequest for a client certificate, created from inside a pod. */
export const CREATE_CSR_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '9b1e6c3d-4f8a-4e27-8d5b-2a7c0f9e3b16',
  stage: 'ResponseComplete',
  requestURI: '/apis/certificates.k8s.io/v1/certificatesigningrequests',
  verb: 'create',
  user: POD_SERVICE_ACCOUNT_USER,
  sourceIPs: ['10.0.12.57'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'certificatesigningrequests', name: 'csr-7xk2p', apiGroup: 'certificates.k8s.io', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: {
    kind: 'CertificateSigningRequest',
    apiVersion: 'certificates.k8s.io/v1',
    metadata: { name: 'csr-7xk2p' },
    spec: {
      request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ1pqQ0NBVTRDQVFBd0lURVBNQTBHQTFVRUF3d0dZV1J0YVc0eERqQU1CZ05WQkFvTUJYUmxZVzFoCi0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=',
      signerName: 'kubernetes.io/kube-apiserver-client',
      expirationSeconds: 86400,
      usages: ['client auth'],
    },
  },
  requestReceivedTimestamp: '2025-05-12T11:49:58.113640Z',
  stageTimestamp: '2025-05-12T11:49:58.120118Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** A command run in a container through the kubelet API, proxied by the API server (`nodes/proxy`). */
export const NODE_PROXY_RUN_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Request',
  auditID: '2d6f8a1b-3c9e-4b57-a0d4-6e1f7b2c9a38',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/nodes/ip-10-0-12-34.eu-west-1.compute.internal/proxy/run/payments/api-7d9c5b6f4-x2kqp/api?cmd=id',
  verb: 'create',
  user: POD_SERVICE_ACCOUNT_USER,
  sourceIPs: ['10.0.12.57'],
  userAgent: 'curl/8.5.0',
  objectRef: { resource: 'nodes', name: 'ip-10-0-12-34.eu-west-1.compute.internal', apiVersion: 'v1', subresource: 'proxy' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2025-05-12T11:58:21.550213Z',
  stageTimestamp: '2025-05-12T11:58:21.702884Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "metrics-scraper" of ClusterRole "node-proxy" to ServiceAccount "api/payments"',
  },
};

/** `kubectl -n kubernetes-dashboard patch svc kubernetes-dashboard -p '{"spec":{"type":"NodePort"}}'`. */
export const PATCH_DASHBOARD_SERVICE_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '6e3c1a9f-8b4d-4d62-b7e1-9c5a2f0d8e41',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/kubernetes-dashboard/services/kubernetes-dashboard?fieldManager=kubectl-patch',
  verb: 'patch',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'services', namespace: 'kubernetes-dashboard', name: 'kubernetes-dashboard', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestObject: { spec: { type: 'NodePort' } },
  responseObject: {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: 'kubernetes-dashboard', namespace: 'kubernetes-dashboard', labels: { 'k8s-app': 'kubernetes-dashboard' }, resourceVersion: '51877' },
    spec: {
      type: 'NodePort',
      selector: { 'k8s-app': 'kubernetes-dashboard' },
      ports: [{ protocol: 'TCP', port: 443, targetPort: 8443, nodePort: 31443 }],
      clusterIP: '172.20.118.40',
      clusterIPs: ['172.20.118.40'],
      externalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  },
  requestReceivedTimestamp: '2025-05-12T12:03:33.401126Z',
  stageTimestamp: '2025-05-12T12:03:33.418550Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl debug -it api-7d9c5b6f4-x2kqp --image=busybox:1.36 --target=api`: an ephemeral container patched in. */
export const DEBUG_CONTAINER_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '4b8e2f6a-1d3c-4e95-8a7b-5c0d9e2f1a64',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/ephemeralcontainers',
  verb: 'patch',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'pods', namespace: 'payments', name: 'api-7d9c5b6f4-x2kqp', apiVersion: 'v1', subresource: 'ephemeralcontainers' },
  responseStatus: { metadata: {}, code: 200 },
  requestObject: {
    spec: {
      ephemeralContainers: [
        { name: 'debugger-k7x2q', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', stdin: true, tty: true, targetContainerName: 'api', terminationMessagePolicy: 'File' },
      ],
    },
  },
  requestReceivedTimestamp: '2025-05-12T12:08:44.720331Z',
  stageTimestamp: '2025-05-12T12:08:44.741902Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl delete networkpolicy default-deny -n payments`. */
export const DELETE_NETWORK_POLICY_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '7c1d9e4b-6a2f-4b38-9e5c-1f8a3d7b2c05',
  stage: 'ResponseComplete',
  requestURI: '/apis/networking.k8s.io/v1/namespaces/payments/networkpolicies/default-deny',
  verb: 'delete',
  user: ADMIN_USER,
  sourceIPs: ['203.0.113.45'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'networkpolicies', namespace: 'payments', name: 'default-deny', apiGroup: 'networking.k8s.io', apiVersion: 'v1' },
  responseStatus: { metadata: {}, status: 'Success', details: { name: 'default-deny', group: 'networking.k8s.io', kind: 'networkpolicies', uid: 'c3e8a1f4-5b7d-4e29-8a60-2d9f1b4c7e35' }, code: 200 },
  requestObject: { kind: 'DeleteOptions', apiVersion: 'networking.k8s.io/v1', propagationPolicy: 'Background' },
  requestReceivedTimestamp: '2025-05-12T12:14:02.331507Z',
  stageTimestamp: '2025-05-12T12:14:02.340128Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

/** `kubectl auth can-i --list` run with a pod's token: a SelfSubjectRulesReview. */
export const SELF_SUBJECT_RULES_REVIEW_EVENT: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '0a5f3c8e-2b7d-4d19-b6a4-8e1c5f9d3b72',
  stage: 'ResponseComplete',
  requestURI: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
  verb: 'create',
  user: POD_SERVICE_ACCOUNT_USER,
  sourceIPs: ['10.0.12.57'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'selfsubjectrulesreviews', apiGroup: 'authorization.k8s.io', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: { namespace: 'payments' }, status: { resourceRules: null, nonResourceRules: null, incomplete: false } },
  requestReceivedTimestamp: '2025-05-12T12:20:45.009213Z',
  stageTimestamp: '2025-05-12T12:20:45.011870Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"' },
};
