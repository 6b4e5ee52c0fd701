/**
 * One interface over every place an image can come from (a registry, an OCI layout directory, a
 * `docker save` tarball): the layer reader never knows which it is reading.
 */
import type { Readable } from 'node:stream';
import type { Platform } from '../types.js';
import type { Descriptor, Manifest } from './manifest.js';

export interface FetchedManifest {
  manifest: Manifest;
  /** sha256 of the exact bytes (the manifest's identity). */
  digest: string;
  bytes: Buffer;
}

export interface ImageSource {
  /** Where the image was read from, for messages. */
  readonly description: string;
  /** The top-level manifest or index (by the source's tag, or `reference` when given). */
  manifest(reference?: string): Promise<FetchedManifest>;
  /** A blob's bytes, streamed and verified against the descriptor's digest and size. */
  blob(descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable>;
  /** Bytes read so far from the backing store (network or disk). */
  readonly bytesRead: number;
}

export interface SourceOptions {
  platform?: Platform;
}
