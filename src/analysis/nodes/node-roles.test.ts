import { describe, expect, it } from 'vitest';
import { lookupProblem, nodeRolesMissing, nodeRoleTargets } from './node-roles.js';
import { ACCOUNT, denied, nodegroup, NODE_ROLE, role } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

const AUTO = `arn:aws:iam::${ACCOUNT}:role/prod-auto-node`;
const PATHED = `arn:aws:iam::${ACCOUNT}:role/eks/prod-eks-node`;

describe('node roles', () => {
  it('finds roles from node groups, node access entries and aws-auth node mappings, once per role', () => {
    const awsAuth = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'aws-auth', namespace: 'kube-system' },
      data: {
        mapRoles: [
          `- rolearn: ${NODE_ROLE}`,
          '  username: system:node:{{EC2PrivateDNSName}}',
          '  groups: [system:bootstrappers, system:nodes]',
          `- rolearn: arn:aws:iam::${ACCOUNT}:role/fargate`,
          '  username: system:node:{{SessionName}}',
          '  groups: [system:bootstrappers, system:nodes, system:node-proxier]',
          `- rolearn: arn:aws:iam::${ACCOUNT}:role/admins`,
          '  username: admin',
          '  groups: [system:masters]',
        ].join('\n'),
      },
    };
    const inventory = view(
      {
        eks: {
          nodegroups: [nodegroup('general', { nodeRole: PATHED })],
          accessEntries: [
            { accessEntry: { principalArn: AUTO, type: 'EC2' }, associatedAccessPolicies: [] },
            { accessEntry: { principalArn: `arn:aws:iam::${ACCOUNT}:role/dev`, type: 'STANDARD' }, associatedAccessPolicies: [] },
          ],
        },
        iam: { roles: [role(PATHED, [])] },
      },
      { objects: [awsAuth] },
    );
    const targets = nodeRoleTargets(inventory);
    expect(targets.map((target) => [target.arn, target.users, target.lookup.status])).toEqual([
      [PATHED, ['node group general', 'aws-auth mapRoles[0]'], 'found'],
      [AUTO, ['access entry (EC2)'], 'unknown'],
    ]);
    expect(lookupProblem(targets[0]!)).toBeUndefined();
    expect(lookupProblem(targets[1]!)).toMatch(/^The node role arn:aws:iam::111122223333:role\/prod-auto-node \(access entry \(EC2\)\) is unknown: iam:GetRole/);
  });

  it('reports a role that no longer exists', () => {
    const inventory = view({ eks: { nodegroups: [nodegroup('general')] }, iam: { roles: [] } }, { errors: [{ ...denied('iam', 'GetRole', NODE_ROLE), code: 'NoSuchEntity', message: 'The role with name prod-eks-node cannot be found.' }] });
    expect(lookupProblem(nodeRoleTargets(inventory)[0]!)).toMatch(/no longer exists \(GetRole: The role with name prod-eks-node cannot be found\.\)/);
  });

  it('is missing only when nothing names a node role', () => {
    expect(nodeRolesMissing(view({ eks: { nodegroups: [] } }))).toBeUndefined();
    expect(nodeRolesMissing(view({}, { errors: [denied('eks', 'ListNodegroups')] }))).toMatch(/eks:ListNodegroups failed/);
  });
});
