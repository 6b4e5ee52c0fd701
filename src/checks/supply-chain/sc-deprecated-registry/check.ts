import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { containerImages } from '../container-images.js';
import { registryHost, type ImageReference } from '../../../analysis/supply-chain/image-reference.js';

const REPLACEMENT_REGISTRY = 'registry.k8s.io';
/** gcr.io paths that k8s.gcr.io was a vanity name for. */
const LEGACY_GCR_PREFIXES = ['google_containers/', 'google-containers/'];

/** The repository path under registry.k8s.io, when the image comes from a frozen location. */
function frozenRepository(reference: ImageReference): string | undefined {
  const host = registryHost(reference);
  if (host === 'k8s.gcr.io') return reference.repository;
  if (host !== 'gcr.io') return undefined;
  const prefix = LEGACY_GCR_PREFIXES.find((candidate) => reference.repository.startsWith(candidate));
  return prefix === undefined ? undefined : reference.repository.slice(prefix.length);
}

export const check = defineCheck<Workload, 'deprecated'>({
  id: 'sc-deprecated-registry',
  title: 'Image from the frozen k8s.gcr.io registry',
  severity: 'low',
  area: 'supply-chain',
  admission: true,
  description:
    'k8s.gcr.io (and the gcr.io/google_containers path behind it) was frozen in April 2023: it receives no new images or patched versions, and its availability is not guaranteed. Kubernetes images are published on registry.k8s.io.',
  remediation:
    'Pull the same repository and tag from registry.k8s.io (check the tag exists there), or mirror it into your own registry.',
  messages: {
    deprecated:
      'Container "{{container}}" pulls "{{image}}" from the frozen {{registry}}; use "{{replacement}}" instead',
  },
  links: ['https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { ref, reference, path } of containerImages(workload, context)) {
      const repository = frozenRepository(reference);
      if (repository === undefined) continue;
      const replacement =
        `${REPLACEMENT_REGISTRY}/${repository}` +
        (reference.tag !== undefined ? `:${reference.tag}` : '') +
        (reference.digest !== undefined ? `@${reference.digest}` : '');
      const pointer = toJsonPointer(path);
      context.fail(
        'deprecated',
        { container: ref.name, image: reference.raw, registry: registryHost(reference), replacement },
        {
          container: ref.name,
          path,
          // A suggestion: old tags were copied to registry.k8s.io, but whether this one was is
          // for a human to confirm before a rollout depends on it.
          fix: {
            kind: 'suggestion',
            description: `Pull ${replacement}`,
            operations: [
              { op: 'test', path: pointer, value: reference.raw },
              { op: 'replace', path: pointer, value: replacement },
            ],
          },
        },
      );
    }
  },
});
