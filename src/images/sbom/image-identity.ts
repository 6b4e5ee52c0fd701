/** How both SBOM formats name the scanned image and date the document. */
import { purl } from '../packages/purl.js';
import type { ImageScan } from '../types.js';

/** `registry/repository`, the name a user pulls. */
export function imageName(scan: ImageScan): string {
  return `${scan.ref.registry}/${scan.ref.repository}`;
}

/**
 * `pkg:oci/<name>@<digest>?arch=…&repository_url=…&tag=…` per the purl `oci` type: the name is the
 * repository's last segment, lowercased; where it lives goes in `repository_url`. Undefined when
 * the reference cannot make a purl (an empty repository).
 */
export function imagePurl(scan: ImageScan): string | undefined {
  const name = scan.ref.repository.split('/').pop()?.toLowerCase();
  if (!name || !scan.digest) return undefined;
  try {
    return purl('oci', undefined, name, scan.digest, {
      arch: scan.platform?.architecture,
      repository_url: imageName(scan),
      tag: scan.ref.tag,
    });
  } catch {
    // packageurl-js refuses components it cannot encode: the image then goes without a purl.
    return undefined;
  }
}

/** The scan's time, which is the document's: a document must not change when rendered twice. */
export function scanTime(scan: ImageScan): Date {
  const time = new Date(scan.scannedAt);
  if (Number.isNaN(time.getTime())) throw new TypeError(`ImageScan.scannedAt is not a date: ${JSON.stringify(scan.scannedAt)}`);
  return time;
}
