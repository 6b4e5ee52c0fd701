/** Whether a workload's pods carry a token of their service account. */
import type { K8sObject } from '../../model/index.js';
import { isRecord, type Workload } from '../../inventory/index.js';

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
  // `projected` is not shape-checked on input: a hostile value must not throw.
  const volumes: unknown = workload.podSpec.volumes;
  return (
    Array.isArray(volumes) &&
    volumes.some((volume: unknown) => {
      const sources: unknown = isRecord(volume) && isRecord(volume.projected) ? volume.projected.sources : undefined;
      return Array.isArray(sources) && sources.some((source) => isRecord(source) && 'serviceAccountToken' in source);
    })
  );
}
