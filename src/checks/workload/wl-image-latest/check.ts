import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { containerImages } from '../../supply-chain/container-images.js';

export const check = defineCheck<Workload, 'latest' | 'untagged'>({
  id: 'wl-image-latest',
  title: 'Image uses :latest or no tag',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    'An image without a tag pulls `:latest`. Which build runs then depends on when each node pulled it: replicas drift apart, rollbacks do not roll back, and a pushed image reaches production unreviewed. A digest pins the image whatever the tag says.',
  remediation: 'Reference a versioned tag, or better the digest (`image@sha256:…`), and roll out new versions by changing it.',
  messages: {
    latest: 'Container "{{container}}" runs "{{image}}", the mutable :latest tag',
    untagged: 'Container "{{container}}" runs "{{image}}" without a tag, which pulls :latest',
  },
  links: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { ref, reference, path } of containerImages(workload, context)) {
      if (reference.digest !== undefined) continue;
      if (reference.tag === undefined) {
        context.fail('untagged', { container: ref.name, image: reference.raw }, { container: ref.name, path });
      } else if (reference.tag === 'latest') {
        context.fail('latest', { container: ref.name, image: reference.raw }, { container: ref.name, path });
      }
    }
  },
});
