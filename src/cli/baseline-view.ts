import { EKS_BASELINE } from '../checks/config/index.js';

/** Lines describing the baseline exceptions that waive a check, for `checks explain`. */
export function baselineFor(checkId: string): string[] {
  return EKS_BASELINE.filter((entry) => entry.checks.includes(checkId)).map((entry) => {
    const containers = entry.containers ? ` (containers ${entry.containers.join(', ')})` : '';
    return `${entry.kind} ${entry.namespaces.join('|')}/${entry.name}${containers} — ${entry.component}: ${entry.reason}`;
  });
}
