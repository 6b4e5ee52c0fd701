import type { AwsData } from '../../../model/index.js';
import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, awsWith, CLUSTER_SOURCE, denied, describeCluster } from '../../cluster/test-support/aws-fixtures.js';
import { check } from './check.js';

type AccountState = NonNullable<NonNullable<AwsData['inspector2']>['accounts']>[number];

const state = (status: string, errorCode?: string, errorMessage?: string) => ({ status, errorCode, errorMessage });

function account(ec2: string, ecr: string, extra: Partial<Record<'ec2' | 'ecr', ReturnType<typeof state>>> = {}): AccountState {
  return {
    accountId: ACCOUNT,
    state: state(ec2 === 'ENABLED' || ecr === 'ENABLED' ? 'ENABLED' : 'DISABLED'),
    resourceState: {
      ec2: extra.ec2 ?? state(ec2),
      ecr: extra.ecr ?? state(ecr),
      lambda: state('DISABLED'),
      lambdaCode: state('DISABLED'),
      codeRepository: state('DISABLED'),
    },
  } as AccountState;
}

const withAccount = (entry: AccountState) => awsWith({ cluster: describeCluster(), inspector2: { accounts: [entry] } });

const FARGATE_NODE = `
apiVersion: v1
kind: Node
metadata:
  name: fargate-ip-10-0-12-34.eu-west-1.compute.internal
  labels: { eks.amazonaws.com/compute-type: fargate, topology.kubernetes.io/zone: eu-west-1a }
`;

describeCheck(check, {
  pass: [
    {
      name: 'EC2 and ECR scanning enabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAccount(account('ENABLED', 'ENABLED')),
    },
    {
      name: 'ECR scanning still enabling',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAccount(account('ENABLED', 'ENABLING')),
    },
    {
      name: 'Fargate-only cluster: EC2 scanning is moot',
      yaml: FARGATE_NODE,
      source: CLUSTER_SOURCE,
      aws: withAccount(account('DISABLED', 'ENABLED')),
    },
    {
      name: 'configured to require ECR scanning only',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { resourceTypes: ['ecr'] },
      aws: withAccount(account('DISABLED', 'ENABLED')),
    },
  ],
  fail: [
    {
      name: 'Inspector never enabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAccount(account('DISABLED', 'DISABLED')),
      expect: [
        {
          resource: `AWSAccount/${ACCOUNT}`,
          path: 'resourceState.ec2.status',
          severity: 'low',
          message: `Amazon Inspector EC2 scanning (node OS and package vulnerabilities) is DISABLED in account ${ACCOUNT} (eu-west-1)`,
        },
        { resource: `AWSAccount/${ACCOUNT}`, path: 'resourceState.ecr.status', message: 'ECR scanning (container image vulnerabilities) is DISABLED' },
      ],
    },
    {
      name: 'EC2 scanning suspended with an error',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAccount(account('SUSPENDED', 'ENABLED', { ec2: state('SUSPENDED', 'ACCESS_DENIED', 'Inspector is missing permissions to scan EC2.') })),
      expect: [{ path: 'resourceState.ec2.status', message: 'is SUSPENDED in account 111122223333 (eu-west-1) (ACCESS_DENIED: Inspector is missing permissions to scan EC2.)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'BatchGetAccountStatus denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('inspector2', 'BatchGetAccountStatus')],
      expect: [{ message: /inspector2:BatchGetAccountStatus failed during collection \(AccessDenied/ }],
    },
    {
      name: 'account status without resource states',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAccount({ accountId: ACCOUNT, state: state('ENABLED') } as AccountState),
      expect: [{ resource: `AWSAccount/${ACCOUNT}`, message: 'no resourceState for ec2, ecr' }],
    },
  ],
});
