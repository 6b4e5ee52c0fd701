/**
 * The built-in EKS baseline: exceptions for AWS and EKS platform components that need, by
 * what they do, settings our checks flag. Data only, so `eksguard checks list` and the docs can
 * print it and a reviewer can read exactly what is waived and why.
 *
 * Rules for entries:
 * - match by kind + exact namespace + exact name (never by labels: anyone who can create a pod
 *   can label it like aws-node);
 * - name the exact check ids (never globs, so a new check never widens the baseline);
 * - waive only what the component's function needs, container by container where it differs;
 *   hardening gaps it does not need stay reported;
 * - the reason says why the component needs it.
 */
export interface BaselineException {
  /** The platform component, as AWS names it. */
  component: string;
  kind: string;
  /** Namespaces the component is installed in, exactly. */
  namespaces: readonly string[];
  name: string;
  /** Only findings about these containers; absent: any finding on the resource. */
  containers?: readonly string[];
  checks: readonly string[];
  reason: string;
}

const KUBE_SYSTEM = ['kube-system'] as const;

/** Settings that mean nothing on a privileged container, so they go with `wl-privileged`. */
const PRIVILEGED = [
  'wl-privileged',
  'wl-caps-added-dangerous',
  'wl-allow-priv-esc',
  'wl-caps-not-dropped',
  'wl-seccomp-missing',
  'wl-rootfs-writable',
  'wl-run-as-root',
  // The Pod Security Standards record of the same container: privileged by design, it is outside them.
  'pss-workload-violations',
] as const;

const IN_KUBE_SYSTEM = 'an Amazon EKS add-on, installed in kube-system by EKS itself';
const CSI_SIDECARS =
  'CSI sidecars serve no traffic and are health-checked through the driver container, whose probe the liveness-probe sidecar answers';
const NODE_PLUGIN_READINESS =
  'a CSI node plugin talks to the kubelet over a socket and receives no Service traffic, so a readiness probe has nothing to gate';
const LIVENESS_SIDECAR = 'the liveness-probe sidecar is the health endpoint of the driver: a probe on it would probe itself';

