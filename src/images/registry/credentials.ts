/**
 * Where registry credentials come from: given explicitly, from Docker's `config.json` (`auths`
 * entries with a base64 `user:password` or an identity token), or from ECR's
 * GetAuthorizationToken for `*.dkr.ecr.*.amazonaws.com` hosts. Credential helpers run external
 * programs; we do not execute them and say so when one is configured for a registry.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ImageError } from './errors.js';
import { DOCKER_HUB } from './image-ref.js';

export type Credentials = { username: string; password: string } | { identityToken: string };

/** Answers credentials for a registry host, or undefined for anonymous access. */
export type CredentialProvider = (registry: string) => Promise<Credentials | undefined>;

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `https://index.docker.io/v1/`, `docker.io`, `https://host:5000/path` → the registry host we use. */
function normaliseKey(key: string): string {
  const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'docker.io' ? DOCKER_HUB : host;
}

export function credentialsFromDockerConfig(config: unknown, path: string): CredentialProvider {
  if (!isRecord(config)) throw new ImageError('bad-archive', `${path}: Docker config must be a JSON object`);
  const file = config as DockerConfigFile;
  const auths = new Map<string, Credentials>();
  for (const [key, entry] of Object.entries(isRecord(file.auths) ? file.auths : {})) {
    if (!isRecord(entry)) continue;
    if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
      auths.set(normaliseKey(key), { identityToken: entry.identitytoken });
    } else if (typeof entry.auth === 'string' && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new ImageError('bad-archive', `${path}: auths["${key}"].auth is not base64 of user:password`);
      auths.set(normaliseKey(key), { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) });
    } else if (typeof entry.username === 'string' && typeof entry.password === 'string') {
      auths.set(normaliseKey(key), { username: entry.username, password: entry.password });
    }
  }
  const helpers = new Map(Object.entries(isRecord(file.credHelpers) ? file.credHelpers : {}).map(([key, value]) => [normaliseKey(key), String(value)]));
  const store = typeof file.credsStore === 'string' && file.credsStore ? file.credsStore : undefined;
  return (registry) => {
    const found = auths.get(registry);
    if (found) return Promise.resolve(found);
    const helper = helpers.get(registry) ?? store;
    if (helper) {
      return Promise.reject(
        new ImageError('unsupported', `${path}: credentials for ${registry} are kept by the credential helper 'docker-credential-${helper}', which eksguard does not run; add an 'auths' entry (e.g. with 'docker login --password-stdin' into a separate DOCKER_CONFIG) or pass credentials explicitly`),
      );
    }
    return Promise.resolve(undefined);
  };
}

/** Reads `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`; a missing file means anonymous. */
export async function loadDockerConfig(path?: string): Promise<CredentialProvider> {
  const file = path ?? join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && path === undefined) return () => Promise.resolve(undefined);
    throw new ImageError('bad-archive', `${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImageError('bad-archive', `${file}: not valid JSON (${(error as Error).message})`);
  }
  return credentialsFromDockerConfig(parsed, file);
}

/** The first provider with an answer wins. */
export function chainProviders(...providers: CredentialProvider[]): CredentialProvider {
  return async (registry) => {
    for (const provider of providers) {
      const found = await provider(registry);
      if (found) return found;
    }
    return undefined;
  };
}
