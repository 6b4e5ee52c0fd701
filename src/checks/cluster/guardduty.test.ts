import { describe, expect, it } from 'vitest';
import { detectorResource, detectorTargets, detectorUnread, findFeatures, guardDutyMissing } from './guardduty.js';
import { ACCOUNT, awsWith, denied, detector, DETECTOR_ARN, DETECTOR_ID } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

describe('GuardDuty detectors', () => {
  it('targets each detector by ARN, or the account when there is none', () => {
    const one = inventoryOf({ aws: awsWith({ guardduty: { detectors: [detector()] } }) });
    expect(detectorTargets(one).map((target) => target.resource)).toEqual([{ kind: 'GuardDutyDetector', name: DETECTOR_ARN }]);
    const none = inventoryOf({ aws: awsWith({ guardduty: { detectors: [] } }) });
    expect(detectorTargets(none).map((target) => target.resource)).toEqual([{ kind: 'AWSAccount', name: ACCOUNT }]);
    expect(detectorResource(detector(), inventoryOf({ source: { type: 'manifests' } })).name).toBe(DETECTOR_ID);
  });

  it('finds features with the path to their status', () => {
    const found = findFeatures(detector(), ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']);
    expect(found.map(({ feature, path }) => [feature.Name, path])).toEqual([
      ['EKS_RUNTIME_MONITORING', ['Features', 7, 'Status']],
      ['RUNTIME_MONITORING', ['Features', 9, 'Status']],
    ]);
  });

  it('says why detectors or their settings are missing', () => {
    const inventory = inventoryOf({ errors: [denied('guardduty', 'GetDetector', DETECTOR_ID)] });
    expect(guardDutyMissing(inventory)).toMatch(/^guardduty:GetDetector failed during collection/);
    expect(detectorUnread(inventory, { DetectorId: DETECTOR_ID } as ReturnType<typeof detector>)).toMatch(/guardduty:GetDetector for 12abc/);
    expect(detectorUnread(inventory, detector())).toBeUndefined();
  });
});