export const EKS_BASELINE: readonly BaselineException[] = [
  // Amazon VPC CNI
  {
    component: 'Amazon VPC CNI',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'aws-node',
    containers: ['aws-vpc-cni-init', 'aws-eks-nodeagent'],
    checks: PRIVILEGED,
    reason:
      'aws-vpc-cni-init installs the CNI binaries and sets kernel network parameters on the node; aws-eks-nodeagent loads the eBPF programs that enforce NetworkPolicy. Both need a privileged container, on which the other settings have no effect',
  },
  {
    component: 'Amazon VPC CNI',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'aws-node',
    containers: ['aws-node'],
    checks: ['wl-caps-added-dangerous', 'wl-run-as-root'],
    reason:
      'ipamd attaches ENIs and programs routes and iptables rules of the node: it runs as root with NET_ADMIN and NET_RAW',
  },
  {
    component: 'Amazon VPC CNI',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'aws-node',
    checks: ['wl-host-network', 'pod-host-port', 'wl-hostpath', 'wl-hostpath-writable-sensitive'],
    reason:
      'the CNI plugin configures the node network namespace, so the pod shares it (its metrics port is therefore a host port), and it writes the CNI binaries and configuration to /opt/cni/bin and /etc/cni/net.d on the host',
  },
  {
    component: 'Amazon VPC CNI',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'aws-node',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `ipamd watches pods, nodes and ENIConfigs through the Kubernetes API; ${IN_KUBE_SYSTEM}`,
  },

  // kube-proxy
  {
    component: 'kube-proxy',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'kube-proxy',
    // its only container, so pod-level findings (seccomp) are covered too
    checks: PRIVILEGED,
    reason:
      'programs the iptables or IPVS rules that implement Services on the node and loads kernel modules, which needs a privileged container, on which the other settings have no effect',
  },
  {
    component: 'kube-proxy',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'kube-proxy',
    checks: ['wl-host-network', 'wl-hostpath', 'wl-hostpath-writable-sensitive'],
    reason:
      'implements Services in the node network namespace and mounts /lib/modules, /run/xtables.lock and /var/log from the host',
  },
  {
    component: 'kube-proxy',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'kube-proxy',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `watches Services and EndpointSlices through the Kubernetes API; ${IN_KUBE_SYSTEM}`,
  },

  {
    component: 'kube-proxy',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'kube-proxy',
    checks: ['wl-readiness-probe'],
    reason: 'implements Services for the node it runs on and receives no Service traffic itself, so a readiness probe has nothing to gate',
  },

  // CoreDNS
  {
    component: 'CoreDNS',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'coredns',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `answers cluster DNS from the Services and EndpointSlices it watches through the Kubernetes API; ${IN_KUBE_SYSTEM}`,
  },

  // Amazon EBS CSI driver
  {
    component: 'Amazon EBS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-node',
    containers: ['ebs-plugin'],
    checks: PRIVILEGED,
    reason:
      'formats and mounts EBS volumes on the node with bidirectional mount propagation, which needs a privileged container, on which the other settings have no effect',
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-node',
    checks: ['wl-run-as-root', 'wl-low-uid-gid', 'wl-hostpath', 'wl-hostpath-writable-sensitive'],
    reason:
      'runs as root to mount volumes under /var/lib/kubelet, register with the kubelet through /var/lib/kubelet/plugins_registry and reach block devices in /dev on the host',
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-node',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `reads its Node object through the Kubernetes API for topology and volume limits; ${IN_KUBE_SYSTEM}`,
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-node',
    checks: ['wl-readiness-probe'],
    reason: NODE_PLUGIN_READINESS,
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-node',
    containers: ['liveness-probe'],
    checks: ['wl-liveness-probe'],
    reason: LIVENESS_SIDECAR,
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-controller',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `its sidecars create PersistentVolumes, VolumeAttachments and snapshots through the Kubernetes API; ${IN_KUBE_SYSTEM}`,
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-controller',
    containers: ['csi-provisioner', 'csi-attacher', 'csi-snapshotter', 'csi-resizer', 'csi-volumemodifier', 'liveness-probe'],
    checks: ['wl-liveness-probe', 'wl-readiness-probe'],
    reason: CSI_SIDECARS,
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-controller',
    containers: ['ebs-plugin'],
    checks: ['sec-secret-as-env'],
    reason:
      'reads static AWS keys from the optional Secret aws-secret only as a fallback; with IRSA or Pod Identity that Secret does not exist',
  },
  {
    component: 'Amazon EBS CSI driver',
    kind: 'ServiceAccount',
    namespaces: KUBE_SYSTEM,
    name: 'ebs-csi-controller-sa',
    checks: ['rbac-create-pv'],
    reason: 'external-provisioner creates and deletes the PersistentVolumes of dynamically provisioned EBS volumes',
  },

  // Amazon EFS CSI driver
  {
    component: 'Amazon EFS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-node',
    containers: ['efs-plugin'],
    checks: PRIVILEGED,
    reason:
      'mounts EFS file systems on the node with bidirectional mount propagation, which needs a privileged container, on which the other settings have no effect',
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-node',
    checks: ['wl-run-as-root', 'wl-low-uid-gid', 'wl-host-network', 'pod-host-port', 'wl-hostpath', 'wl-hostpath-writable-sensitive'],
    reason:
      'mounts EFS through a local TLS tunnel that must live in the node network namespace so mounts survive driver restarts (its health port is therefore a host port); as root it mounts volumes under /var/lib/kubelet and keeps mount state and efs-utils configuration in /var/run/efs, /var/amazon/efs and /etc/amazon/efs on the host',
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-node',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `reads its Node object through the Kubernetes API; ${IN_KUBE_SYSTEM}`,
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-node',
    checks: ['wl-readiness-probe'],
    reason: NODE_PLUGIN_READINESS,
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-node',
    containers: ['liveness-probe'],
    checks: ['wl-liveness-probe'],
    reason: LIVENESS_SIDECAR,
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-controller',
    containers: ['efs-plugin'],
    checks: PRIVILEGED,
    reason:
      'the upstream manifest runs the controller driver privileged so it can mount the file system to create and delete access-point directories; the other settings have no effect on a privileged container',
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-controller',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason: `its provisioner creates PersistentVolumes through the Kubernetes API; ${IN_KUBE_SYSTEM}`,
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-controller',
    containers: ['csi-provisioner', 'liveness-probe'],
    checks: ['wl-liveness-probe', 'wl-readiness-probe'],
    reason: CSI_SIDECARS,
  },
  {
    component: 'Amazon EFS CSI driver',
    kind: 'ServiceAccount',
    namespaces: KUBE_SYSTEM,
    name: 'efs-csi-controller-sa',
    checks: ['rbac-create-pv'],
    reason: 'external-provisioner creates and deletes the PersistentVolumes of dynamically provisioned EFS access points',
  },

  // EKS Pod Identity Agent
  {
    component: 'EKS Pod Identity Agent',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'eks-pod-identity-agent',
    containers: ['eks-pod-identity-agent-init'],
    checks: PRIVILEGED,
    reason:
      'the init container adds the link-local addresses 169.254.170.23 and fd00:ec2::23 to the node, which needs a privileged container, on which the other settings have no effect',
  },
  {
    component: 'EKS Pod Identity Agent',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'eks-pod-identity-agent',
    containers: ['eks-pod-identity-agent'],
    checks: ['wl-run-as-root'],
    reason:
      'binds port 80 on the link-local address with NET_BIND_SERVICE, a capability Kubernetes grants effectively only to root',
  },
  {
    component: 'EKS Pod Identity Agent',
    kind: 'DaemonSet',
    namespaces: KUBE_SYSTEM,
    name: 'eks-pod-identity-agent',
    checks: ['wl-host-network', 'pod-host-port', 'wl-kube-system-user'],
    reason: `serves pod credentials on the node's link-local address, so it shares the node network namespace and its ports are host ports; ${IN_KUBE_SYSTEM}`,
  },

  // AWS Load Balancer Controller (installed with Helm; the namespace is the installer's choice)
  {
    component: 'AWS Load Balancer Controller',
    kind: 'Deployment',
    namespaces: ['kube-system', 'aws-load-balancer-controller'],
    name: 'aws-load-balancer-controller',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason:
      'reconciles Ingresses, Services and TargetGroupBindings through the Kubernetes API; AWS documents installing it in kube-system',
  },
  {
    component: 'AWS Load Balancer Controller',
    kind: 'ServiceAccount',
    namespaces: ['kube-system', 'aws-load-balancer-controller'],
    name: 'aws-load-balancer-controller',
    checks: ['rbac-status-spoof'],
    reason:
      'writes load balancer addresses into Service and Ingress status and readiness-gate conditions into pods/status',
  },

  // Amazon CloudWatch Observability (Container Insights)
  {
    component: 'Amazon CloudWatch agent (Container Insights)',
    kind: 'DaemonSet',
    namespaces: ['amazon-cloudwatch'],
    name: 'cloudwatch-agent',
    checks: ['wl-run-as-root', 'wl-hostpath', 'wl-hostpath-writable-sensitive', 'wl-runtime-socket'],
    reason:
      'collects node and container metrics: reads cgroup, disk and file system statistics of the host (/, /sys, /dev/disk) as root and asks the container runtime through its socket which container each cgroup belongs to',
  },
  {
    component: 'Amazon CloudWatch agent (Container Insights)',
    kind: 'DaemonSet',
    namespaces: ['amazon-cloudwatch'],
    name: 'cloudwatch-agent',
    checks: ['wl-sa-token-automount'],
    reason: 'labels metrics with pod, service and node metadata read from the Kubernetes API',
  },
  {
    component: 'Fluent Bit for CloudWatch Logs',
    kind: 'DaemonSet',
    namespaces: ['amazon-cloudwatch'],
    name: 'fluent-bit',
    checks: ['wl-run-as-root', 'wl-hostpath', 'wl-hostpath-writable-sensitive', 'wl-sa-token-automount'],
    reason:
      'tails root-owned container and system logs from /var/log and the journal on the host, keeps its read offsets on the host so restarts neither lose nor repeat lines, and adds pod metadata from the Kubernetes API',
  },

  // Amazon GuardDuty Runtime Monitoring
  {
    component: 'Amazon GuardDuty runtime agent',
    kind: 'DaemonSet',
    namespaces: ['amazon-guardduty'],
    name: 'aws-guardduty-agent',
    checks: [
      ...PRIVILEGED,
      'wl-host-pid',
      'wl-host-network',
      'wl-apparmor-selinux-custom',
      'wl-hostpath',
      'wl-hostpath-writable-sensitive',
    ],
    reason:
      'runtime threat detection: attaches eBPF programs to the kernel and follows every process, file and network event on the node, which needs the host PID and network namespaces, kernel capabilities (or privileged mode), an unconfined profile and host paths under /proc and /sys',
  },

  // metrics-server
  {
    component: 'Kubernetes Metrics Server',
    kind: 'Deployment',
    namespaces: KUBE_SYSTEM,
    name: 'metrics-server',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason:
      'scrapes kubelets and serves the metrics.k8s.io API, authenticating its callers through the Kubernetes API; installed in kube-system as an EKS community add-on',
  },

  // Karpenter
  {
    component: 'Karpenter',
    kind: 'Deployment',
    namespaces: ['karpenter', 'kube-system'],
    name: 'karpenter',
    checks: ['wl-sa-token-automount', 'wl-kube-system-user'],
    reason:
      'creates NodeClaims and Nodes and drains nodes through the Kubernetes API; AWS documents installing it in kube-system',
  },
  {
    component: 'Karpenter',
    kind: 'ServiceAccount',
    namespaces: ['karpenter', 'kube-system'],
    name: 'karpenter',
    checks: ['rbac-steal-pods'],
    reason:
      'consolidation, expiry and interruption handling evict pods and taint and delete nodes: that is what the node autoscaler is for',
  },
];

/** Every check id the baseline waives somewhere, sorted. */
export function baselineCheckIds(): string[] {
  return [...new Set(EKS_BASELINE.flatMap((entry) => entry.checks))].sort();
}
