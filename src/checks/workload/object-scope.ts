import { apiGroupOf, type InventoryView } from '../../inventory/index.js';
import { BUILT_IN_KINDS } from '../../inventory/index.js';
import type { K8sObject } from '../../model/index.js';

export type ObjectScope = 'namespaced' | 'cluster' | 'unknown';

/** Cluster-scoped kinds by API group: built-in ones, then common add-on CRDs. */
const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ],
  'apiregistration.k8s.io': ['APIService'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  policy: ['PodSecurityPolicy'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice', 'DeviceTaintRule'],
  'karpenter.sh': ['NodePool', 'NodeClaim'],
  'karpenter.k8s.aws': ['EC2NodeClass'],
  'cert-manager.io': ['ClusterIssuer'],
  'external-secrets.io': ['ClusterSecretStore', 'ClusterExternalSecret'],
  'kyverno.io': ['ClusterPolicy', 'ClusterCleanupPolicy'],
  'cilium.io': ['CiliumClusterwideNetworkPolicy', 'CiliumNode', 'CiliumIdentity'],
  'crd.projectcalico.org': ['GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool', 'FelixConfiguration', 'BGPConfiguration'],
  'projectcalico.org': ['GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool', 'FelixConfiguration', 'BGPConfiguration'],
  'templates.gatekeeper.sh': ['ConstraintTemplate'],
  'gateway.networking.k8s.io': ['GatewayClass'],
  'snapshot.storage.k8s.io': ['VolumeSnapshotClass', 'VolumeSnapshotContent'],
};

/** Namespaced kinds of common add-on CRDs (built-in kinds not listed above are namespaced). */
const NAMESPACED_CRDS: Record<string, readonly string[]> = {
  'monitoring.coreos.com': [
    'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Prometheus', 'PrometheusAgent', 'Alertmanager',
    'AlertmanagerConfig', 'Probe', 'ThanosRuler', 'ScrapeConfig',
  ],
  'cert-manager.io': ['Certificate', 'Issuer', 'CertificateRequest'],
  'external-secrets.io': ['ExternalSecret', 'SecretStore', 'PushSecret'],
  'secrets-store.csi.x-k8s.io': ['SecretProviderClass'],
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry'],
  'security.istio.io': ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'],
  'argoproj.io': ['Application', 'ApplicationSet', 'AppProject', 'Rollout', 'Workflow', 'CronWorkflow'],
  'keda.sh': ['ScaledObject', 'ScaledJob', 'TriggerAuthentication'],
  'velero.io': ['Backup', 'Schedule', 'Restore', 'BackupStorageLocation', 'VolumeSnapshotLocation'],
  'kyverno.io': ['Policy', 'CleanupPolicy'],
  'cilium.io': ['CiliumNetworkPolicy'],
  'crd.projectcalico.org': ['NetworkPolicy'],
  'projectcalico.org': ['NetworkPolicy'],
  'elbv2.k8s.aws': ['TargetGroupBinding'],
  'gateway.networking.k8s.io': ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant'],
  'autoscaling.k8s.io': ['VerticalPodAutoscaler'],
  'snapshot.storage.k8s.io': ['VolumeSnapshot'],
};

/** Groups whose every kind is cluster-scoped (each Gatekeeper constraint template makes a new kind). */
const ALL_CLUSTER_SCOPED_GROUPS = new Set(['constraints.gatekeeper.sh']);

/**
 * Whether objects of this kind live in a namespace. A CustomResourceDefinition in the input
 * decides for its kind; otherwise the built-in and well-known tables do; other custom kinds are
 * unknown (a manifest that omits the namespace of one cannot be placed).
 */
export function scopeOf(inventory: InventoryView, object: K8sObject): ObjectScope {
  const kind = object.kind ?? '';
  const group = apiGroupOf(object);
  const fromCrd = crdScopes(inventory).get(`${group}/${kind}`);
  if (fromCrd) return fromCrd;
  if (listed(CLUSTER_SCOPED, group, kind) || ALL_CLUSTER_SCOPED_GROUPS.has(group)) return 'cluster';
  if (listed(BUILT_IN_KINDS, group, kind) || listed(NAMESPACED_CRDS, group, kind)) return 'namespaced';
  return 'unknown';
}

/** Own properties only, so a group named `constructor` finds nothing. */
function listed(table: Readonly<Record<string, readonly string[]>>, group: string, kind: string): boolean {
  return Object.hasOwn(table, group) && (table[group] as readonly string[]).includes(kind);
}

function crdScopes(inventory: InventoryView): Map<string, ObjectScope> {
  return inventory.cached('workload:crdScopes', () => {
    const scopes = new Map<string, ObjectScope>();
    for (const crd of inventory.ofKind('CustomResourceDefinition')) {
      const spec = crd.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
      if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string') continue;
      const scope = spec.scope === 'Namespaced' ? 'namespaced' : spec.scope === 'Cluster' ? 'cluster' : undefined;
      if (scope) scopes.set(`${spec.group}/${spec.names.kind}`, scope);
    }
    return scopes;
  });
}
