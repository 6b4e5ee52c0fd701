import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, awsError, CLUSTER_SOURCE, OTHER_ACCOUNT, repository, repositoryArn } from '../../identity/test-support/aws-fixtures.js';
import { check } from './check.js';

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const policy = (...statements: Array<Record<string, unknown>>) => ({ Version: '2012-10-17', Statement: statements.map((statement) => ({ Effect: 'Allow', ...statement })) });

describeCheck(check, {
  pass: [
    {
      name: 'no policy, a policy naming an account, and an organisation-wide pull',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api'), repository('shop/web'), repository('base/python')],
          repositoryPolicies: {
            'shop/web': policy({ Sid: 'StagingPull', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: PULL }),
            'base/python': policy({ Sid: 'OrgPull', Principal: '*', Action: PULL, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
          },
        },
      },
    },
    {
      name: 'public statement cancelled by a Deny for callers outside the organisation',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api')],
          repositoryPolicies: {
            'shop/api': policy(
              { Principal: '*', Action: PULL },
              { Effect: 'Deny', Principal: '*', Action: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
            ),
          },
        },
      },
    },
  ],
  fail: [
    {
      name: 'every account\'s roles named ci-* may push (a principal-name condition is no account boundary)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api')],
          repositoryPolicies: {
            'shop/api': policy({ Sid: 'CiPush', Principal: '*', Action: 'ecr:*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*' } } }),
          },
        },
      },
      expect: [{ resource: repositoryArn('shop/api'), severity: 'critical' }],
    },
    {
      name: 'anyone may pull; anyone may push',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('public/demo'), repository('shop/api')],
          repositoryPolicies: {
            'public/demo': policy({ Sid: 'AllowPull', Principal: { AWS: '*' }, Action: PULL }),
            'shop/api': policy({ Sid: 'CrossAccountPull', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: PULL }, { Sid: 'Everyone', Principal: '*', Action: 'ecr:*' }),
          },
        },
      },
      expect: [
        {
          resource: repositoryArn('public/demo'),
          path: 'policyText.Statement[0]',
          severity: 'high',
          message: 'Repository policy of ECR repository public/demo lets any AWS account pull images (Statement[0] "AllowPull")',
        },
        {
          resource: repositoryArn('shop/api'),
          path: 'policyText.Statement[1]',
          severity: 'critical',
          message: 'lets any AWS account push images, delete images or the repository, change the repository policy, pull images (Statement[1] "Everyone")',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'public pull denied outside a source network (AWS\'s documented pattern with aws:ViaAWSService)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api')],
          repositoryPolicies: {
            'shop/api': policy(
              { Principal: '*', Action: PULL },
              { Effect: 'Deny', Principal: '*', Action: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, Bool: { 'aws:ViaAWSService': 'false' } } },
            ),
          },
        },
      },
    },
    {
      name: 'GetRepositoryPolicy denied for one repository',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { ecr: { repositories: [repository('shop/api')], repositoryPolicies: {} } },
      errors: [awsError('ecr', 'GetRepositoryPolicy', 'AccessDeniedException', 'shop/api')],
      expect: [{ resource: repositoryArn('shop/api'), message: /ecr:GetRepositoryPolicy for shop\/api failed during collection/ }],
    },
    {
      name: 'public only from some source IPs',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        ecr: {
          repositories: [repository('shop/api')],
          repositoryPolicies: { 'shop/api': policy({ Principal: '*', Action: PULL, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }) },
        },
      },
      expect: [{ resource: repositoryArn('shop/api'), message: /conditions eksguard cannot decide \(aws:SourceIp\)/ }],
    },
    {
      name: 'repositories not listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [awsError('ecr', 'DescribeRepositories', 'AccessDeniedException')],
      expect: [{ message: /ecr:DescribeRepositories failed/ }],
    },
  ],
});
