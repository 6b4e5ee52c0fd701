/**
 * Subjects that are the control plane itself. Their permissions are the cluster's own: a
 * finding on them is noise a platform engineer can do nothing about, so the RBAC checks leave
 * them out unless `includeControlPlaneSubjects: true`. EKS add-ons that run as pods on the
 * nodes (aws-node, kube-proxy, coredns, ebs-csi, …) are NOT in this list: they are ordinary
 * workloads, reported and then waived by the EKS baseline where their grants are expected.
 *
 * The list:
 * - users `system:kube-controller-manager`, `system:kube-scheduler`, `system:kube-proxy`,
 *   `system:apiserver`, `kube-apiserver-kubelet-client`, every `system:node:<name>` (the Node
 *   authorizer governs them) and every `eks:*` user (EKS control-plane components);
 * - groups `system:masters` (the API server's bootstrap superuser group), `system:nodes`,
 *   `system:bootstrappers` (and `system:bootstrappers:*`), `system:monitoring`, `eks:*`;
 * - the kube-system service accounts kube-controller-manager runs its controllers as
 *   (`--use-service-account-credentials`), named below.
 *
 * Bindings whose name starts with `eks:` are managed by EKS (the `ignoreBindingPrefixes`
 * option). Beware: whoever can create bindings can also name one `eks:…`; the prefix list is an
 * option so a strict audit can set it to `[]`.
 */
import type { SubjectRef } from './subjects.js';

const CONTROL_PLANE_USERS = new Set([
  'system:kube-controller-manager',
  'system:kube-scheduler',
  'system:kube-proxy',
  'system:apiserver',
  'kube-apiserver-kubelet-client',
]);

const CONTROL_PLANE_GROUPS = new Set(['system:masters', 'system:nodes', 'system:bootstrappers', 'system:monitoring']);

export const CONTROLLER_SERVICE_ACCOUNTS: readonly string[] = [
  'attachdetach-controller',
  'bootstrap-signer',
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'device-taint-eviction-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'legacy-service-account-token-cleaner',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resource-claim-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'route-controller',
  'selinux-warning-controller',
  'service-account-controller',
  'service-cidrs-controller',
  'service-controller',
  'statefulset-controller',
  'token-cleaner',
  'ttl-after-finished-controller',
  'ttl-controller',
  'validatingadmissionpolicy-status-controller',
  'volumeattributesclass-protection-controller',
];
const CONTROLLER_SA_SET = new Set(CONTROLLER_SERVICE_ACCOUNTS);

export function isControlPlaneSubject(subject: SubjectRef): boolean {
  switch (subject.kind) {
    case 'User':
      return CONTROL_PLANE_USERS.has(subject.name) || subject.name.startsWith('system:node:') || subject.name.startsWith('eks:');
    case 'Group':
      return (
        CONTROL_PLANE_GROUPS.has(subject.name) ||
        subject.name.startsWith('system:bootstrappers:') ||
        subject.name.startsWith('eks:')
      );
    case 'ServiceAccount':
      return subject.namespace === 'kube-system' && CONTROLLER_SA_SET.has(subject.name);
  }
}

export const DEFAULT_IGNORED_BINDING_PREFIXES: readonly string[] = ['eks:'];
