/**
 * The response actions, by kind. Each plans with GETs only (`before`, the exact writes and the
 * exact reversing requests) and applies by sending the planned writes in order; `apply`
 * resolves to what the server answered (the one response, or one per request).
 */
import { annotateAction } from './annotate.js';
import { cordonAction } from './cordon.js';
import { deleteBindingAction } from './delete-binding.js';
import { labelAction } from './label.js';
import { notifyAction } from './notify.js';
import { quarantineAction } from './quarantine.js';
import { scaleToZeroAction } from './scale-to-zero.js';
import type { ActionKind, ResponseAction } from './types.js';

export const RESPONSE_ACTIONS: Record<ActionKind, ResponseAction> = {
  label: labelAction,
  annotate: annotateAction,
  quarantine: quarantineAction,
  'scale-to-zero': scaleToZeroAction,
  cordon: cordonAction,
  'delete-binding': deleteBindingAction,
  notify: notifyAction,
};

export * from './types.js';
export { DEFAULT_NOTIFY_MESSAGE, NOTIFY_PLACEHOLDERS, renderMessage } from './notify.js';
export { MANAGED_BY, QUARANTINE_LABEL, quarantinePolicyName } from './quarantine.js';
export { describeTarget, pathOfTarget } from './paths.js';
