/**
 * ECR repositories of the snapshot (DescribeRepositories) as check targets, shared by the ECR
 * checks of this area, and the repository filters ECR uses in scanning rules.
 */
import type { AwsSnapshotData, Target } from '../../../model/index.js';
import { awsMissingReason, type InventoryView } from '../../../inventory/index.js';

type EcrData = NonNullable<AwsSnapshotData['ecr']>;
export type EcrRepository = NonNullable<EcrData['repositories']>[number];
export type ScanningRule = NonNullable<NonNullable<EcrData['registryScanningConfiguration']>['rules']>[number];

export interface RepositoryTarget extends Target {
  repository: EcrRepository;
  name: string;
}

export interface MissingTarget extends Target {
  missing: string;
}

export function isMissing(target: RepositoryTarget | MissingTarget): target is MissingTarget {
  return 'missing' in target;
}

/** One target per repository; without the list, one target saying why it is missing. */
export function repositoryTargets(inventory: InventoryView): Array<RepositoryTarget | MissingTarget> {
  const repositories = inventory.aws?.ecr?.repositories;
  if (!repositories) {
    return [
      {
        resource: { kind: 'ECRRegistry', name: inventory.source.accountId ?? inventory.source.cluster ?? 'registry' },
        missing: awsMissingReason(inventory, { service: 'ecr', operation: 'DescribeRepositories' }),
      },
    ];
  }
  return repositories.map((repository) => {
    const name = repository.repositoryName ?? '';
    return { resource: { kind: 'ECRRepository', name: repository.repositoryArn ?? name }, repository, name };
  });
}

/**
 * A scanning rule's WILDCARD filter: without `*` it matches every name that contains it, with
 * `*` the whole name, each `*` standing for any characters (ECR user guide, "Filter wildcards").
 */
export function scanFilterMatches(filter: string, repositoryName: string): boolean {
  if (!filter.includes('*')) return repositoryName.includes(filter);
  const source = filter
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(repositoryName);
}
