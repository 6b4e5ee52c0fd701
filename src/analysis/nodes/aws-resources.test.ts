import { describe, expect, it } from 'vitest';
import { CALLS, listSome, missingReason, nodegroupRef, plural, securityGroupRef, subnetById, tagValue } from './aws-resources.js';
import { denied, nodegroup, nodegroupArn, securityGroup, subnet } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

describe('aws-resources', () => {
  it('names the first failed call of a chain, else the call that yields the data', () => {
    const chain = [CALLS.listNodegroups, CALLS.describeNodegroup];
    expect(missingReason(view(undefined, { errors: [denied('eks', 'ListNodegroups')] }), chain)).toMatch(/^eks:ListNodegroups failed during collection \(AccessDenied/);
    expect(missingReason(view(undefined), chain)).toBe('eks:DescribeNodegroup was not collected');
    expect(missingReason(view(undefined, { manifests: true }), chain)).toMatch(/a manifests scan does not have/);
    expect(missingReason(view(undefined, { errors: [denied('ec2', 'DescribeSecurityGroups', 'sg-1')] }), [CALLS.describeSecurityGroups], 'sg-1')).toMatch(
      /^ec2:DescribeSecurityGroups for sg-1 failed/,
    );
  });

  it('names resources by ARN when the API gives one', () => {
    expect(nodegroupRef(nodegroup('general'))).toEqual({ kind: 'Nodegroup', name: nodegroupArn('general') });
    expect(nodegroupRef({ nodegroupName: 'bare' })).toEqual({ kind: 'Nodegroup', name: 'bare' });
    expect(securityGroupRef({ GroupId: 'sg-1' })).toEqual({ kind: 'SecurityGroup', name: 'sg-1' });
    expect(securityGroupRef(securityGroup('sg-2', []))).toEqual({ kind: 'SecurityGroup', name: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-2' });
  });

  it('indexes subnets only when collected, and reads tags', () => {
    expect(subnetById(view({ ec2: {} }))).toBeUndefined();
    expect(subnetById(view({ ec2: { subnets: [subnet('subnet-a', true)] } }))?.get('subnet-a')?.MapPublicIpOnLaunch).toBe(true);
    expect(tagValue([{ Key: 'a', Value: '1' }], 'a')).toBe('1');
    expect(tagValue(undefined, 'a')).toBeUndefined();
  });

  it('keeps lists short in messages', () => {
    expect(listSome(['a', 'b'])).toBe('a, b');
    expect(listSome(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
    expect(plural(1, 'instance')).toBe('1 instance');
    expect(plural(2, 'instance')).toBe('2 instances');
  });
});
