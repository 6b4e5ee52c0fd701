/**
 * GuardDuty detectors (ListDetectors + GetDetector) of the cluster's account and region, for the
 * monitoring checks. `Features` is the current API; `DataSources` the deprecated one it replaced.
 */
import type { AwsSnapshotData, EvidencePath, ResourceRef, Target } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { accountIdOf, missingReason, regionOf } from './eks-data.js';

export type Detector = NonNullable<NonNullable<AwsSnapshotData['guardduty']>['detectors']>[number];
type Feature = NonNullable<Detector['Features']>[number];

export type DetectorTarget = Target & { detector?: Detector };

export function guardDutyMissing(inventory: InventoryView): string | undefined {
  if (inventory.aws?.guardduty?.detectors) return undefined;
  return missingReason(inventory, [
    { service: 'guardduty', operation: 'ListDetectors' },
    { service: 'guardduty', operation: 'GetDetector' },
  ]);
}

export function accountResource(inventory: InventoryView): ResourceRef {
  return { kind: 'AWSAccount', name: accountIdOf(inventory) ?? 'account' };
}

/** `arn:aws:guardduty:<region>:<account>:detector/<id>` when region and account are known. */
export function detectorResource(detector: Detector, inventory: InventoryView): ResourceRef {
  const region = regionOf(inventory);
  const account = accountIdOf(inventory);
  const name = region && account ? `arn:aws:guardduty:${region}:${account}:detector/${detector.DetectorId}` : detector.DetectorId;
  return { kind: 'GuardDutyDetector', name };
}

/** One target per detector, or the account when GuardDuty has none in the region. */
export function detectorTargets(inventory: InventoryView): DetectorTarget[] {
  const detectors = inventory.aws?.guardduty?.detectors ?? [];
  if (detectors.length === 0) return [{ resource: accountResource(inventory) }];
  return detectors.map((detector) => ({ resource: detectorResource(detector, inventory), detector }));
}

/** Why a listed detector's settings are unknown (GetDetector failed), if they are. */
export function detectorUnread(inventory: InventoryView, detector: Detector): string | undefined {
  if (detector.Status !== undefined || detector.Features !== undefined || detector.DataSources !== undefined) return undefined;
  return missingReason(inventory, [{ service: 'guardduty', operation: 'GetDetector', target: detector.DetectorId }]);
}

export interface FoundFeature {
  feature: Feature;
  path: EvidencePath;
}

export function findFeatures(detector: Detector, names: readonly string[]): FoundFeature[] {
  return (detector.Features ?? []).flatMap((feature, index) =>
    names.includes(feature.Name ?? '') ? [{ feature, path: ['Features', index, 'Status'] as EvidencePath }] : [],
  );
}

/** Where GuardDuty stands in a region, for messages: `eu-west-1`. */
export function regionText(inventory: InventoryView): string {
  return regionOf(inventory) ?? 'this region';
}
