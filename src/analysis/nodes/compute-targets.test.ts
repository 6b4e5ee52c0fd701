import { describe, expect, it } from 'vitest';
import { computeMissing, computeTargets } from './compute-targets.js';
import { denied, instance, nodegroup, nodegroupArn } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

describe('compute targets', () => {
  it('lists managed node groups, then pools of other instances', () => {
    const targets = computeTargets(view({ eks: { nodegroups: [nodegroup('general')] }, ec2: { instances: [instance('i-1', 'general'), instance('i-2', undefined)] } }));
    expect(targets.map((target) => [target.resource.name, target.label])).toEqual([
      [nodegroupArn('general'), 'node group general'],
      ['i-2', 'instance i-2'],
    ]);
  });

  it('is missing only when neither node groups nor instances were collected', () => {
    expect(computeMissing(view({ eks: { nodegroups: [] } }))).toBeUndefined();
    expect(computeMissing(view({ ec2: { instances: [] } }))).toBeUndefined();
    expect(computeMissing(view({}, { errors: [denied('eks', 'ListNodegroups')] }))).toMatch(/eks:ListNodegroups failed.*; ec2:DescribeInstances was not collected/);
  });
});
