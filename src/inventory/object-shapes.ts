/**
 * The fields checks read, with the types the Kubernetes API gives them. A manifest whose field
 * has another type would be rejected by the API server; we reject it too, with its path, rather
 * than let a check misread it.
 */

export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'int-or-string'
  | 'quantity'
  | 'object'
  | { array: Shape }
  | { map: Shape }
  | { fields: Record<string, Shape> };

const arrayOf = (shape: Shape): Shape => ({ array: shape });
const mapOf = (shape: Shape): Shape => ({ map: shape });
const fields = (shape: Record<string, Shape>): Shape => ({ fields: shape });
const strings = arrayOf('string');

export const LABEL_SELECTOR = fields({
  matchLabels: mapOf('string'),
  matchExpressions: arrayOf(fields({ key: 'string', operator: 'string', values: strings })),
});

const SECURITY_CONTEXT = {
  privileged: 'boolean',
  allowPrivilegeEscalation: 'boolean',
  runAsNonRoot: 'boolean',
  runAsUser: 'integer',
  runAsGroup: 'integer',
  readOnlyRootFilesystem: 'boolean',
  procMount: 'string',
  capabilities: fields({ add: strings, drop: strings }),
  seccompProfile: fields({ type: 'string', localhostProfile: 'string' }),
  appArmorProfile: fields({ type: 'string', localhostProfile: 'string' }),
  seLinuxOptions: mapOf('string'),
  windowsOptions: fields({ hostProcess: 'boolean' }),
} satisfies Record<string, Shape>;

const CONTAINER = fields({
  name: 'string',
  image: 'string',
  imagePullPolicy: 'string',
  command: strings,
  args: strings,
  ports: arrayOf(fields({ containerPort: 'integer', hostPort: 'integer', protocol: 'string', name: 'string' })),
  env: arrayOf(
    fields({
      name: 'string',
      value: 'string',
      valueFrom: fields({
        secretKeyRef: fields({ name: 'string', key: 'string' }),
        configMapKeyRef: fields({ name: 'string', key: 'string' }),
      }),
    }),
  ),
  envFrom: arrayOf(
    fields({ secretRef: fields({ name: 'string' }), configMapRef: fields({ name: 'string' }), prefix: 'string' }),
  ),
  resources: fields({ limits: mapOf('quantity'), requests: mapOf('quantity') }),
  volumeMounts: arrayOf(fields({ name: 'string', mountPath: 'string', readOnly: 'boolean', subPath: 'string' })),
  securityContext: fields(SECURITY_CONTEXT),
  livenessProbe: 'object',
  readinessProbe: 'object',
  startupProbe: 'object',
});

export const POD_SPEC = fields({
  containers: arrayOf(CONTAINER),
  initContainers: arrayOf(CONTAINER),
  ephemeralContainers: arrayOf(CONTAINER),
  volumes: arrayOf(
    fields({
      name: 'string',
      hostPath: fields({ path: 'string', type: 'string' }),
      secret: fields({ secretName: 'string' }),
      persistentVolumeClaim: fields({ claimName: 'string' }),
    }),
  ),
  hostPID: 'boolean',
  hostIPC: 'boolean',
  hostNetwork: 'boolean',
  hostUsers: 'boolean',
  serviceAccountName: 'string',
  serviceAccount: 'string',
  automountServiceAccountToken: 'boolean',
  nodeName: 'string',
  priorityClassName: 'string',
  runtimeClassName: 'string',
  securityContext: fields({
    ...SECURITY_CONTEXT,
    fsGroup: 'integer',
    supplementalGroups: arrayOf('integer'),
    sysctls: arrayOf(fields({ name: 'string', value: 'string' })),
  }),
});

const POD_TEMPLATE = fields({ metadata: 'object', spec: POD_SPEC });
const TEMPLATED = fields({ selector: 'object', template: POD_TEMPLATE });

