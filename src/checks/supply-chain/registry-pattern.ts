import { DEFAULT_REGISTRY, registryHost, type ImageReference } from '../../analysis/supply-chain/image-reference.js';

/**
 * A registry allow-list entry: `host[:port][/repository-prefix]`.
 *
 * - `*` matches one or more characters inside one DNS label (never a dot), so
 *   `*.dkr.ecr.*.amazonaws.com` admits every account's ECR in every region while `*.corp.com`
 *   does not admit `corp.com.evil.io` nor `a.b.corp.com`.
 * - Hosts compare case-insensitively. Without a port the entry admits the host on any port;
 *   with one, only that port.
 * - An optional path limits the entry to repositories under that prefix, by whole segments
 *   (`docker.io/bitnami` admits `bitnami/redis`, not `bitnamilegacy/redis`); `*` matches inside
 *   one segment and a trailing `/*` or `/**` means the same as the bare prefix.
 */
export interface RegistryPattern {
  source: string;
  matches(reference: ImageReference): boolean;
}

export function compileRegistryPattern(source: string): RegistryPattern | undefined {
  const text = source.trim();
  if (text === '') return undefined;
  const slash = text.indexOf('/');
  const hostPart = slash < 0 ? text : text.slice(0, slash);
  const pathPart = slash < 0 ? '' : text.slice(slash + 1).replace(/\/\*\*?$|^\*\*?$/, '');
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(hostPart);
  let host = (portMatch?.[1] ?? hostPart).toLowerCase();
  const port = portMatch?.[2];
  if (host === '') return undefined;
  if (host === 'index.docker.io') host = DEFAULT_REGISTRY;
  const hostRegex = new RegExp(`^${globToRegex(host, '[^.]+')}$`);
  const pathRegex = pathPart === '' ? undefined : new RegExp(`^${globToRegex(pathPart, '[^/]+')}(?:/|$)`);
  return {
    source,
    matches(reference) {
      if (!hostRegex.test(registryHost(reference))) return false;
      if (port !== undefined && portOf(reference) !== port) return false;
      return pathRegex === undefined || pathRegex.test(reference.repository);
    },
  };
}

export function compileRegistryPatterns(sources: readonly string[]): RegistryPattern[] {
  return sources.map(compileRegistryPattern).filter((pattern): pattern is RegistryPattern => pattern !== undefined);
}

function globToRegex(glob: string, star: string): string {
  return glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join(star);
}

function portOf(reference: ImageReference): string | undefined {
  return /:(\d+)$/.exec(reference.registry)?.[1];
}
