import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { LABELS, nodeNamesText, nodePools, nodesMissing, type NodePool } from '../../../analysis/nodes/node-pools.js';

type PoolTarget = Target & { pool: NodePool };

export const check = defineCheck<PoolTarget, 'unmanaged' | 'karpenter'>({
  id: 'ng-unmanaged-nodes',
  title: 'Nodes outside managed node groups / Fargate / Auto Mode',
  severity: 'low',
  area: 'nodes',
  needs: ['aws'],
  description: `Nodes that EKS does not manage are patched, upgraded, drained and replaced only by whoever built them: AMI updates, version upgrades and node repair are manual, and they drift. A Node counts as managed when it carries \`${LABELS.nodegroup}\` (managed node group) or \`${LABELS.computeType}\` (\`fargate\`, \`auto\` for EKS Auto Mode, \`hybrid\` for EKS Hybrid Nodes, which are customer-managed by design). Nodes of a self-hosted Karpenter NodePool (\`${LABELS.nodePool}\`) pass by default, since Karpenter replaces drifted and expired nodes itself; set option \`allowKarpenter: false\` to report them. Reported once per pool (eksctl self-managed node group, Karpenter NodePool, or single node).`,
  remediation:
    'Move workloads to managed node groups, EKS Auto Mode or Fargate (or Karpenter with drift and expiry enabled), and retire self-managed Auto Scaling groups.',
  messages: {
    unmanaged: '{{nodes}} {{verb}} not managed by EKS (no managed node group, Fargate or Auto Mode label): patching, upgrades and replacement are manual',
    karpenter: '{{nodes}} {{verb}} run by a self-hosted Karpenter, not managed by EKS',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html', 'https://docs.aws.amazon.com/eks/latest/userguide/automode.html'],
  options: { allowKarpenter: true },
  requires: (inventory) => nodesMissing(inventory),
  targets: (inventory) => nodePools(inventory).map((pool) => ({ resource: pool.resource, pool })),
  evaluate({ pool }, context) {
    const karpenter = pool.kind === 'karpenter';
    if (pool.kind !== 'node' && pool.kind !== 'eksctl' && !(karpenter && context.options.allowKarpenter === false)) return;
    const text = pool.kind === 'node' ? nodeNamesText(pool) : `${nodeNamesText(pool)} of ${pool.label}`;
    context.fail(
      karpenter ? 'karpenter' : 'unmanaged',
      { nodes: text.charAt(0).toUpperCase() + text.slice(1), verb: pool.nodeNames.length === 1 ? 'is' : 'are' },
      { ...(pool.nodes[0] && { object: pool.nodes[0] }), path: ['metadata', 'labels'] },
    );
  },
});
