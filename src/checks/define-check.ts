import type { CheckMeta, CheckReporter, Target } from '../model/index.js';
import type { InventoryView } from '../inventory/index.js';

export interface CheckContext<MessageId extends string = string> extends CheckReporter<MessageId> {
  inventory: InventoryView;
  /** The check's `options` defaults merged with `.eksguard.yaml`. */
  options: Record<string, unknown>;
}

/**
 * A check: metadata, the targets it looks at, and a pure decision per target. The engine turns
 * a target without reports into a pass, and a throw into an error for that target only.
 */
export interface Check<T extends Target = Target, MessageId extends string = string>
  extends CheckMeta<MessageId> {
  /** Why the whole check cannot be decided on this inventory (data not collected), if so. */
  requires?(inventory: InventoryView, options: Record<string, unknown>): string | undefined;
  targets(inventory: InventoryView, options: Record<string, unknown>): Iterable<T>;
  evaluate(target: T, context: CheckContext<MessageId>): void;
}

/** The registry's element type: targets and message ids erased. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds checks of every target type; each check is type-checked where it is defined
export type AnyCheck = Check<any, string>;

/** Identity function that keeps message ids and target types checked where a check is written. */
export function defineCheck<T extends Target, MessageId extends string>(
  check: Check<T, MessageId>,
): Check<T, MessageId> {
  return check;
}
