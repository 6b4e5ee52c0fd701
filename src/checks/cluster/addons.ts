/** EKS add-ons (ListAddons + DescribeAddon) as targets, and their configuration values. */
import { parse } from 'yaml';
import type { Target } from '../../model/index.js';
import { awsCallError, awsMissingReason, type InventoryView } from '../../inventory/index.js';
import { eksCall, missingReason, type EksAddon } from './eks-data.js';

export type AddonTarget = Target & { addon: EksAddon };

/**
 * Why the add-on list is absent or incomplete, if it is. DescribeAddon fails per add-on (its
 * target is the add-on's name), and a list missing one add-on must not read as complete.
 */
export function addonsMissing(inventory: InventoryView): string | undefined {
  const describeFailure = awsCallError(inventory, { service: 'eks', operation: 'DescribeAddon' });
  if (inventory.aws?.eks?.addons && !describeFailure) return undefined;
  if (describeFailure) return awsMissingReason(inventory, { service: 'eks', operation: 'DescribeAddon', ...(describeFailure.target ? { target: describeFailure.target } : {}) });
  return missingReason(inventory, [eksCall(inventory, 'ListAddons'), eksCall(inventory, 'DescribeAddon')]);
}

export function addonTargets(inventory: InventoryView): AddonTarget[] {
  return (inventory.aws?.eks?.addons ?? []).map((addon) => ({
    resource: { kind: 'EKSAddon', name: addon.addonArn ?? addon.addonName ?? 'add-on' },
    addon,
  }));
}

export function findAddon(inventory: InventoryView, name: string): EksAddon | undefined {
  return inventory.aws?.eks?.addons?.find((addon) => addon.addonName === name);
}

/**
 * `addon.configurationValues`: a JSON or YAML document (EKS accepts both), as an object.
 * Undefined when absent, empty or not a mapping.
 */
export function addonConfiguration(addon: EksAddon): Record<string, unknown> | undefined {
  const text = addon.configurationValues;
  if (!text || text.trim() === '') return undefined;
  try {
    const value: unknown = parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A configuration flag EKS expects as the string "true" but that users also write as a boolean. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}
