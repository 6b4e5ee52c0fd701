export {
  collectKubernetes,
  DEFAULT_CONCURRENCY,
  DEFAULT_PAGE_SIZE,
  type CollectKubernetesOptions,
  type KubernetesCollection,
} from './collect-kubernetes.js';
export { DiscoveryError } from './discovery.js';
export { eksConnection, EKS_TOKEN_USER, type EksConnectionOptions } from './eks-connection.js';
export { eksToken, EKS_TOKEN_PREFIX, stsHostname, type EksTokenRequest } from './eks-token.js';
export { KubeApiError, KubeConnectionError } from './kube-http.js';
export { kubeconfigFiles, KubeconfigError, loadKubeconfig, type KubeConnection, type KubeconfigOptions } from './kubeconfig.js';
export { NODE_PROXY_RESOURCE } from './kubelet-config.js';
export { METADATA_ONLY_ACCEPT } from './list-resource.js';
export { RESOURCES, resourceName, SECRET_TYPES, type ResourceSpec } from './resources.js';
