import { describe, expect, it } from 'vitest';
import { describeUses, irsaServiceAccounts, podIdentityRoles, workloadRoles, workloadsRunningAs } from './workload-roles.js';
import { allowDoc, association, deploymentYaml, OTHER_ACCOUNT, roleArn, serviceAccountYaml, yamlStream } from '../../checks/identity/test-support/aws-fixtures.js';
import { awsInventory } from '../../checks/identity/test-support/inventory.js';

const yaml = yamlStream(
  serviceAccountYaml('shop', 'api', roleArn('shop-api')),
  serviceAccountYaml('shop', 'web', `  ${roleArn('Shop-API', '111122223333', '/apps/')}  `),
  serviceAccountYaml('shop', 'plain'),
  serviceAccountYaml('ops', 'bad', 'not-an-arn'),
  deploymentYaml('shop', 'api', 'api'),
  deploymentYaml('shop', 'web', 'web'),
  `apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: ops }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: reporter
          containers: [{ name: report, image: busybox:1.36 }]
`,
);

describe('workload roles', () => {
  const inventory = awsInventory(
    {
      eks: {
        podIdentityAssociations: [
          association('ops', 'reporter', roleArn('reporter-hop'), { targetRoleArn: roleArn('reporter', OTHER_ACCOUNT), policy: JSON.stringify(allowDoc('s3:GetObject')) }),
          association('shop', 'orders', roleArn('shop-orders')),
        ],
      },
    },
    { yaml },
  );

  it('reads IRSA annotations, trimmed, and keeps invalid ones for the mismatch check', () => {
    expect(irsaServiceAccounts(inventory).map((account) => [account.namespace, account.name, account.roleArn])).toEqual([
      ['shop', 'api', roleArn('shop-api')],
      ['shop', 'web', roleArn('Shop-API', '111122223333', '/apps/')],
      ['ops', 'bad', 'not-an-arn'],
    ]);
  });

  it('groups uses per role however the ARN is written; Pod Identity target roles hold the permissions', () => {
    const roles = workloadRoles(inventory);
    expect(roles.map((role) => [role.arn, role.uses.map((use) => `${use.via}:${use.namespace}/${use.serviceAccount}`)])).toEqual([
      [roleArn('shop-api'), ['irsa:shop/api', 'irsa:shop/web']],
      [roleArn('reporter', OTHER_ACCOUNT), ['pod-identity-target:ops/reporter']],
      [roleArn('shop-orders'), ['pod-identity:shop/orders']],
    ]);
    expect(roles[1]?.uses[0]?.sessionPolicy).toEqual(allowDoc('s3:GetObject'));
    expect(podIdentityRoles(inventory).map((role) => role.arn)).toEqual([roleArn('reporter-hop'), roleArn('shop-orders')]);
  });

  it('names service accounts with the workloads that run as them', () => {
    expect(workloadsRunningAs(inventory, 'ops', 'reporter').map((workload) => workload.resource.name)).toEqual(['report']);
    expect(describeUses(inventory, workloadRoles(inventory)[0]?.uses ?? [])).toBe(
      'ServiceAccount shop/api via IRSA (Deployment shop/api), ServiceAccount shop/web via IRSA (Deployment shop/web)',
    );
    expect(describeUses(inventory, workloadRoles(inventory)[2]?.uses ?? [])).toBe('ServiceAccount shop/orders via Pod Identity (no workload runs as it)');
  });
});
