import { describeCheck } from '../../test-support/check-tester.js';
import { awsError, CLUSTER_SOURCE, repository, repositoryArn } from '../../identity/test-support/aws-fixtures.js';
import { check } from './check.js';

const wildcard = (filter: string) => [{ filter, filterType: 'WILDCARD' as const }];

describeCheck(check, {
  pass: [
    {
      name: 'enhanced continuous scanning of every repository',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api'), repository('shop/web')],
          registryScanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: wildcard('*') }] },
        },
      },
    },
    {
      name: 'basic scanning: a scan-on-push rule by substring, and a repository with its own scanOnPush',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api'), repository('tools/debug', { imageScanningConfiguration: { scanOnPush: true } })],
          registryScanningConfiguration: { scanType: 'BASIC', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: wildcard('shop') }] },
        },
      },
    },
  ],
  fail: [
    {
      name: 'enhanced scanning whose filters miss a repository (repository scanOnPush does not count)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('prod-api'), repository('api-prod', { imageScanningConfiguration: { scanOnPush: true } })],
          registryScanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: wildcard('prod*') }] },
        },
      },
      expect: [
        {
          resource: repositoryArn('api-prod'),
          path: 'registryScanningConfiguration.rules',
          severity: 'medium',
          message: 'ECR repository api-prod is not scanned: enhanced scanning is on, but no CONTINUOUS_SCAN or SCAN_ON_PUSH rule filter matches it',
        },
      ],
    },
    {
      name: 'default basic scanning without rules',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api'), repository('shop/web', { imageScanningConfiguration: {} })], registryScanningConfiguration: { scanType: 'BASIC', rules: [] } } },
      expect: [
        { resource: repositoryArn('shop/api'), path: 'imageScanningConfiguration.scanOnPush', message: 'its scanOnPush is false' },
        { resource: repositoryArn('shop/web'), path: 'imageScanningConfiguration.scanOnPush', message: 'its scanOnPush is not set' },
      ],
    },
    {
      name: 'basic scanning with a MANUAL rule only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api')], registryScanningConfiguration: { scanType: 'BASIC', rules: [{ scanFrequency: 'MANUAL', repositoryFilters: wildcard('*') }] } } },
      expect: [{ resource: repositoryArn('shop/api') }],
    },
  ],
  notEvaluated: [
    {
      name: 'repositories not listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {},
      errors: [awsError('ecr', 'DescribeRepositories', 'AccessDeniedException')],
      expect: [{ resource: '111122223333', message: /ecr:DescribeRepositories failed during collection \(AccessDeniedException/ }],
    },
    {
      name: 'registry scanning configuration denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api')] } },
      errors: [awsError('ecr', 'GetRegistryScanningConfiguration', 'AccessDeniedException')],
      expect: [{ resource: repositoryArn('shop/api'), message: /ecr:GetRegistryScanningConfiguration failed during collection/ }],
    },
  ],
});
