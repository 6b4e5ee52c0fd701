/**
 * AdmissionReview requests as kube-apiserver posts them to a validating webhook, written from the
 * admission.k8s.io/v1 API reference (AdmissionRequest: uid, kind, resource, subResource,
 * requestKind, requestResource, requestSubResource, name, namespace, operation, userInfo, object,
 * oldObject, dryRun, options). The users are EKS IAM identities as the EKS authenticator maps them.
 */

const EKS_ADMIN_USER = {
  username: 'arn:aws:sts::111122223333:assumed-role/platform-admin/alice',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEADMIN0001',
  groups: ['system:masters', 'system:authenticated'],
  extra: {
    accessKeyId: ['ASIAEXAMPLEKEY000001'],
    arn: ['arn:aws:sts::111122223333:assumed-role/platform-admin/alice'],
    canonicalArn: ['arn:aws:iam::111122223333:role/platform-admin'],
    principalId: ['AROAEXAMPLEADMIN0001'],
    sessionName: ['alice'],
  },
};

const CONTROLLER_USER = {
  username: 'system:serviceaccount:kube-system:deployment-controller',
  uid: '6d2a7c1e-3b1f-4f0e-9a55-2c3d4e5f6a7b',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
};

const PRIVILEGED_POD = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'debug',
    namespace: 'shop',
    uid: 'b5f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    creationTimestamp: '2025-03-04T10:15:00Z',
    labels: { run: 'debug' },
    managedFields: [
      { manager: 'kubectl-run', operation: 'Update', apiVersion: 'v1', time: '2025-03-04T10:15:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } },
    ],
  },
  spec: {
    volumes: [
      {
        name: 'kube-api-access-x7k2p',
        projected: {
          sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }],
          defaultMode: 420,
        },
      },
    ],
    containers: [
      {
        name: 'debug',
        image: 'busybox:1.36',
        command: ['sleep', '3600'],
        resources: {},
        volumeMounts: [{ name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
        securityContext: { privileged: true },
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  status: { phase: 'Pending', qosClass: 'BestEffort' },
};

/** `kubectl run debug --image=busybox:1.36 --privileged -n shop -- sleep 3600`. */
export const POD_CREATE = {
  kind: 'AdmissionReview',
  apiVersion: 'admission.k8s.io/v1',
  request: {
    uid: '0b3e8f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    requestKind: { group: '', version: 'v1', kind: 'Pod' },
    requestResource: { group: '', version: 'v1', resource: 'pods' },
    name: 'debug',
    namespace: 'shop',
    operation: 'CREATE',
    userInfo: EKS_ADMIN_USER,
    object: PRIVILEGED_POD,
    oldObject: null,
    dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-run' },
  },
};

function deployment(image: string, generation: number, replicas: number): Record<string, unknown> {
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
      resourceVersion: String(81234 + generation),
      generation,
      creationTimestamp: '2025-03-01T08:00:00Z',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': String(generation) },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image,
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: generation - 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

/** `kubectl set image deployment/web web=…:1.5.0` — an UPDATE carries the stored object as `oldObject`. */
export const DEPLOYMENT_UPDATE = {
  kind: 'AdmissionReview',
  apiVersion: 'admission.k8s.io/v1',
  request: {
    uid: '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928',
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
    name: 'web',
    namespace: 'shop',
    operation: 'UPDATE',
    userInfo: EKS_ADMIN_USER,
    object: deployment('111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.5.0', 8, 3),
    oldObject: deployment('111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2', 7, 3),
    dryRun: false,
    options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-set' },
  },
};

/** A ReplicaSet deleted by the deployment controller: `object` is null, `oldObject` the deleted object. */
export const REPLICASET_DELETE = {
  kind: 'AdmissionReview',
  apiVersion: 'admission.k8s.io/v1',
  request: {
    uid: 'e4d3c2b1-a098-4f7e-8d6c-5b4a39281706',
    kind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
    resource: { group: 'apps', version: 'v1', resource: 'replicasets' },
    requestKind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
    requestResource: { group: 'apps', version: 'v1', resource: 'replicasets' },
    name: 'web-5d8f7c9b6',
    namespace: 'shop',
    operation: 'DELETE',
    userInfo: CONTROLLER_USER,
    object: null,
    oldObject: {
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'web-5d8f7c9b6',
        namespace: 'shop',
        uid: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9', controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f7c9b6' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
      status: { replicas: 0, observedGeneration: 3 },
    },
    dryRun: false,
    options: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' },
  },
};

/** `kubectl apply --dry-run=server` of a Service: answered like any request, `dryRun: true`. */
export const SERVICE_CREATE_DRY_RUN = {
  kind: 'AdmissionReview',
  apiVersion: 'admission.k8s.io/v1',
  request: {
    uid: '3a2b1c0d-9e8f-4a7b-86c5-d4e3f2a1b0c9',
    kind: { group: '', version: 'v1', kind: 'Service' },
    resource: { group: '', version: 'v1', resource: 'services' },
    requestKind: { group: '', version: 'v1', kind: 'Service' },
    requestResource: { group: '', version: 'v1', resource: 'services' },
    name: 'web',
    namespace: 'shop',
    operation: 'CREATE',
    userInfo: EKS_ADMIN_USER,
    object: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'web',
        namespace: 'shop',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n' },
      },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
        internalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
      },
      status: { loadBalancer: {} },
    },
    oldObject: null,
    dryRun: true,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', dryRun: ['All'], fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
  },
};

/** `kubectl exec -it web-… -- sh`: CONNECT on the `exec` subresource, the object is PodExecOptions. */
export const POD_EXEC_CONNECT = {
  kind: 'AdmissionReview',
  apiVersion: 'admission.k8s.io/v1',
  request: {
    uid: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    kind: { group: '', version: 'v1', kind: 'PodExecOptions' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subResource: 'exec',
    requestKind: { group: '', version: 'v1', kind: 'PodExecOptions' },
    requestResource: { group: '', version: 'v1', resource: 'pods' },
    requestSubResource: 'exec',
    name: 'web-5d8f7c9b6-x2x7q',
    namespace: 'shop',
    operation: 'CONNECT',
    userInfo: EKS_ADMIN_USER,
    object: { kind: 'PodExecOptions', apiVersion: 'v1', stdin: true, stdout: true, tty: true, container: 'web', command: ['sh'] },
    oldObject: null,
    dryRun: false,
    options: null,
  },
};

/** A deep copy, to mutate in a test. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}
