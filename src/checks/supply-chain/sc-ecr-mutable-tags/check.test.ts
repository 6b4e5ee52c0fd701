import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, awsError, CLUSTER_SOURCE, deploymentYaml, REGION, repository, repositoryArn, yamlStream } from '../../identity/test-support/aws-fixtures.js';
import { check } from './check.js';

const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const workloads = yamlStream(
  deploymentYaml('shop', 'api', 'api', `${REGISTRY}/shop/api:1.4.2`),
  deploymentYaml('shop', 'api-dev', 'api', `${REGISTRY}/shop/api:dev-latest`),
  deploymentYaml('shop', 'web', 'web', `${REGISTRY}/shop/web@sha256:${'a'.repeat(64)}`),
);
const excluded = (filter: string) => [{ filter, filterType: 'WILDCARD' as const }];

describeCheck(check, {
  pass: [
    { name: 'immutable repository', yaml: workloads, source: CLUSTER_SOURCE, aws: { ecr: { repositories: [repository('shop/api', { imageTagMutability: 'IMMUTABLE' })] } } },
    {
      name: 'immutable with exclusions the cluster does not run',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api', { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: excluded('pr-*') })] } },
    },
  ],
  fail: [
    {
      name: 'mutable repositories, one pulled by tag and one by digest',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api'), repository('shop/web')] } },
      expect: [
        {
          resource: repositoryArn('shop/api'),
          path: 'imageTagMutability',
          severity: 'low',
          message: 'ECR repository shop/api has mutable tags (imageTagMutability MUTABLE); the cluster pulls it by tag: Deployment shop/api (:1.4.2), Deployment shop/api-dev (:dev-latest)',
        },
        { resource: repositoryArn('shop/web'), message: /^ECR repository shop\/web has mutable tags \(imageTagMutability MUTABLE\)$/ },
      ],
    },
    {
      name: 'immutable except dev-* while the cluster runs a dev tag',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api', { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: excluded('dev-*') })] } },
      expect: [{ resource: repositoryArn('shop/api'), path: 'imageTagMutabilityExclusionFilters', message: 'and the cluster runs such tags: Deployment shop/api-dev (:dev-latest)' }],
    },
    {
      name: 'mutable except release tags',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api', { imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: excluded('1.*') })] } },
      expect: [{ resource: repositoryArn('shop/api'), message: 'except those matching 1.* (MUTABLE_WITH_EXCLUSION); the cluster pulls it by tag: Deployment shop/api-dev (:dev-latest)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'repositories not listed',
      yaml: workloads,
      source: CLUSTER_SOURCE,
      errors: [awsError('ecr', 'DescribeRepositories', 'AccessDeniedException')],
      expect: [{ message: /ecr:DescribeRepositories failed during collection \(AccessDeniedException/ }],
    },
  ],
});
