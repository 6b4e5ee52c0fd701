import type { Workload } from '../../../inventory/index.js';
import type { Fix } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { containerImages } from '../../supply-chain/container-images.js';
import { effectiveTag } from '../../../analysis/supply-chain/image-reference.js';

export const check = defineCheck<Workload, 'defaulted' | 'explicit'>({
  id: 'wl-pull-policy',
  title: 'imagePullPolicy not Always for a mutable tag',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'With IfNotPresent (the default for any tag but :latest) or Never, a node keeps running whatever a tag pointed to when it first pulled it: replicas on different nodes run different builds, a fixed image never arrives, and registry authorisation is skipped for pods that reuse a cached image. Images pinned by digest are immutable and need no policy.',
  remediation:
    'Pin the image by digest, or set `imagePullPolicy: Always` (the kubelet then checks the tag on every start and reuses cached layers).',
  messages: {
    defaulted:
      'Container "{{container}}" runs mutable tag :{{tag}} ("{{image}}") with the default imagePullPolicy IfNotPresent',
    explicit: 'Container "{{container}}" runs mutable tag :{{tag}} ("{{image}}") with imagePullPolicy {{policy}}',
  },
  links: ['https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { ref, reference } of containerImages(workload, context)) {
      const tag = effectiveTag(reference);
      if (tag === undefined) continue;
      const policy = ref.container.imagePullPolicy;
      const path = [...ref.path, 'imagePullPolicy'];
      const pointer = toJsonPointer(path);
      const data = { container: ref.name, image: reference.raw, tag };
      if (policy === undefined) {
        // The API server defaults :latest and untagged images to Always, every other tag to IfNotPresent.
        if (tag === 'latest') continue;
        context.fail('defaulted', data, {
          container: ref.name,
          path,
          fix: { kind: 'patch', description: 'Set imagePullPolicy to Always', operations: [{ op: 'add', path: pointer, value: 'Always' }] },
        });
        continue;
      }
      if (policy === 'Always') continue;
      context.fail('explicit', { ...data, policy }, { container: ref.name, path, fix: explicitFix(policy, pointer) });
    }
  },
});

/** `Never` means images are preloaded on purpose (air-gapped nodes): a human chooses Always or a digest. */
function explicitFix(policy: string, pointer: string): Fix {
  return {
    kind: policy === 'Never' ? 'suggestion' : 'patch',
    description: 'Set imagePullPolicy to Always',
    operations: [{ op: 'replace', path: pointer, value: 'Always' }],
  };
}
