/** An image in a registry, read through the `ImageSource` interface. */
import type { Readable } from 'node:stream';
import type { ImageRef } from '../types.js';
import { RegistryClient, type RegistryClientOptions } from './client.js';
import { formatImageRef } from './image-ref.js';
import type { FetchedManifest, ImageSource } from './image-source.js';
import type { Descriptor } from './manifest.js';

export class RegistrySource implements ImageSource {
  readonly description: string;
  readonly client: RegistryClient;

  constructor(
    readonly ref: ImageRef,
    options: RegistryClientOptions = {},
  ) {
    this.description = formatImageRef(ref);
    this.client = new RegistryClient(ref.registry, options);
  }

  get bytesRead(): number {
    return this.client.bytesRead;
  }

  manifest(reference?: string): Promise<FetchedManifest> {
    // A digest pins the image even when a tag is also written (`repo:tag@sha256:…`).
    return this.client.manifest(this.ref.repository, reference ?? this.ref.digest ?? this.ref.tag ?? 'latest');
  }

  blob(descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    return this.client.blob(this.ref.repository, descriptor);
  }
}
