import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { effectiveTag, parseImageReference, qualifiedName } from '../../../analysis/supply-chain/image-reference.js';
import { isMissing, repositoryTargets, type EcrRepository, type MissingTarget, type RepositoryTarget } from '../sc-ecr-scan-off/ecr-data.js';

interface TagUse {
  workload: string;
  tag: string;
}

/** Images the cluster runs by tag, by repository (`<registry>/<repository>`, as repositoryUri writes it). */
function tagUses(inventory: InventoryView): Map<string, TagUse[]> {
  return inventory.cached('supply-chain:ecr-tag-uses', () => {
    const uses = new Map<string, TagUse[]>();
    for (const workload of inventory.workloads()) {
      for (const { container } of workload.containers) {
        const parsed = container.image ? parseImageReference(container.image) : undefined;
        if (!parsed?.ok) continue;
        const tag = effectiveTag(parsed.reference);
        if (tag === undefined) continue;
        const key = qualifiedName(parsed.reference).toLowerCase();
        let list = uses.get(key);
        if (!list) uses.set(key, (list = []));
        const label = `${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`;
        if (!list.some((use) => use.workload === label && use.tag === tag)) list.push({ workload: label, tag });
      }
    }
    return uses;
  });
}

/** Tag exclusion filters: `*` stands for any characters; without one the tag must be equal. */
function tagFilterMatches(filter: string, tag: string): boolean {
  const source = filter
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(tag);
}

function exclusions(repository: EcrRepository): string[] {
  return (repository.imageTagMutabilityExclusionFilters ?? []).map((filter) => filter.filter ?? '').filter((filter) => filter !== '');
}

function usesText(uses: readonly TagUse[]): string {
  return listText(uses.map((use) => `${use.workload} (:${use.tag})`), 3);
}

/**
 * MUTABLE and MUTABLE_WITH_EXCLUSION let a push move an existing tag to other content. With
 * IMMUTABLE_WITH_EXCLUSION only the excluded tags move, so it fails only when the cluster runs
 * one of those tags. The message names the workloads that pull the repository by tag, whose
 * next pull may then fetch something else.
 */
export const check = defineCheck<RepositoryTarget | MissingTarget, 'mutable' | 'mutableExcept' | 'excludedInUse'>({
  id: 'sc-ecr-mutable-tags',
  title: 'ECR repository allows image tags to be overwritten',
  severity: 'low',
  area: 'supply-chain',
  needs: ['aws'],
  description:
    'With mutable tags, pushing an image under an existing tag silently replaces what that tag means: nodes pulling `app:1.4.2` after the push (a reschedule, a new node) run different code than the rest of the Deployment, and a stolen push credential can swap a release in place.',
  remediation:
    'Set the repository to IMMUTABLE (`aws ecr put-image-tag-mutability --repository-name <name> --image-tag-mutability IMMUTABLE`), or IMMUTABLE_WITH_EXCLUSION for a few development tags; deploy by digest where possible.',
  messages: {
    mutable: 'ECR repository {{name}} has mutable tags (imageTagMutability MUTABLE){{usedBy}}',
    mutableExcept: 'ECR repository {{name}} has mutable tags except those matching {{filters}} (MUTABLE_WITH_EXCLUSION){{usedBy}}',
    excludedInUse: 'ECR repository {{name}} is immutable except tags matching {{filters}}, and the cluster runs such tags: {{uses}}',
  },
  links: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html', 'https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html'],
  targets: (inventory) => repositoryTargets(inventory),
  evaluate(target, context) {
    if (isMissing(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const { repository, name } = target;
    const mutability = repository.imageTagMutability;
    if (mutability === undefined) {
      context.notEvaluated(`DescribeRepositories returned no imageTagMutability for ${name}`);
      return;
    }
    if (mutability === 'IMMUTABLE') return;
    const uses = tagUses(context.inventory).get((repository.repositoryUri ?? '').toLowerCase()) ?? [];
    const filters = exclusions(repository);
    const path = ['imageTagMutability'];
    const fix = {
      kind: 'suggestion' as const,
      description: `aws ecr put-image-tag-mutability --repository-name ${name} --image-tag-mutability IMMUTABLE (pipelines that re-push a tag must then use new tags)`,
      operations: [{ op: 'replace' as const, path: '/imageTagMutability', value: 'IMMUTABLE' }],
    };
    if (mutability === 'IMMUTABLE_WITH_EXCLUSION') {
      const moving = uses.filter((use) => filters.some((filter) => tagFilterMatches(filter, use.tag)));
      if (moving.length > 0) context.fail('excludedInUse', { name, filters: filters.join(', '), uses: usesText(moving) }, { path: ['imageTagMutabilityExclusionFilters'] });
      return;
    }
    const movable = mutability === 'MUTABLE_WITH_EXCLUSION' ? uses.filter((use) => !filters.some((filter) => tagFilterMatches(filter, use.tag))) : uses;
    const usedBy = movable.length > 0 ? `; the cluster pulls it by tag: ${usesText(movable)}` : '';
    if (mutability === 'MUTABLE_WITH_EXCLUSION') context.fail('mutableExcept', { name, filters: filters.join(', '), usedBy }, { path, fix });
    else context.fail('mutable', { name, usedBy }, { path, fix });
  },
});
