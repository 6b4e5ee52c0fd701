/**
 * Choosing one image from an index for a platform, as container runtimes do: os and architecture
 * must match; a requested variant must match too, and without one the arm64 `v8` default (and a
 * missing variant) are preferred.
 */
import type { Platform } from '../types.js';
import { ImageError } from './errors.js';
import type { Descriptor, ImageIndex } from './manifest.js';
import { MEDIA } from './manifest.js';

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, extra] = text.split('/');
  if (!os || !architecture || extra !== undefined) {
    throw new ImageError('bad-reference', `Invalid platform '${text}': expected os/architecture[/variant], e.g. linux/arm64`);
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

const IMAGE_TYPES = new Set<string>([MEDIA.ociManifest, MEDIA.dockerManifest]);

export function selectPlatform(index: ImageIndex, wanted: Platform, where: string): Descriptor {
  const candidates = index.manifests.filter(
    (entry) => IMAGE_TYPES.has(entry.mediaType) && entry.platform?.os === wanted.os && entry.platform.architecture === wanted.architecture,
  );
  const exact = wanted.variant
    ? candidates.find((entry) => entry.platform?.variant === wanted.variant)
    : candidates.find((entry) => !entry.platform?.variant || entry.platform.variant === 'v8') ?? candidates[0];
  if (!exact) {
    const offered = index.manifests.map((entry) => (entry.platform ? formatPlatform(entry.platform) : 'unknown')).join(', ');
    throw new ImageError('no-platform', `${where}: no image for ${formatPlatform(wanted)} in the index (offers: ${offered || 'nothing'})`);
  }
  return exact;
}
