/** Container images as products: which software, which version. */
import { parseImageReference } from '../supply-chain/image-reference.js';

export interface ImageRef {
  /** Registry host, `docker.io` when the reference names none. */
  registry: string;
  /** Path below the registry (`library/redis`, `ingress-nginx/controller`). */
  repository: string;
  /** Last path segment (`redis`, `controller`). */
  name: string;
  tag?: string;
  digest?: string;
}

/**
 * The product view of an image (registry, repository, last path segment), read with the one
 * runtime-exact parser the image checks share. A reference the runtime would reject names no
 * product, so it matches nothing here.
 */
export function parseImage(image: string): ImageRef {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return { registry: '', repository: '', name: '' };
  const { registry, repository, tag, digest } = parsed.reference;
  const ref: ImageRef = { registry, repository, name: repository.split('/').pop() ?? repository };
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  return ref;
}

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** The first `major.minor.patch` in a tag (`v1.11.3`, `1.11.3-debian`, `nginx-0.25.1-rancher1`). */
export function versionOf(tag: string | undefined): Version | undefined {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(tag ?? '');
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}
