/**
 * The KubeClient response actions write through: the same connection as `collect` (kubeconfig
 * and its exec plugin, or a token signed here for EKS) and the same transport, with API errors
 * turned into the respond layer's KubeRequestError.
 */
import { resolve } from 'node:path';
import { loadKubeconfig, KubeApiError, KubeConnectionError, KubeconfigError } from '../collect/kube/index.js';
import { KubeHttp } from '../collect/kube/kube-http.js';
import { KubeRequestError, type KubeClient, type KubeRequest } from '../respond/actions/types.js';
import { kubernetesConnection } from './cluster-source.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface KubeClientOptions {
  kubeconfig?: string;
  context?: string;
  /** EKS cluster name and region: for `--eks-token`, or when there is no kubeconfig. */
  cluster?: string;
  region?: string;
  profile?: string;
  eksToken?: boolean;
}

/** A KubeClient that also says where it points, for the trail and the summary. */
export interface OpenedKubeClient extends KubeClient {
  context: string;
  server: string;
}

/** Sends each request through KubeHttp; answers with an error status reject with KubeRequestError. */
export class HttpKubeClient implements KubeClient {
  constructor(private readonly http: KubeHttp) {}

  async send(request: KubeRequest): Promise<unknown> {
    try {
      return await this.http.sendJson({
        method: request.method,
        path: request.path,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(request.contentType !== undefined ? { contentType: request.contentType } : {}),
      });
    } catch (error) {
      const where = { method: request.method, path: request.path };
      if (error instanceof KubeApiError) throw new KubeRequestError(error.status, error.reason, error.message, where);
      // No answer at all: status 0, so callers tell "refused" from "unreachable".
      if (error instanceof KubeConnectionError) throw new KubeRequestError(0, undefined, error.message, where);
      throw error;
    }
  }
}

export async function openKubeClient(given: KubeClientOptions, io: CliIo): Promise<OpenedKubeClient> {
  // A relative --kubeconfig names a file in the command's working directory.
  const options = given.kubeconfig !== undefined ? { ...given, kubeconfig: resolve(io.cwd, given.kubeconfig) } : given;
  const needsEks = options.eksToken === true || !hasKubeconfig(options, io);
  if (needsEks && (!options.cluster || !options.region)) {
    throw new UsageError(
      options.eksToken
        ? '--eks-token needs the cluster name and region (--cluster and --region)'
        : 'no kubeconfig found (KUBECONFIG, ~/.kube/config or --kubeconfig): pass one, or --cluster and --region',
    );
  }
  const connection = await kubernetesConnection(
    {
      name: options.cluster ?? '',
      region: options.region ?? '',
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(options.profile !== undefined ? { profile: options.profile } : {}),
      ...(options.eksToken !== undefined ? { eksToken: options.eksToken } : {}),
    },
    io,
  );
  const client = new HttpKubeClient(new KubeHttp(connection.config, connection.server));
  return Object.assign(client, { context: connection.context, server: connection.server });
}

function hasKubeconfig(options: KubeClientOptions, io: CliIo): boolean {
  try {
    return loadKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env: io.env }) !== undefined;
  } catch (error) {
    if (error instanceof KubeconfigError) throw new UsageError(error.message);
    throw error;
  }
}
