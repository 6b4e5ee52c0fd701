import type { ContainerRef, InventoryView, Workload } from '../../inventory/index.js';

const BATCH_KINDS = new Set(['Job', 'CronJob']);

/**
 * Workloads whose containers are expected to run for good, and so to have probes: Jobs,
 * CronJobs, pods a Job owns and pods with restartPolicy Never/OnFailure run to completion.
 */
export function longRunningWorkloads(inventory: InventoryView): Workload[] {
  return inventory.workloads().filter((workload) => {
    if (BATCH_KINDS.has(workload.resource.kind)) return false;
    const owners = workload.object.metadata?.ownerReferences ?? [];
    if (owners.some((owner) => BATCH_KINDS.has(owner.kind ?? ''))) return false;
    const restartPolicy = workload.podSpec.restartPolicy;
    return restartPolicy !== 'Never' && restartPolicy !== 'OnFailure';
  });
}

/** The app containers; init containers finish before the pod serves, ephemeral ones cannot have probes. */
export function probedContainers(workload: Workload): ContainerRef[] {
  return workload.containers.filter((ref) => ref.list === 'containers');
}
