/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`), as `umoci`,
 * `skopeo copy oci:` and BuildKit write it. The tag is the `org.opencontainers.image.ref.name`
 * annotation of an `index.json` entry; without one, a single-entry index is the image.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ImageError } from './errors.js';
import { isDigest } from './image-ref.js';
import type { FetchedManifest, ImageSource } from './image-source.js';
import { parseManifest, type Descriptor } from './manifest.js';
import { MANIFEST_LIMIT } from './client.js';
import { sha256Digest, verifyBytes, VerifyingStream } from './verify-stream.js';

const REF_NAME = 'org.opencontainers.image.ref.name';

export class OciLayoutSource implements ImageSource {
  readonly description: string;
  bytesRead = 0;

  constructor(
    private readonly dir: string,
    private readonly tag?: string,
  ) {
    this.description = `oci:${dir}${tag ? `:${tag}` : ''}`;
  }

  private blobPath(digest: string): string {
    // The digest is checked against the strict grammar first, so it can never name a path outside blobs/.
    if (!isDigest(digest)) throw new ImageError('bad-manifest', `${this.description}: '${digest}' is not a sha256 digest`);
    return join(this.dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  private async readSmall(path: string, what: string): Promise<Buffer> {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new ImageError(error.code === 'ENOENT' ? 'not-found' : 'bad-archive', `${this.description}: ${what}: ${error.message}`);
    });
    if (info.size > MANIFEST_LIMIT) throw new ImageError('too-large', `${this.description}: ${what} is ${info.size} bytes, over the ${MANIFEST_LIMIT}-byte limit`);
    const bytes = await readFile(path);
    this.bytesRead += bytes.length;
    return bytes;
  }

  async manifest(reference?: string): Promise<FetchedManifest> {
    if (reference && isDigest(reference)) {
      const bytes = await this.readSmall(this.blobPath(reference), `manifest ${reference}`);
      verifyBytes(bytes, reference, `${this.description}: manifest`);
      return { manifest: parseManifest(bytes, `${this.description} ${reference}`), digest: reference, bytes };
    }
    const layoutText = (await this.readSmall(join(this.dir, 'oci-layout'), 'oci-layout')).toString('utf8');
    if (!/"imageLayoutVersion"\s*:\s*"1\.\d+\.\d+"/.test(layoutText)) {
      throw new ImageError('bad-archive', `${this.description}: oci-layout does not declare imageLayoutVersion 1.x`);
    }
    const indexBytes = await this.readSmall(join(this.dir, 'index.json'), 'index.json');
    const index = parseManifest(indexBytes, `${this.description} index.json`);
    if (index.kind !== 'index') throw new ImageError('bad-archive', `${this.description}: index.json is not an image index`);
    const wanted = reference ?? this.tag;
    const entry = wanted
      ? index.manifests.find((candidate) => candidate.annotations?.[REF_NAME] === wanted)
      : index.manifests.length === 1
        ? index.manifests[0]
        : undefined;
    if (!entry) {
      const names = index.manifests.map((candidate) => candidate.annotations?.[REF_NAME] ?? candidate.digest).join(', ');
      throw new ImageError('not-found', `${this.description}: ${wanted ? `no image tagged '${wanted}'` : 'several images and no tag given'} (holds: ${names || 'nothing'})`);
    }
    const bytes = await this.readSmall(this.blobPath(entry.digest), `manifest ${entry.digest}`);
    verifyBytes(bytes, entry.digest, `${this.description}: manifest`);
    return { manifest: parseManifest(bytes, `${this.description} ${entry.digest}`, entry.mediaType), digest: sha256Digest(bytes), bytes };
  }

  async blob(descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    const path = this.blobPath(descriptor.digest);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new ImageError('not-found', `${this.description}: blob ${descriptor.digest}: ${error.message}`);
    });
    if (info.size !== descriptor.size) {
      throw new ImageError('digest-mismatch', `${this.description}: blob ${descriptor.digest} has ${info.size} bytes, ${descriptor.size} declared`);
    }
    return createReadStream(path).pipe(new VerifyingStream(descriptor.digest, descriptor.size, `${this.description}`, this));
  }
}
