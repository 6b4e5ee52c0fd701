import { describe, expect, it } from 'vitest';
import { launchTemplateLabel, nodegroupLaunchTemplate } from './launch-templates.js';
import { denied, launchTemplateVersion, nodegroup, withLaunchTemplate } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const versions = [launchTemplateVersion(LT, 1, {}), launchTemplateVersion(LT, 2, {}), launchTemplateVersion(LT, 3, {})];

describe('nodegroupLaunchTemplate', () => {
  it('is undefined for a group without a launch template of its own', () => {
    expect(nodegroupLaunchTemplate(view({ ec2: { launchTemplateVersions: versions } }), nodegroup('general'))).toBeUndefined();
  });

  it('resolves a numbered version by id or by name', () => {
    const byId = nodegroupLaunchTemplate(view({ ec2: { launchTemplateVersions: versions } }), withLaunchTemplate(nodegroup('general'), LT, 2));
    expect(byId?.version?.VersionNumber).toBe(2);
    expect(byId?.label).toBe('launch template ng-lt (lt-0a1b2c3d4e5f60001) version 2');
    const byName = nodegroupLaunchTemplate(view({ ec2: { launchTemplateVersions: versions } }), { ...nodegroup('general'), launchTemplate: { name: 'ng-lt', version: '3' } });
    expect(byName?.version?.VersionNumber).toBe(3);
  });

  it('matches by id when the group names both id and name', () => {
    const other = launchTemplateVersion('lt-0other0000000001', 1, { KeyName: 'other' }, 'ng-lt');
    const found = nodegroupLaunchTemplate(view({ ec2: { launchTemplateVersions: [...versions, other] } }), withLaunchTemplate(nodegroup('general'), 'lt-0other0000000001', 1));
    expect(found?.version?.LaunchTemplateData?.KeyName).toBe('other');
  });

  it('resolves $Latest and $Default', () => {
    const latest = nodegroupLaunchTemplate(view({ ec2: { launchTemplateVersions: versions } }), { ...nodegroup('general'), launchTemplate: { id: LT, version: '$Latest' } });
    expect(latest?.version?.VersionNumber).toBe(3);
    const byDefault = nodegroupLaunchTemplate(view({ ec2: { launchTemplateVersions: versions } }), { ...nodegroup('general'), launchTemplate: { id: LT } });
    expect(byDefault?.version?.VersionNumber).toBe(1);
  });

  it('says why a version is missing', () => {
    const missing = nodegroupLaunchTemplate(view({}, { errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT)] }), withLaunchTemplate(nodegroup('general'), LT, 9));
    expect(missing?.version).toBeUndefined();
    expect(missing?.label).toBe('launch template ng-lt (lt-0a1b2c3d4e5f60001) version 9');
    expect(missing?.missing).toMatch(/^ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed during collection/);
    expect(launchTemplateLabel({ LaunchTemplateId: LT, VersionNumber: 4 })).toBe(`launch template ${LT} version 4`);
  });
});
