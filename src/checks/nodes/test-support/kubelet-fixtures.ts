/**
 * Kubelet `/configz` payloads and Node objects for node check tests, as an EKS-optimized
 * AL2023 node serves them.
 */

/** The `kubeletconfig` object of an AL2023 node, KubeletConfiguration v1beta1 field names. */
export function eksKubeletConfig(patch: (config: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const config: Record<string, unknown> = {
    enableServer: true,
    staticPodPath: '/etc/kubernetes/manifests',
    syncFrequency: '1m0s',
    address: '0.0.0.0',
    port: 10250,
    serverTLSBootstrap: true,
    authentication: {
      x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
      webhook: { enabled: true, cacheTTL: '2m0s' },
      anonymous: { enabled: false },
    },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: '5m0s', cacheUnauthorizedTTL: '30s' } },
    registryPullQPS: 5,
    registryBurst: 10,
    eventRecordQPS: 50,
    eventBurst: 100,
    enableDebuggingHandlers: true,
    healthzPort: 10248,
    healthzBindAddress: '127.0.0.1',
    clusterDomain: 'cluster.local',
    clusterDNS: ['172.20.0.10'],
    streamingConnectionIdleTimeout: '4h0m0s',
    nodeStatusUpdateFrequency: '10s',
    makeIPTablesUtilChains: true,
    iptablesMasqueradeBit: 14,
    iptablesDropBit: 15,
    featureGates: { RotateKubeletServerCertificate: true },
    protectKernelDefaults: true,
    cgroupDriver: 'systemd',
    containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
    maxPods: 29,
  };
  patch(config);
  return config;
}

export interface NodeSpec {
  name: string;
  labels?: Record<string, string>;
  kubeletVersion?: string;
  osImage?: string;
}

/** A Node object of a managed node group unless labels say otherwise. */
export function nodeYaml({ name, labels = {}, kubeletVersion = 'v1.31.2-eks-7f9249a', osImage = 'Amazon Linux 2023.6.20241111' }: NodeSpec): string {
  const allLabels: Record<string, string> = {
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'topology.kubernetes.io/region': 'eu-west-1',
    ...labels,
  };
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
${Object.entries(allLabels)
  .map(([key, value]) => `    ${key}: "${value}"`)
  .join('\n')}
spec:
  providerID: aws:///eu-west-1a/i-0${name.replace(/\W/g, '').slice(-16).padStart(16, '0')}
status:
  nodeInfo:
    kubeletVersion: ${kubeletVersion}
    kubeProxyVersion: ${kubeletVersion}
    osImage: ${osImage}
    containerRuntimeVersion: containerd://1.7.23
    kernelVersion: 6.1.115-126.197.amzn2023.x86_64
    operatingSystem: linux
    architecture: amd64
`;
}

export function nodesYaml(specs: NodeSpec[]): string {
  return specs.map(nodeYaml).join('---\n');
}

export const managed = (group: string): Record<string, string> => ({
  'eks.amazonaws.com/nodegroup': group,
  'eks.amazonaws.com/capacityType': 'ON_DEMAND',
  'eks.amazonaws.com/nodegroup-image': 'ami-0e1f2a3b4c5d6e7f8',
});
