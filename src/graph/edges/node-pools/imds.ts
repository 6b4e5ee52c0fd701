/**
 * Whether a workload's pods reach the instance metadata service of a pool's nodes, and so the
 * node role's credentials: the node must let pod traffic in (IMDSv1 allowed, or a hop limit of
 * 2 or more) and no egress policy may stop the pods at 169.254.169.254:80, as
 * netpol-imds-egress-open decides it. Host-network pods are the node as far as IMDS knows: only
 * a disabled endpoint stops them.
 */
import type { ResourceRef, StepEvidence } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { egressVerdict } from '../../../analysis/network/egress-reachability.js';
import { isHostNetwork, policyCoverage } from '../../../analysis/network/policy-coverage.js';
import type { GraphPool } from './pools.js';

const IMDS = { address: '169.254.169.254', port: 80, protocol: 'TCP' } as const;

export interface ImdsReach {
  evidence: StepEvidence[];
  enabledBy: ResourceRef[];
}

function workloadRef(workload: Workload): ResourceRef {
  return { kind: workload.resource.kind, namespace: workload.namespace, name: workload.resource.name };
}

export function imdsReach(inventory: InventoryView, workload: Workload, pool: GraphPool): ImdsReach | undefined {
  if (pool.fargate) return undefined;
  if (isHostNetwork(workload)) {
    if (pool.imds.length > 0 && pool.imds.every((setting) => setting.endpointDisabled)) return undefined;
    return {
      evidence: [
        {
          resource: workloadRef(workload),
          path: formatPath([...workload.podSpecPath, 'hostNetwork']),
          detail: 'uses the node network (hostNetwork): the metadata service answers it as it answers the node, whatever the hop limit',
        },
      ],
      enabledBy: [],
    };
  }
  const open = pool.imds.filter((setting) => setting.reachable === true);
  if (open.length === 0) return undefined;
  const verdict = egressVerdict(inventory, policyCoverage(inventory), workload, IMDS);
  if (!verdict.reachable) return undefined;
  const egress: StepEvidence =
    verdict.because === 'allowed'
      ? { resource: verdict.policy.resource, path: formatPath(verdict.path), detail: `${verdict.policy.label} allows egress to 169.254.169.254` }
      : { resource: workloadRef(workload), path: formatPath(workload.podMetadataPath), detail: 'no egress policy selects its pods, so they reach 169.254.169.254' };
  return {
    evidence: [...open.map((setting) => setting.evidence), egress],
    // netpol-imds-egress-open reports on the workload, the IMDS checks on the node pool.
    enabledBy: [...open.flatMap((setting) => setting.enabledBy), workload.resource],
  };
}
