import type { CheckReporter, EvidencePath } from '../../model/index.js';
import type { ContainerRef, Workload } from '../../inventory/index.js';
import { parseImageReference, type ImageReference } from '../../analysis/supply-chain/image-reference.js';

export interface ContainerImage {
  ref: ContainerRef;
  reference: ImageReference;
  /** Evidence path of the container's `image` field. */
  path: EvidencePath;
}

/**
 * Every container of a workload with its parsed image. A container whose image the runtime
 * would refuse (or an unrendered template) is reported not evaluated rather than guessed at.
 */
export function containerImages(workload: Workload, reporter: Pick<CheckReporter<string>, 'notEvaluated'>): ContainerImage[] {
  const images: ContainerImage[] = [];
  for (const ref of workload.containers) {
    const path = [...ref.path, 'image'];
    const image = ref.container.image;
    if (image === undefined) {
      reporter.notEvaluated(`Container "${ref.name}" has no image`, { container: ref.name, path });
      continue;
    }
    const parsed = parseImageReference(image);
    if (!parsed.ok) {
      reporter.notEvaluated(`Container "${ref.name}": cannot read image "${image}": ${parsed.error}`, {
        container: ref.name,
        path,
      });
      continue;
    }
    images.push({ ref, reference: parsed.reference, path });
  }
  return images;
}
