/**
 * For `npm run bench`: the fixture account plus `count` synthetic IRSA roles, each with a trust
 * policy, one shared managed policy and one inline policy, the way a large platform's workload
 * roles look. Pass `roleArns` to the collector as `extraRoleArns`.
 */
import type { FakeAccount, FakeIamRole } from './account.js';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from './server.js';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60';

export function withIamRoles(account: FakeAccount, count: number): { account: FakeAccount; roleArns: string[] } {
  const roles: FakeIamRole[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `bench-workload-${String(i).padStart(4, '0')}`;
    const arn = `arn:aws:iam::${account.accountId}:role/workloads/${name}`;
    roles.push({
      Role: {
        Path: '/workloads/',
        RoleName: name,
        RoleId: `AROABENCH${String(i).padStart(12, '0')}`,
        Arn: arn,
        CreateDate: '2025-01-01T00:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${account.accountId}:oidc-provider/${ISSUER}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { [`${ISSUER}:sub`]: `system:serviceaccount:team-${i % 50}:app-${i}`, [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
              },
            },
          ],
        },
      },
      AttachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'],
      InlinePolicies: {
        data: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bench-bucket-${i}/*` }],
        },
      },
    });
  }
  return {
    account: { ...account, iam: { ...account.iam, roles: [...account.iam.roles, ...roles] } },
    roleArns: roles.map((role) => role.Role.Arn as string),
  };
}

/** Starts a fake serving `account` with `count` extra IAM roles; page size 100 as IAM's default. */
export async function startFakeAwsWithRoles(
  account: FakeAccount,
  count: number,
  options: Omit<FakeAwsOptions, 'account'> = {},
): Promise<{ fake: FakeAws; roleArns: string[] }> {
  const { account: big, roleArns } = withIamRoles(account, count);
  const fake = await startFakeAws({ pageSize: 100, ...options, account: big });
  return { fake, roleArns };
}
