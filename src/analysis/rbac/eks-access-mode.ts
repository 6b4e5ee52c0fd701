/** How the EKS cluster authenticates IAM principals, which decides whether aws-auth matters. */
import type { InventoryView } from '../../inventory/index.js';

/** `accessConfig.authenticationMode` of DescribeCluster, when collected. */
export function authenticationMode(inventory: InventoryView): string | undefined {
  const eks = inventory.aws?.eks as { cluster?: { accessConfig?: { authenticationMode?: unknown } } } | undefined;
  const mode = eks?.cluster?.accessConfig?.authenticationMode;
  return typeof mode === 'string' ? mode : undefined;
}

/** With authentication mode API, EKS no longer reads aws-auth (and cannot go back to it). */
export function awsAuthIgnored(inventory: InventoryView): boolean {
  return authenticationMode(inventory) === 'API';
}
