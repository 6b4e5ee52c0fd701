import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { containerImages } from '../../supply-chain/container-images.js';
import { effectiveTag } from '../../../analysis/supply-chain/image-reference.js';

export const check = defineCheck<Workload, 'notPinned'>({
  id: 'wl-image-not-digest',
  title: 'Image not pinned by digest',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'Tags are mutable: whoever can push to the repository (or compromise it) changes what a tag points to, and nodes pull the new content on their next start. Only a digest names exactly the image that was reviewed and scanned.',
  remediation:
    'Reference images as `repository:tag@sha256:<digest>` (the runtime pulls by digest; the tag stays for humans), and let CI or a bot update digests.',
  messages: {
    notPinned: 'Container "{{container}}" runs "{{image}}" by tag :{{tag}}, not by digest',
  },
  links: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { ref, reference, path } of containerImages(workload, context)) {
      const tag = effectiveTag(reference);
      if (tag === undefined) continue;
      context.fail('notPinned', { container: ref.name, image: reference.raw, tag }, { container: ref.name, path });
    }
  },
});
