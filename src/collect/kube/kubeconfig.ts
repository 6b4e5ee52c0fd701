import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

/** How the collector reaches one API server. */
export interface KubeConnection {
  config: KubeConfig;
  /** The kubeconfig context used (or a name for a built-in EKS connection). */
  context: string;
  server: string;
}

/** The kubeconfig is missing, unreadable, or lacks the context asked for. */
export class KubeconfigError extends Error {}

export interface KubeconfigOptions {
  /** An explicit kubeconfig file (`--kubeconfig`); wins over KUBECONFIG and the default path. */
  kubeconfig?: string;
  /** The context to use instead of the current one. */
  context?: string;
  /** Where KUBECONFIG, HOME and the in-cluster variables are read from. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The kubeconfig files kubectl would read: `--kubeconfig`, else every existing file of
 * KUBECONFIG (a path list), else ~/.kube/config. Empty when there is none.
 */
export function kubeconfigFiles(options: KubeconfigOptions): string[] {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return [options.kubeconfig];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((file) => file !== '' && existsSync(file));
  const home = env.HOME ?? env.USERPROFILE;
  const fallback = home ? join(home, '.kube', 'config') : undefined;
  return fallback && existsSync(fallback) ? [fallback] : [];
}

/**
 * Loads the kubeconfig as kubectl does (files merged, the first file's current-context and the
 * first definition of a name winning), or the pod's service account when running inside a
 * cluster with no kubeconfig. Undefined when there is no kubeconfig at all, so the caller can
 * fall back to built-in EKS authentication.
 */
export function loadKubeconfig(options: KubeconfigOptions): KubeConnection | undefined {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options);
  const config = new KubeConfig();
  if (files.length > 0) {
    for (const [index, file] of files.entries()) {
      const loaded = new KubeConfig();
      try {
        loaded.loadFromFile(file);
      } catch (error) {
        throw new KubeconfigError(`cannot read kubeconfig ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (index === 0) config.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: loaded.currentContext });
      mergeFirstWins(config, loaded);
    }
  } else if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && !options.context) {
    // Inside a pod (the CronJob of deploy/kubernetes): the service account's token and CA.
    config.loadFromCluster();
    return connection(config, 'in-cluster');
  } else {
    return undefined;
  }
  const where = files.join(delimiter);
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((context) => context.name);
      throw new KubeconfigError(
        `context "${options.context}" is not in ${where}${known.length > 0 ? ` (contexts: ${known.join(', ')})` : ' (it defines no contexts)'}`,
      );
    }
    config.setCurrentContext(options.context);
  }
  const current = config.getCurrentContext();
  if (!current) throw new KubeconfigError(`${where} sets no current-context; pass --context`);
  const context = config.getContextObject(current);
  if (!context) throw new KubeconfigError(`current-context "${current}" is not defined in ${where}`);
  if (!config.getCluster(context.cluster)) {
    throw new KubeconfigError(`context "${current}" names cluster "${context.cluster}", which ${where} does not define`);
  }
  return connection(config, current);
}

function connection(config: KubeConfig, context: string): KubeConnection {
  const server = config.getCurrentCluster()?.server;
  if (!server) throw new KubeconfigError(`context "${context}" has no API server address`);
  return { config, context, server };
}

function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  const has = <T extends { name: string }>(list: readonly T[], name: string): boolean => list.some((item) => item.name === name);
  for (const cluster of from.clusters) if (!has<Cluster>(into.clusters, cluster.name)) into.addCluster(cluster);
  for (const user of from.users) if (!has<User>(into.users, user.name)) into.addUser(user);
  for (const context of from.contexts) if (!has<Context>(into.contexts, context.name)) into.addContext(context);
  if (!into.currentContext && from.currentContext) into.currentContext = from.currentContext;
}
