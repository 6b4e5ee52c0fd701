import { describe, expect, it } from 'vitest';
import { lookupRole, noSuchEntity, rolePolicies } from './iam-roles.js';
import { ADMIN_POLICY_ARN, allowDoc, awsError, role, roleArn } from '../../checks/identity/test-support/aws-fixtures.js';
import { awsInventory } from '../../checks/identity/test-support/inventory.js';

describe('IAM roles of a snapshot', () => {
  const withPath = role('api', { path: '/teams/shop/' });
  const inventory = awsInventory(
    { iam: { roles: [withPath] } },
    { errors: [awsError('iam', 'GetRole', 'NoSuchEntity', roleArn('gone')), awsError('iam', 'GetRole', 'AccessDenied', roleArn('secret'))] },
  );

  it('finds a role by its ARN, by a path-less ARN and regardless of name case', () => {
    expect(lookupRole(inventory, withPath.Role.Arn ?? '').status).toBe('found');
    expect(lookupRole(inventory, roleArn('api')).status).toBe('found');
    expect(lookupRole(inventory, roleArn('API')).status).toBe('found');
  });

  it('tells a deleted role from one that could not be read or was not collected', () => {
    expect(lookupRole(inventory, roleArn('gone')).status).toBe('missing');
    expect(noSuchEntity(inventory, roleArn('gone', '111122223333', '/any/path/'))).toBeDefined();
    const denied = lookupRole(inventory, roleArn('secret'));
    expect(denied.status === 'unknown' && denied.reason).toMatch(/iam:GetRole for .*secret failed during collection \(AccessDenied/);
    const never = lookupRole(inventory, roleArn('never'));
    expect(never.status === 'unknown' && never.reason).toMatch(/iam:GetRole for .*never was not collected/);
  });

  it('labels policies, recognises admin managed policies without a document, and lists missing ones', () => {
    const record = role('app', {
      attached: [{ arn: ADMIN_POLICY_ARN }, { arn: 'arn:aws:iam::111122223333:policy/app', document: allowDoc('s3:GetObject') }, { arn: 'arn:aws:iam::111122223333:policy/other' }],
      inline: [{ name: 'inline-ok', document: allowDoc('sqs:SendMessage') }, { name: 'inline-missing' }],
      boundary: 'arn:aws:iam::111122223333:policy/boundary',
    });
    const policies = rolePolicies(inventory, record);
    expect(policies.policies.map((policy) => [policy.label, policy.path])).toEqual([
      ['managed policy AdministratorAccess', ['AttachedPolicies', 0, 'PolicyArn']],
      ['managed policy app', ['AttachedPolicies', 1, 'Document']],
      ['inline policy inline-ok', ['InlinePolicies', 0, 'Document']],
    ]);
    expect(policies.missing.map((missing) => missing.label)).toEqual(['managed policy other', 'inline policy inline-missing']);
    expect(policies.boundary).toBe('arn:aws:iam::111122223333:policy/boundary');
  });

  it('treats absent policy lists as not collected', () => {
    const record = { ...role('bare'), AttachedPolicies: undefined, InlinePolicies: undefined };
    expect(rolePolicies(inventory, record).missing.map((missing) => missing.reason)).toEqual([
      expect.stringMatching(/iam:ListAttachedRolePolicies/),
      expect.stringMatching(/iam:ListRolePolicies/),
    ]);
  });
});
