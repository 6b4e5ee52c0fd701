import type { CollectionError } from '../model/index.js';
import type { InventoryView } from './inventory-view.js';

/** An AWS API call a check's data comes from, named as IAM names its permission. */
export interface AwsCall {
  /** IAM service prefix: `eks`, `iam`, `ec2`, `kms`, `logs`, `guardduty`, `inspector2`, `ecr`, `elasticloadbalancing`. */
  service: string;
  /** API operation: `DescribeCluster`. */
  operation: string;
  /** The resource the call was about, when it was about one (an ARN, a name). */
  target?: string;
}

export function permissionOf(call: AwsCall): string {
  return `${call.service}:${call.operation}`;
}

/** The recorded failure of a call, if the collector recorded one. */
export function awsCallError(inventory: InventoryView, call: AwsCall): CollectionError | undefined {
  return inventory.errors.find(
    (error) =>
      error.source === 'aws' &&
      error.operation === call.operation &&
      (error.service === undefined || error.service === call.service) &&
      (call.target === undefined || error.target === undefined || error.target === call.target),
  );
}

/**
 * Why AWS data a check needs is absent, naming the permission: a denied or failed call as
 * recorded during collection, or data that was never collected (a manifests scan).
 */
export function awsMissingReason(inventory: InventoryView, call: AwsCall): string {
  const error = awsCallError(inventory, call);
  const permission = permissionOf(call);
  const about = call.target ? ` for ${call.target}` : '';
  if (error) {
    const code = error.code !== undefined ? `${String(error.code)}: ` : '';
    return `${permission}${about} failed during collection (${code}${error.message}); grant the permission and collect again`;
  }
  if (inventory.source.type === 'manifests') {
    return `needs AWS data (${permission}${about}), which a manifests scan does not have; scan the cluster or a snapshot`;
  }
  return `${permission}${about} was not collected`;
}
