import type { Workload } from '../../../inventory/index.js';
import type { EvidencePath } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { containerImages } from '../container-images.js';

/** The labels Helm v2's `helm init` put on the Tiller Deployment and its pods. */
const TILLER_LABELS: Record<string, string> = { app: 'helm', name: 'tiller' };

function hasTillerLabels(labels: Record<string, string> | undefined): boolean {
  return Object.entries(TILLER_LABELS).every(([key, value]) => labels?.[key] === value);
}

export const check = defineCheck<Workload, 'image' | 'labels'>({
  id: 'sc-tiller',
  title: 'Helm v2 Tiller deployed',
  severity: 'critical',
  area: 'supply-chain',
  admission: true,
  description:
    'Tiller, the in-cluster half of Helm v2, is unmaintained since 2020 and usually runs with cluster-admin rights behind an unauthenticated gRPC port (44134): anything that can reach it can install arbitrary workloads.',
  remediation: 'Migrate releases to Helm 3 (helm-2to3 plugin), then delete the Tiller Deployment, Service and its service account binding.',
  messages: {
    image: 'Container "{{container}}" runs Helm v2 Tiller ("{{image}}")',
    labels: '{{kind}} "{{name}}" carries the Tiller labels app=helm, name=tiller',
  },
  links: ['https://helm.sh/blog/helm-v2-deprecation-timeline/', 'https://github.com/helm/helm-2to3'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    let found = false;
    for (const { ref, reference, path } of containerImages(workload, context)) {
      if (reference.repository.split('/').pop() !== 'tiller') continue;
      found = true;
      context.fail('image', { container: ref.name, image: reference.raw }, { container: ref.name, path });
    }
    if (found) return;
    const labelled: Array<[Record<string, string> | undefined, EvidencePath]> = [
      [workload.object.metadata?.labels, ['metadata', 'labels', 'name']],
      [workload.podMetadata.labels, [...workload.podMetadataPath, 'labels', 'name']],
    ];
    const match = labelled.find(([labels]) => hasTillerLabels(labels));
    if (!match) return;
    context.fail('labels', { kind: workload.resource.kind, name: workload.resource.name }, { path: match[1] });
  },
});