export const METADATA = fields({
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  labels: mapOf('string'),
  annotations: mapOf('string'),
  ownerReferences: arrayOf(fields({ apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean' })),
  creationTimestamp: 'string',
});

const POLICY_RULE = fields({
  apiGroups: strings,
  resources: strings,
  verbs: strings,
  resourceNames: strings,
  nonResourceURLs: strings,
});

const BINDING = {
  roleRef: fields({ apiGroup: 'string', kind: 'string', name: 'string' }),
  subjects: arrayOf(fields({ apiGroup: 'string', kind: 'string', name: 'string', namespace: 'string' })),
};

const NETWORK_POLICY_PEER = fields({
  podSelector: LABEL_SELECTOR,
  namespaceSelector: LABEL_SELECTOR,
  ipBlock: fields({ cidr: 'string', except: strings }),
});

const WEBHOOKS = arrayOf(
  fields({
    name: 'string',
    failurePolicy: 'string',
    namespaceSelector: LABEL_SELECTOR,
    objectSelector: LABEL_SELECTOR,
    rules: arrayOf('object'),
    clientConfig: 'object',
  }),
);

/** Shapes below the metadata, by kind. Kinds of other groups are not checked beyond metadata. */
export const KIND_SHAPES: Record<string, Record<string, Shape>> = {
  Pod: { spec: POD_SPEC },
  PodTemplate: { template: POD_TEMPLATE },
  Deployment: { spec: TEMPLATED },
  StatefulSet: { spec: TEMPLATED },
  DaemonSet: { spec: TEMPLATED },
  ReplicaSet: { spec: TEMPLATED },
  ReplicationController: { spec: TEMPLATED },
  Job: { spec: TEMPLATED },
  CronJob: { spec: fields({ schedule: 'string', jobTemplate: fields({ spec: TEMPLATED }) }) },
  Role: { rules: arrayOf(POLICY_RULE) },
  ClusterRole: {
    rules: arrayOf(POLICY_RULE),
    aggregationRule: fields({ clusterRoleSelectors: arrayOf(LABEL_SELECTOR) }),
  },
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
  ServiceAccount: { automountServiceAccountToken: 'boolean' },
  ConfigMap: { data: mapOf('string'), binaryData: mapOf('string') },
  Secret: { type: 'string' },
  Service: {
    spec: fields({
      type: 'string',
      selector: mapOf('string'),
      ports: arrayOf(fields({ port: 'integer', targetPort: 'int-or-string', nodePort: 'integer', protocol: 'string', name: 'string' })),
      externalIPs: strings,
      loadBalancerSourceRanges: strings,
      loadBalancerClass: 'string',
    }),
  },
  NetworkPolicy: {
    spec: fields({
      podSelector: LABEL_SELECTOR,
      policyTypes: strings,
      ingress: arrayOf(fields({ from: arrayOf(NETWORK_POLICY_PEER), ports: arrayOf('object') })),
      egress: arrayOf(fields({ to: arrayOf(NETWORK_POLICY_PEER), ports: arrayOf('object') })),
    }),
  },
  Ingress: {
    spec: fields({
      ingressClassName: 'string',
      tls: arrayOf(fields({ hosts: strings, secretName: 'string' })),
      rules: arrayOf('object'),
    }),
  },
  ValidatingWebhookConfiguration: { webhooks: WEBHOOKS },
  MutatingWebhookConfiguration: { webhooks: WEBHOOKS },
  StorageClass: { provisioner: 'string', parameters: mapOf('string') },
  ResourceQuota: { spec: 'object' },
  LimitRange: { spec: 'object' },
};

/** Built-in kinds by API group: an unknown kind in one of these groups is a typo, not a CRD. */
export const BUILT_IN_KINDS: Record<string, readonly string[]> = {
  '': [
    'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'List', 'Namespace',
    'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController',
    'ResourceQuota', 'Secret', 'Service', 'ServiceAccount',
  ],
  apps: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  batch: ['CronJob', 'Job'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'networking.k8s.io': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  policy: ['Eviction', 'PodDisruptionBudget', 'PodSecurityPolicy'],
  'admissionregistration.k8s.io': [
    'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  ],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  autoscaling: ['HorizontalPodAutoscaler', 'Scale'],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'discovery.k8s.io': ['EndpointSlice'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'apiregistration.k8s.io': ['APIService'],
  'events.k8s.io': ['Event'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io': ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice', 'DeviceTaintRule'],
};
