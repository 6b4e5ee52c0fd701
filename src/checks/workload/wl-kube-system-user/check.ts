import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';

/**
 * Names (globs, `*` = anything) of components that belong in kube-system on EKS: the managed
 * add-ons, AWS controllers and drivers, CNIs, device plugins and the usual cluster add-ons.
 * Helm releases prefix names, hence the leading `*` on chart-installed ones.
 */
export const DEFAULT_SYSTEM_COMPONENTS = [
  'aws-node', 'kube-proxy', 'coredns', 'kube-dns', 'dns-autoscaler', 'kube-dns-autoscaler', 'node-local-dns', 'nodelocaldns',
  'eks-pod-identity-agent', 'eks-node-monitoring-agent',
  'ebs-csi-*', 'efs-csi-*', 'fsx-csi-*', 'fsx-openzfs-csi-*', 's3-csi-*', 'snapshot-controller', 'csi-snapshot-controller',
  'secrets-store-csi-driver*', '*csi-secrets-store-provider-aws', 'csi-secrets-store*',
  '*aws-load-balancer-controller', '*cluster-autoscaler*', 'metrics-server', '*metrics-server', 'karpenter',
  'aws-node-termination-handler', '*aws-node-termination-handler', 'external-dns', '*external-dns',
  'cloudwatch-agent', 'amazon-cloudwatch-observability*', '*fluent-bit', 'fluent-bit*', 'aws-for-fluent-bit', 'aws-guardduty-agent',
  'kube-state-metrics', '*kube-state-metrics', 'vpa-*', 'descheduler', '*sealed-secrets*',
  'calico-node', 'calico-kube-controllers', 'calico-typha', 'tigera-operator',
  'cilium', 'cilium-operator', 'cilium-envoy', 'hubble-relay', 'hubble-ui',
  'nvidia-device-plugin*', '*nvidia-device-plugin', 'neuron-device-plugin*', 'aws-efa-k8s-device-plugin*',
  'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'cloud-controller-manager',
];

/** Labels that carry a component's name, whatever the release called the object. */
const NAME_LABELS = ['app.kubernetes.io/name', 'k8s-app', 'app'];

function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const regexes = globs.map(
    (glob) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`),
  );
  return (name) => regexes.some((regex) => regex.test(name));
}

/** The names a workload is known by: its own, its owners' (pods of a DaemonSet), and its name labels. */
function namesOf(workload: Workload): string[] {
  const metadata = workload.object.metadata;
  const names = [workload.resource.name, ...(metadata?.ownerReferences ?? []).map((owner) => owner.name ?? '')];
  for (const labels of [metadata?.labels, workload.podMetadata.labels]) {
    for (const key of NAME_LABELS) {
      const value = labels?.[key];
      if (value) names.push(value);
    }
  }
  return names.filter((name) => name !== '');
}

/** Static pods (their mirror pods are owned by the Node) are node configuration, not user workloads. */
function isStaticPod(workload: Workload): boolean {
  const metadata = workload.object.metadata;
  return (
    metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined ||
    (metadata?.ownerReferences ?? []).some((owner) => owner.kind === 'Node')
  );
}

export const check = defineCheck<Workload, 'userWorkload'>({
  id: 'wl-kube-system-user',
  title: 'User workload in kube-system',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    'kube-system holds the cluster\'s own components and the most powerful service accounts and secrets; it is usually exempt from Pod Security admission and policy engines. An application there shares that trust, escapes those controls, and anyone allowed to manage it can reach the system components.',
  remediation:
    'Move the workload to its own namespace. If it is a platform component this check does not know, add its name to `additionalSystemComponents`.',
  messages: {
    userWorkload: '{{kind}} "{{name}}" runs in kube-system but is not a known platform component',
  },
  links: ['https://kubernetes.io/docs/concepts/security/multi-tenancy/'],
  options: {
    /** Names (globs) of platform components expected in kube-system; replaces the built-in list. */
    systemComponents: DEFAULT_SYSTEM_COMPONENTS,
    /** Names (globs) added to `systemComponents`, for platform components of your own. */
    additionalSystemComponents: [],
  },
  targets: (inventory) => inventory.workloads().filter((workload) => workload.namespace === 'kube-system'),
  evaluate(workload, context) {
    if (isStaticPod(workload)) return;
    const known = globMatcher([
      ...stringListOption(context.options, 'systemComponents'),
      ...stringListOption(context.options, 'additionalSystemComponents'),
    ]);
    if (namesOf(workload).some(known)) return;
    context.fail('userWorkload', { kind: workload.resource.kind, name: workload.resource.name }, { path: ['metadata', 'namespace'] });
  },
});
