/**
 * Image references as Docker and the distribution spec read them: the first path component is a
 * registry only when it looks like a host (has a dot or a colon, or is `localhost`); otherwise
 * the image lives on Docker Hub, whose one-component names sit under `library/`.
 */
import type { ImageRef } from '../types.js';
import { ImageError } from './errors.js';

export const DOCKER_HUB = 'registry-1.docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

// Repository path components, tags and digests as the distribution spec's grammar defines them.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:]+\])(?::[0-9]{1,5})?$/;

function bad(text: string, why: string): never {
  throw new ImageError('bad-reference', `Invalid image reference '${text}': ${why}`);
}

export function parseImageRef(text: string): ImageRef {
  const original = text;
  const trimmed = text.trim();
  if (trimmed === '') bad(text, 'it is empty');
  if (trimmed.length > 512) bad(trimmed.slice(0, 40) + '…', 'longer than 512 characters');

  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad(text, `digest '${digest}' is not sha256:<64 lowercase hex>`);
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  // A colon after the last slash separates the tag; before it, it belongs to a registry port.
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad(text, `tag '${tag}' is not valid`);
  }

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))) {
    if (!HOST.test(first)) bad(text, `registry '${first}' is not a valid host[:port]`);
    registry = HUB_ALIASES.has(first) ? DOCKER_HUB : first;
    parts.shift();
  }
  if (parts.length === 0 || parts.some((part) => part === '')) bad(text, 'the repository name is empty or has an empty path component');
  for (const part of parts) {
    if (!COMPONENT.test(part)) bad(text, `repository component '${part}' must be lowercase letters, digits and separators (. _ __ -)`);
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (repository.length > 255) bad(text, 'the repository name is longer than 255 characters');

  return {
    registry,
    repository,
    ...(tag !== undefined || digest === undefined ? { tag: tag ?? 'latest' } : {}),
    ...(digest !== undefined ? { digest } : {}),
    original,
  };
}

/** The reference written out in full (`registry/repository:tag@digest`). */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

export function isDigest(text: string): boolean {
  return DIGEST.test(text);
}
