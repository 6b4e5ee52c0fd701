/**
 * The registry client seen as what signature verification reads (`SignatureSource`): manifests
 * as served (a 404 is "absent", not a failure), small blobs with a size cap, and referrers.
 */
import type { SignatureSource } from '../signatures/source.js';
import type { RegistryClient } from './client.js';
import { isImageError } from './errors.js';

export function signatureSource(client: RegistryClient): SignatureSource {
  return {
    async manifest(repository, reference) {
      try {
        const fetched = await client.manifest(repository, reference);
        return { bytes: fetched.bytes, mediaType: fetched.manifest.mediaType };
      } catch (error) {
        if (isImageError(error, 'not-found')) return undefined;
        throw error;
      }
    },
    async blob(repository, digest, maxBytes) {
      // The interface gives no size; the client verifies blobs against one, so it is asked first.
      const size = await client.blobSize(repository, digest);
      if (size === undefined) throw new Error(`${client.registry}/${repository} blob ${digest}: not found`);
      return client.blobBytes(repository, { digest, size }, maxBytes);
    },
    referrers(repository, digest) {
      return client.referrers(repository, digest);
    },
  };
}
