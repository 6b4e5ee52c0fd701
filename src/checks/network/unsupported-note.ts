import type { PolicyModel } from '../../analysis/network/policy-model.js';

/** The sentence appended to a finding when policies that might have counted could not be read. */
export function unsupportedNote(policies: readonly PolicyModel[]): string {
  if (policies.length === 0) return '';
  const names = policies.map((policy) => `${policy.label} (${policy.unsupported ?? 'unsupported'})`);
  return ` (not counted, as their selectors could not be evaluated: ${names.join('; ')})`;
}
