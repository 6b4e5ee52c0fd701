/**
 * The built-in resources a 1.31 API server lists in discovery (a representative subset, with
 * the subresources a real server shows, so clients must skip names with a slash).
 */
export interface FakeResource {
  group: string;
  versions: string[];
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** Subresources discovery lists beside the resource (`status`, `proxy`, ...). */
  subresources?: string[];
  /** A Custom Resource: items keep apiVersion/kind in lists, as unstructured objects do. */
  custom?: boolean;
}

const r = (
  group: string,
  versions: string[],
  plural: string,
  kind: string,
  namespaced: boolean,
  subresources: string[] = [],
): FakeResource => ({ group, versions, plural, singular: kind.toLowerCase(), kind, namespaced, subresources });

export const BUILTIN_RESOURCES: FakeResource[] = [
  r('', ['v1'], 'bindings', 'Binding', true),
  r('', ['v1'], 'componentstatuses', 'ComponentStatus', false),
  r('', ['v1'], 'configmaps', 'ConfigMap', true),
  r('', ['v1'], 'endpoints', 'Endpoints', true),
  r('', ['v1'], 'events', 'Event', true),
  r('', ['v1'], 'limitranges', 'LimitRange', true),
  r('', ['v1'], 'namespaces', 'Namespace', false, ['finalize', 'status']),
  r('', ['v1'], 'nodes', 'Node', false, ['proxy', 'status']),
  r('', ['v1'], 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['status']),
  r('', ['v1'], 'persistentvolumes', 'PersistentVolume', false, ['status']),
  r('', ['v1'], 'pods', 'Pod', true, ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status']),
  r('', ['v1'], 'podtemplates', 'PodTemplate', true),
  r('', ['v1'], 'replicationcontrollers', 'ReplicationController', true, ['scale', 'status']),
  r('', ['v1'], 'resourcequotas', 'ResourceQuota', true, ['status']),
  r('', ['v1'], 'secrets', 'Secret', true),
  r('', ['v1'], 'serviceaccounts', 'ServiceAccount', true, ['token']),
  r('', ['v1'], 'services', 'Service', true, ['proxy', 'status']),
  r('apps', ['v1'], 'controllerrevisions', 'ControllerRevision', true),
  r('apps', ['v1'], 'daemonsets', 'DaemonSet', true, ['status']),
  r('apps', ['v1'], 'deployments', 'Deployment', true, ['scale', 'status']),
  r('apps', ['v1'], 'replicasets', 'ReplicaSet', true, ['scale', 'status']),
  r('apps', ['v1'], 'statefulsets', 'StatefulSet', true, ['scale', 'status']),
  r('batch', ['v1'], 'cronjobs', 'CronJob', true, ['status']),
  r('batch', ['v1'], 'jobs', 'Job', true, ['status']),
  r('autoscaling', ['v2', 'v1'], 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['status']),
  r('coordination.k8s.io', ['v1'], 'leases', 'Lease', true),
  r('discovery.k8s.io', ['v1'], 'endpointslices', 'EndpointSlice', true),
  r('events.k8s.io', ['v1'], 'events', 'Event', true),
  r('rbac.authorization.k8s.io', ['v1'], 'clusterrolebindings', 'ClusterRoleBinding', false),
  r('rbac.authorization.k8s.io', ['v1'], 'clusterroles', 'ClusterRole', false),
  r('rbac.authorization.k8s.io', ['v1'], 'rolebindings', 'RoleBinding', true),
  r('rbac.authorization.k8s.io', ['v1'], 'roles', 'Role', true),
  r('networking.k8s.io', ['v1'], 'ingressclasses', 'IngressClass', false),
  r('networking.k8s.io', ['v1'], 'ingresses', 'Ingress', true, ['status']),
  r('networking.k8s.io', ['v1'], 'networkpolicies', 'NetworkPolicy', true),
  r('policy', ['v1'], 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['status']),
  r('admissionregistration.k8s.io', ['v1'], 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false),
  r('admissionregistration.k8s.io', ['v1'], 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false),
  r('admissionregistration.k8s.io', ['v1', 'v1beta1'], 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false, ['status']),
  r('admissionregistration.k8s.io', ['v1', 'v1beta1'], 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false),
  r('apiextensions.k8s.io', ['v1'], 'customresourcedefinitions', 'CustomResourceDefinition', false, ['status']),
  r('apiregistration.k8s.io', ['v1'], 'apiservices', 'APIService', false, ['status']),
  r('certificates.k8s.io', ['v1'], 'certificatesigningrequests', 'CertificateSigningRequest', false, ['approval', 'status']),
  r('storage.k8s.io', ['v1'], 'csidrivers', 'CSIDriver', false),
  r('storage.k8s.io', ['v1'], 'csinodes', 'CSINode', false),
  r('storage.k8s.io', ['v1'], 'storageclasses', 'StorageClass', false),
  r('storage.k8s.io', ['v1'], 'volumeattachments', 'VolumeAttachment', false, ['status']),
  r('scheduling.k8s.io', ['v1'], 'priorityclasses', 'PriorityClass', false),
  r('node.k8s.io', ['v1'], 'runtimeclasses', 'RuntimeClass', false),
  r('flowcontrol.apiserver.k8s.io', ['v1'], 'flowschemas', 'FlowSchema', false, ['status']),
];
