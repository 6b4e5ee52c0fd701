/**
 * Default ClusterRoles every Kubernetes cluster has (the API server creates them at start), for
 * manifests that bind them without declaring them. A ClusterRole of the same name in the
 * inventory always wins. `admin`, `edit` and `view` are aggregated exactly as the API server
 * aggregates them (labels `rbac.authorization.k8s.io/aggregate-to-*`), so a manifest role
 * labelled `aggregate-to-edit` lands in `edit` and `admin`; their base rules follow the
 * Kubernetes bootstrap policy of recent releases and are marked approximate in findings.
 */
import type { LabelSelector } from '../../inventory/index.js';
import type { PolicyRule } from './rbac-rule.js';

export interface BuiltInClusterRole {
  name: string;
  labels?: Record<string, string>;
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  rules: PolicyRule[];
  /** The rules follow the documented defaults but may differ between Kubernetes releases. */
  approximate?: boolean;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const READ_WRITE = [...READ, ...WRITE];
const AGGREGATE = 'rbac.authorization.k8s.io/aggregate-to-';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });
const eventsRule = rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);
const selects = (level: string): { clusterRoleSelectors: LabelSelector[] } => ({
  clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE}${level}`]: 'true' } }],
});

export const BUILT_IN_CLUSTER_ROLES: readonly BuiltInClusterRole[] = [
  {
    name: 'cluster-admin',
    rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])],
  },
  { name: 'admin', aggregationRule: selects('admin'), rules: [] },
  { name: 'edit', labels: { [`${AGGREGATE}admin`]: 'true' }, aggregationRule: selects('edit'), rules: [] },
  { name: 'view', labels: { [`${AGGREGATE}edit`]: 'true' }, aggregationRule: selects('view'), rules: [] },
  {
    name: 'system:aggregate-to-admin',
    labels: { [`${AGGREGATE}admin`]: 'true' },
    approximate: true,
    rules: [
      rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
      rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['roles', 'rolebindings']),
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { [`${AGGREGATE}edit`]: 'true' },
    approximate: true,
    rules: [
      rule(READ, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
      rule(['impersonate'], [''], ['serviceaccounts']),
      rule(WRITE, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
      rule(['create'], [''], ['pods/eviction']),
      rule(WRITE, [''], [
        'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services',
        'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events',
      ]),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(WRITE, ['apps'], [
        'statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale',
        'deployments/rollback', 'replicasets', 'replicasets/scale',
      ]),
      rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(WRITE, ['batch'], ['jobs', 'cronjobs']),
      rule(WRITE, ['policy'], ['poddisruptionbudgets']),
      rule(WRITE, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
      rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { [`${AGGREGATE}view`]: 'true' },
    approximate: true,
    rules: [
      rule(READ, [''], [
        'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services',
        'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps',
      ]),
      rule(READ, [''], [
        'limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status',
        'namespaces/status', 'replicationcontrollers/status', 'pods/log',
      ]),
      rule(READ, [''], ['namespaces']),
      rule(READ, ['discovery.k8s.io'], ['endpointslices']),
      rule(READ, ['apps'], [
        'controllerrevisions', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'daemonsets',
        'daemonsets/status', 'deployments', 'deployments/status', 'deployments/scale', 'replicasets',
        'replicasets/status', 'replicasets/scale',
      ]),
      rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      rule(READ, ['batch'], ['jobs', 'jobs/status', 'cronjobs', 'cronjobs/status']),
      rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      rule(READ, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
      rule(READ, ['coordination.k8s.io'], ['leases']),
    ],
  },
  {
    name: 'system:basic-user',
    rules: [
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ],
  },
  {
    name: 'system:discovery',
    rules: [
      urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']),
    ],
  },
  { name: 'system:public-info-viewer', rules: [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])] },
  {
    name: 'system:monitoring',
    rules: [urls(['get'], ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])],
  },
  {
    name: 'system:service-account-issuer-discovery',
    rules: [urls(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'])],
  },
  {
    name: 'system:auth-delegator',
    rules: [
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ],
  },
  {
    name: 'system:node-proxier',
    approximate: true,
    rules: [
      rule(['list', 'watch'], [''], ['services', 'endpoints']),
      rule(['get', 'list', 'watch'], [''], ['nodes']),
      rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
      eventsRule,
    ],
  },
  { name: 'system:kube-dns', rules: [rule(['list', 'watch'], [''], ['endpoints', 'services'])] },
  { name: 'system:node-bootstrapper', rules: [rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests'])] },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    rules: [rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'])],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    rules: [rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'])],
  },
  {
    name: 'system:heapster',
    rules: [rule(READ, [''], ['events', 'pods', 'nodes', 'namespaces']), rule(READ, ['extensions'], ['deployments'])],
  },
  {
    name: 'system:kubelet-api-admin',
    rules: [
      rule(['get', 'list', 'watch'], [''], ['nodes']),
      rule(['proxy'], [''], ['nodes']),
      rule(['*'], [''], ['nodes/proxy', 'nodes/metrics', 'nodes/spec', 'nodes/stats', 'nodes/log']),
    ],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [
      rule(['get', 'list', 'watch', 'create', 'delete'], [''], ['persistentvolumes']),
      rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
      rule(READ, ['storage.k8s.io'], ['storageclasses']),
      rule(['watch'], [''], ['events']),
      eventsRule,
    ],
  },
  {
    name: 'system:volume-scheduler',
    rules: [
      rule([...READ, 'update', 'patch'], [''], ['persistentvolumes']),
      rule(READ, ['storage.k8s.io'], ['storageclasses']),
      rule([...READ, 'update', 'patch'], [''], ['persistentvolumeclaims']),
    ],
  },
  {
    name: 'system:kube-scheduler',
    approximate: true,
    rules: [
      eventsRule,
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      rule(READ, [''], ['nodes']),
      rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
      rule(['create'], [''], ['pods/binding', 'bindings']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(READ, [''], ['services', 'replicationcontrollers', 'persistentvolumeclaims', 'persistentvolumes', 'namespaces']),
      rule(READ, ['apps'], ['replicasets', 'statefulsets']),
      rule(READ, ['policy'], ['poddisruptionbudgets']),
      rule(READ, ['storage.k8s.io'], ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ],
  },
  {
    name: 'system:kube-controller-manager',
    approximate: true,
    rules: [
      eventsRule,
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
      rule(['create'], [''], ['secrets', 'serviceaccounts']),
      rule(['delete'], [''], ['secrets']),
      rule(['get'], [''], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
      rule(['update'], [''], ['secrets', 'serviceaccounts']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['create'], [''], ['serviceaccounts/token']),
    ],
  },
];

export const BUILT_IN_BY_NAME: ReadonlyMap<string, BuiltInClusterRole> = new Map(
  BUILT_IN_CLUSTER_ROLES.map((role) => [role.name, role]),
);
