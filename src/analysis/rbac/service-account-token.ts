/** Whether a workload's pods carry a token of their service account. */
import type { K8sObject } from '../../model/index.js';
import type { Workload } from '../../inventory/index.js';

/**
 * A projected `serviceAccountToken` volume always mounts one; otherwise the pod's
 * `automountServiceAccountToken` decides, then the ServiceAccount's, then the default (true).
 */
export function mountsServiceAccountToken(workload: Pick<Workload, 'podSpec'>, serviceAccount: K8sObject | undefined): boolean {
  const spec = workload.podSpec;
  if (hasProjectedToken(workload)) return true;
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  return serviceAccount?.automountServiceAccountToken !== false;
}

/** A projected volume with a serviceAccountToken source, mounted whatever automount says. */
export function hasProjectedToken(workload: Pick<Workload, 'podSpec'>): boolean {
  return (workload.podSpec.volumes ?? []).some((volume) =>
    (volume.projected?.sources ?? []).some((source) => source !== null && typeof source === 'object' && 'serviceAccountToken' in source),
  );
}
