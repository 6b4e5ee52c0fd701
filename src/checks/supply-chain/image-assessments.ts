/**
 * Image scan results (`inventory.images`) joined to the containers that run them. A container's
 * image is found by the reference as the pod spec writes it, then in the runtime's canonical form
 * (`nginx:1.27` is `docker.io/library/nginx:1.27`), then, when pinned, by digest alone: the
 * same digest is the same image whatever repository it was pulled through.
 */
import type { ImageAssessment } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { canonicalReference, parseImageReference, type ImageReference } from '../../analysis/supply-chain/image-reference.js';

const HOW_TO_SCAN = 'scan with `eksguard scan cluster --scan-images`, or collect the snapshot with it';

/** Why no image check can run on this inventory, if so. */
export function imagesRequires(inventory: InventoryView): string | undefined {
  if (inventory.images) return undefined;
  if (inventory.source.type === 'manifests') return `needs image scan results, which a manifests scan does not have (${HOW_TO_SCAN})`;
  return `images were not scanned: ${HOW_TO_SCAN}`;
}

export interface ImageIndex {
  /** The assessment of the image a container runs, if the scan covered it. */
  find(reference: ImageReference): ImageAssessment | undefined;
}

function buildIndex(images: readonly ImageAssessment[]): ImageIndex {
  const byReference = new Map<string, ImageAssessment>();
  const byDigest = new Map<string, ImageAssessment>();
  const add = (key: string, image: ImageAssessment): void => {
    // The first record wins: a reference listed twice is the scanner's fault, not the container's.
    if (!byReference.has(key)) byReference.set(key, image);
  };
  for (const image of images) {
    for (const raw of image.references) {
      add(raw, image);
      const parsed = parseImageReference(raw);
      if (parsed.ok) add(canonicalReference(parsed.reference), image);
    }
    if (image.digest && !byDigest.has(image.digest)) byDigest.set(image.digest, image);
  }
  return {
    find(reference) {
      return (
        byReference.get(reference.raw) ??
        byReference.get(canonicalReference(reference)) ??
        (reference.digest ? byDigest.get(reference.digest) : undefined)
      );
    },
  };
}

/** Built once per scan and shared by the image checks. */
export function imageIndex(inventory: InventoryView): ImageIndex {
  return inventory.cached('supply-chain:image-index', () => buildIndex(inventory.images?.images ?? []));
}

/**
 * Text from a scan result made safe for a message: control characters (terminal escapes) dropped
 * and long values cut, since registries and vulnerability feeds are not ours to trust.
 */
export function shown(value: string, max = 80): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** `a, b, c and 4 more`, of `total` items of which `items` are the first. */
export function listText(items: readonly string[], max: number, total = items.length): string {
  const head = items.slice(0, max).join(', ');
  return total > max ? `${head} and ${total - max} more` : head;
}
