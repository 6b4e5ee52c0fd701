/**
 * What signature verification needs from a registry, and no more: manifests by tag or digest,
 * blobs by digest, and the referrers of a manifest. The registry client (src/images/registry/)
 * satisfies it; so can an OCI layout on disk.
 */

/** An OCI content descriptor (https://github.com/opencontainers/image-spec/blob/main/descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface FetchedManifest {
  /** The bytes as served: their sha256 is the manifest digest, and signatures cover them. */
  bytes: Buffer;
  /** `Content-Type` as served (may be empty: the manifest's own `mediaType` field then decides). */
  mediaType: string;
}

export interface SignatureSource {
  /**
   * The manifest at `reference` (a tag or `sha256:…`) of `repository`, or `undefined` when the
   * registry says it does not exist (404). Other failures throw.
   */
  manifest(repository: string, reference: string): Promise<FetchedManifest | undefined>;
  /** A blob, refused (thrown) when larger than `maxBytes`. */
  blob(repository: string, digest: string, maxBytes: number): Promise<Buffer>;
  /**
   * The manifests whose `subject` is `digest`: the referrers API, or its tag-schema fallback
   * (an index at tag `sha256-<hex>`) where the registry has no referrers API. Empty when none.
   */
  referrers(repository: string, digest: string): Promise<Descriptor[]>;
}
