import type https from 'node:https';
import { KubeConfig, type User } from '@kubernetes/client-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { eksToken } from './eks-token.js';
import type { KubeConnection } from './kubeconfig.js';

/** client-node's Authenticator, which its package does not export. */
type KubeAuthenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** The kubeconfig user name that marks the built-in EKS token authenticator. */
export const EKS_TOKEN_USER = 'eksguard-eks-token';
/** A token is remade after this long, well inside the ~15 minutes EKS accepts one. */
const TOKEN_REFRESH_MS = 10 * 60 * 1000;

export interface EksConnectionOptions {
  cluster: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The API server endpoint (`DescribeCluster → cluster.endpoint`, or a kubeconfig's server). */
  server: string;
  /** Base64 PEM of the cluster CA (`cluster.certificateAuthority.data`). */
  caData?: string;
  /** The TLS settings of a kubeconfig cluster entry to keep (file paths, skip verify). */
  caFile?: string;
  skipTLSVerify?: boolean;
  /** The name to report as the connection's context. */
  contextName?: string;
}

/** Signs a fresh EKS token when the last one is ten minutes old, for collections that run long. */
class EksTokenAuthenticator implements KubeAuthenticator {
  private token: { value: string; made: number } | undefined;
  constructor(private readonly options: EksConnectionOptions) {}

  isAuthProvider(user: User): boolean {
    return user.name === EKS_TOKEN_USER;
  }

  async applyAuthentication(_user: User, opts: https.RequestOptions): Promise<void> {
    const now = Date.now();
    if (!this.token || now - this.token.made > TOKEN_REFRESH_MS) {
      const value = await eksToken({ cluster: this.options.cluster, region: this.options.region, credentials: this.options.credentials });
      this.token = { value, made: now };
    }
    opts.headers = { ...opts.headers, Authorization: `Bearer ${this.token.value}` };
  }
}

/**
 * A connection to an EKS API server authenticated with a token signed in-process from the AWS
 * credential chain: what the kubeconfig's `aws eks get-token` exec plugin does, without the
 * aws CLI.
 */
export function eksConnection(options: EksConnectionOptions): KubeConnection {
  const context = options.contextName ?? `eks:${options.region}:${options.cluster}`;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: options.cluster,
        server: options.server,
        ...(options.caData ? { caData: options.caData } : {}),
        ...(options.caFile ? { caFile: options.caFile } : {}),
        skipTLSVerify: options.skipTLSVerify ?? false,
      },
    ],
    users: [{ name: EKS_TOKEN_USER }],
    contexts: [{ name: context, cluster: options.cluster, user: EKS_TOKEN_USER }],
    currentContext: context,
  });
  config.addAuthenticator(new EksTokenAuthenticator(options));
  return { config, context, server: options.server };
}
