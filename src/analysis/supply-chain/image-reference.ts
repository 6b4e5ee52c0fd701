/**
 * Container image references, read the way the container runtime reads them (the
 * distribution/reference grammar behind Docker and containerd's CRI plugin): `nginx` is
 * `docker.io/library/nginx:latest`, the first path component is a registry only when it looks
 * like a host (a dot, a port, `localhost`, or upper case), and a digest wins over a tag.
 * Checks that reason about images share this one parser so they never disagree on what a
 * manifest pulls.
 */

export interface ImageReference {
  /** As written in the manifest. */
  raw: string;
  /** The registry the runtime contacts, as written (port included): `docker.io`, `localhost:5000`. */
  registry: string;
  /** The repository inside the registry: `library/nginx`, `team/app`. */
  repository: string;
  /** The tag as written; absent when the reference has none. */
  tag?: string;
  /** `algorithm:hex` when pinned; the runtime then ignores any tag. */
  digest?: string;
}

export type ParsedImage = { ok: true; reference: ImageReference } | { ok: false; error: string };

export const DEFAULT_REGISTRY = 'docker.io';
const LEGACY_DEFAULT_REGISTRY = 'index.docker.io';
const OFFICIAL_REPOSITORY_PREFIX = 'library/';
/** distribution/reference NameTotalLengthMax. */
const MAX_NAME_LENGTH = 255;

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6_ADDRESS = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6_ADDRESS})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

/** `domain/path[:tag][@digest]`, with the domain already made explicit by normalisation. */
const NORMALISED_REFERENCE = new RegExp(
  `^(${DOMAIN})/(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const HEX_IDENTIFIER = /^[a-f0-9]{64}$/;
/** Digest lengths of the algorithms registries serve; other algorithms only need some hex. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Parses an image reference; never throws. An error reads like the runtime's own, because a
 * reference it rejects never runs (and so is not something a check should guess about).
 */
export function parseImageReference(raw: string): ParsedImage {
  if (raw === '') return { ok: false, error: 'image is empty' };
  if (raw.trim() !== raw) return { ok: false, error: 'image has leading or trailing whitespace' };
  if (HEX_IDENTIFIER.test(raw)) {
    return { ok: false, error: 'a 64-character hexadecimal string is an image id, not a reference' };
  }
  const { registry, remainder } = splitRegistry(raw);
  const repositoryEnd = remainder.search(/[:@]/);
  const repository = repositoryEnd < 0 ? remainder : remainder.slice(0, repositoryEnd);
  if (repository.toLowerCase() !== repository) {
    return { ok: false, error: `repository name "${repository}" must be lowercase` };
  }
  const match = NORMALISED_REFERENCE.exec(`${registry}/${remainder}`);
  if (!match) return { ok: false, error: `"${raw}" is not a valid image reference` };
  const [, domain = registry, path = repository, tag, digest] = match;
  if (domain.length + 1 + path.length > MAX_NAME_LENGTH) {
    return { ok: false, error: `image name is longer than ${MAX_NAME_LENGTH} characters` };
  }
  if (digest !== undefined) {
    const [algorithm = '', hex = ''] = digest.split(':');
    const expected = DIGEST_HEX_LENGTH[algorithm];
    if (expected !== undefined && hex.length !== expected) {
      return { ok: false, error: `${algorithm} digest must have ${expected} hex characters, has ${hex.length}` };
    }
  }
  const reference: ImageReference = { raw, registry: domain, repository: path };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return { ok: true, reference };
}

/**
 * The first component is a registry only when it cannot be a repository path component:
 * it has a dot or a port, is `localhost`, or has upper case (paths are lower case).
 */
function splitRegistry(raw: string): { registry: string; remainder: string } {
  const slash = raw.indexOf('/');
  let registry = DEFAULT_REGISTRY;
  let remainder = raw;
  if (slash >= 0) {
    const first = raw.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      registry = first;
      remainder = raw.slice(slash + 1);
    }
  }
  if (registry === LEGACY_DEFAULT_REGISTRY) registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !/^[^:@]*\//.test(remainder)) {
    remainder = OFFICIAL_REPOSITORY_PREFIX + remainder;
  }
  return { registry, remainder };
}

/** The tag the runtime pulls: the explicit one, else `latest`; none when a digest pins it. */
export function effectiveTag(reference: ImageReference): string | undefined {
  if (reference.digest !== undefined) return undefined;
  return reference.tag ?? 'latest';
}

export function isPinnedByDigest(reference: ImageReference): boolean {
  return reference.digest !== undefined;
}

/** Registry host in lower case, without the port: what allow-lists and known hosts compare. */
export function registryHost(reference: ImageReference): string {
  const host = reference.registry.startsWith('[')
    ? reference.registry.slice(0, reference.registry.indexOf(']') + 1)
    : reference.registry.replace(/:\d+$/, '');
  return host.toLowerCase();
}

/** `registry/repository`, the fully qualified name without tag or digest. */
export function qualifiedName(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}`;
}

/** The reference as the runtime pulls it: fully qualified, `:latest` made explicit. */
export function canonicalReference(reference: ImageReference): string {
  if (reference.digest !== undefined) return `${qualifiedName(reference)}@${reference.digest}`;
  return `${qualifiedName(reference)}:${reference.tag ?? 'latest'}`;
}

/** Whether the registry was named in the reference or implied (`nginx` → docker.io). */
export function hasExplicitRegistry(reference: ImageReference): boolean {
  const slash = reference.raw.indexOf('/');
  if (slash < 0) return false;
  const first = reference.raw.slice(0, slash);
  return first === reference.registry || (first === LEGACY_DEFAULT_REGISTRY && reference.registry === DEFAULT_REGISTRY);
}
