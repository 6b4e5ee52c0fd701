/**
 * `scanImage`: an image reference in, its packages and known vulnerabilities out. The result is
 * cached by manifest digest and database version, so a second scan of the same image fetches
 * only its manifest (to learn the digest) and reads no layer.
 */
import { WANTED_FILES, readPackages } from './packages/index.js';
import { openImage, readImage, type ReadImageOptions } from './read-image.js';
import type { FetchedManifest, ImageSource } from './registry/image-source.js';
import { DEFAULT_PLATFORM, selectPlatform } from './registry/platform.js';
import type { ImagePackage, ImageRef, ImageScan } from './types.js';

export { openImage };
import { matchPackages, type OsvDatabase, type ScanCache } from './vulns/index.js';

export interface ScanImageOptions extends Omit<ReadImageOptions, 'wanted'> {
  /** Without a database packages are listed and no vulnerability is matched. */
  db?: OsvDatabase;
  /** Used only with a database: entries are keyed by its version. */
  cache?: ScanCache;
}

export interface OpenedImage {
  source: ImageSource;
  ref: ImageRef;
}

/** Ranges that could not be evaluated are reported up to this many; the rest are counted. */
const MAX_UNEVALUATED_WARNINGS = 50;

/**
 * Remembers manifests by reference: the cache check reads the top manifest to learn the digest,
 * and the read that may follow must not fetch it again.
 */
export class ManifestMemo implements ImageSource {
  private readonly manifests = new Map<string, Promise<FetchedManifest>>();
  constructor(private readonly inner: ImageSource) {}
  get description(): string {
    return this.inner.description;
  }
  get bytesRead(): number {
    return this.inner.bytesRead;
  }
  manifest(reference?: string): Promise<FetchedManifest> {
    const key = reference ?? '';
    let fetched = this.manifests.get(key);
    if (!fetched) {
      fetched = this.inner.manifest(reference);
      this.manifests.set(key, fetched);
    }
    return fetched;
  }
  blob(descriptor: Parameters<ImageSource['blob']>[0]): ReturnType<ImageSource['blob']> {
    return this.inner.blob(descriptor);
  }
}

/** The digest `readImage` would scan: the image manifest's, or the platform's entry of an index. */
async function scannedDigest(source: ImageSource, options: ScanImageOptions): Promise<string> {
  const top = await source.manifest();
  if (top.manifest.kind !== 'index') return top.digest;
  return selectPlatform(top.manifest, options.platform ?? DEFAULT_PLATFORM, source.description).digest;
}

function unevaluatedCollector(): { onUnevaluated: (pkg: ImagePackage, recordId: string, reason: string) => void; warnings: () => string[] } {
  const seen = new Set<string>();
  let dropped = 0;
  return {
    onUnevaluated(pkg, recordId, reason) {
      const text = `${recordId}: range for ${pkg.name} ${pkg.version} (${pkg.ecosystem}) not evaluated: ${reason}`;
      if (seen.has(text)) return;
      if (seen.size < MAX_UNEVALUATED_WARNINGS) seen.add(text);
      else dropped++;
    },
    warnings: () => [...seen, ...(dropped > 0 ? [`${dropped} more vulnerability ranges not evaluated`] : [])],
  };
}

export async function scanImage(target: string | OpenedImage, options: ScanImageOptions = {}): Promise<ImageScan> {
  const opened = typeof target === 'string' ? await openImage(target, options) : target;
  const source = new ManifestMemo(opened.source);
  const { db, cache } = options;

  if (db && cache) {
    const digest = await scannedDigest(source, options);
    const hit = cache.get(digest, db.version);
    // The cached entry may have been made through another reference (tag) to the same digest.
    if (hit) return { ...hit, ref: opened.ref, bytesRead: source.bytesRead };
  }

  const image = await readImage({ source, ref: opened.ref }, { ...options, wanted: WANTED_FILES });
  const inventory = readPackages(image.files);
  const unevaluated = unevaluatedCollector();
  const vulnerabilities = db ? matchPackages(db, inventory.packages, { onUnevaluated: unevaluated.onUnevaluated }) : [];
  const warnings = [...image.warnings, ...inventory.errors.map((e) => `${e.file}: ${e.message}`), ...unevaluated.warnings()];
  const scan: ImageScan = {
    ref: image.ref,
    digest: image.digest,
    ...(image.platform ? { platform: image.platform } : {}),
    ...(inventory.os ? { os: inventory.os } : {}),
    packages: inventory.packages,
    vulnerabilities,
    sizeBytes: image.sizeBytes,
    bytesRead: image.bytesRead,
    scannedAt: new Date().toISOString(),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  if (db && cache) cache.put(scan, db.version);
  return scan;
}
