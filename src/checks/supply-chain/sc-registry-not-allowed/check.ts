import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { containerImages } from '../container-images.js';
import { hasExplicitRegistry } from '../../../analysis/supply-chain/image-reference.js';
import { compileRegistryPatterns } from '../registry-pattern.js';

export const DEFAULT_ALLOWED_REGISTRIES = [
  '*.dkr.ecr.*.amazonaws.com',
  '*.dkr.ecr.*.amazonaws.com.cn',
  '*.dkr.ecr-fips.*.amazonaws.com',
  'public.ecr.aws',
  'registry.k8s.io',
];

export const check = defineCheck<Workload, 'notAllowed'>({
  id: 'sc-registry-not-allowed',
  title: 'Image from a registry outside the allow-list',
  severity: 'medium',
  area: 'supply-chain',
  admission: true,
  description:
    'Images pulled from registries you do not control or vet (Docker Hub, random public registries) can be replaced, typo-squatted or withdrawn, and bypass the scanning and signing of your own registry. The registry is read as the runtime reads it: `nginx` comes from docker.io.',
  remediation:
    'Mirror the image into an allowed registry (your ECR, with pull-through cache if needed) and reference it there, or add the registry to `allowedRegistries` if it is trusted.',
  messages: {
    notAllowed: 'Container "{{container}}" pulls "{{image}}" from {{registry}}, which is not in the allowed registries ({{allowed}})',
  },
  links: [
    'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html',
    'https://github.com/distribution/reference/blob/main/normalize.go',
  ],
  options: {
    /** `host[:port][/repository-prefix]` entries; `*` matches within one DNS label or path segment. */
    allowedRegistries: DEFAULT_ALLOWED_REGISTRIES,
  },
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const sources = stringListOption(context.options, 'allowedRegistries');
    const patterns = compileRegistryPatterns(sources);
    for (const { ref, reference, path } of containerImages(workload, context)) {
      if (patterns.some((pattern) => pattern.matches(reference))) continue;
      const registry = hasExplicitRegistry(reference) ? reference.registry : `${reference.registry} (implied)`;
      context.fail(
        'notAllowed',
        { container: ref.name, image: reference.raw, registry, allowed: sources.join(', ') || 'none' },
        { container: ref.name, path },
      );
    }
  },
});
