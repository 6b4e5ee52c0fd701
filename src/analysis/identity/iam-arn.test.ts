import { describe, expect, it } from 'vitest';
import { accountOf, awsManagedPolicyName, iamPrincipalKind, parseArn, partitionOf, principalName, principalPath, roleKey, ssoPermissionSet } from './iam-arn.js';

describe('ARNs', () => {
  it('parses the five fixed parts and keeps colons in the resource', () => {
    expect(parseArn('arn:aws:lambda:eu-west-1:111122223333:function:app:live')).toEqual({
      partition: 'aws',
      service: 'lambda',
      region: 'eu-west-1',
      account: '111122223333',
      resource: 'function:app:live',
    });
    expect(parseArn('not-an-arn')).toBeUndefined();
    expect(parseArn('arn:aws:iam')).toBeUndefined();
    expect(accountOf('arn:aws:s3:::bucket')).toBeUndefined();
    expect(partitionOf('arn:aws-cn:iam::111122223333:role/x')).toBe('aws-cn');
  });

  it('tells principal kinds apart', () => {
    expect(iamPrincipalKind('arn:aws:iam::111122223333:role/path/app')).toBe('role');
    expect(iamPrincipalKind('arn:aws:iam::111122223333:user/alice')).toBe('user');
    expect(iamPrincipalKind('arn:aws:iam::111122223333:root')).toBe('root');
    expect(iamPrincipalKind('arn:aws:sts::111122223333:assumed-role/app/session')).toBe('assumed-role');
    expect(iamPrincipalKind('arn:aws:iam::111122223333:policy/p')).toBe('other');
  });

  it('finds a role by name regardless of path and case', () => {
    expect(principalName('arn:aws:iam::111122223333:role/teams/shop/api')).toBe('api');
    expect(principalPath('arn:aws:iam::111122223333:role/teams/shop/api')).toBe('/teams/shop/');
    expect(principalPath('arn:aws:iam::111122223333:role/api')).toBe('/');
    expect(roleKey('arn:aws:iam::111122223333:role/teams/API')).toBe(roleKey('arn:aws:iam::111122223333:role/api'));
    expect(roleKey('arn:aws:iam::111122223333:user/api')).toBeUndefined();
  });

  it('names AWS managed policies and IAM Identity Center permission sets', () => {
    expect(awsManagedPolicyName('arn:aws:iam::aws:policy/AdministratorAccess')).toBe('AdministratorAccess');
    expect(awsManagedPolicyName('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy')).toBe('AmazonEBSCSIDriverPolicy');
    expect(awsManagedPolicyName('arn:aws:iam::111122223333:policy/AdministratorAccess')).toBeUndefined();
    expect(ssoPermissionSet('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef')).toBe(
      'AdministratorAccess',
    );
    expect(ssoPermissionSet('arn:aws:iam::111122223333:role/AWSReservedSSO_x')).toBeUndefined();
  });
});
