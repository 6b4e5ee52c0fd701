import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { nodegroupName, nodegroups, nodegroupsMissing, type Nodegroup } from '../../../analysis/nodes/aws-resources.js';
import { nodegroupTargets } from '../../../analysis/nodes/compute-targets.js';
import { nodeNamesText, nodePools, nodesMissing, type NodePool } from '../../../analysis/nodes/node-pools.js';
import { amiTypeVerdict, osImageOf, osImageVerdict } from '../node-os.js';

type OsTarget = Target & { label: string } & ({ group: Nodegroup; pool?: NodePool } | { pool: NodePool; group?: undefined });

export const check = defineCheck<OsTarget, 'amiType' | 'osImage'>({
  id: 'ng-not-container-optimized-os',
  title: 'Nodes not on Bottlerocket/AL2023',
  severity: 'low',
  area: 'nodes',
  needs: ['aws'],
  description:
    'A general-purpose node OS (Amazon Linux 2, Ubuntu, RHEL…) carries a package manager, interpreters and services containers never use: more to patch and more for an attacker who escapes a container. Bottlerocket (immutable root, SELinux enforcing, no shell by default) and Amazon Linux 2023 (the EKS successor of AL2, SELinux and IMDSv2 by default) are the container-optimized choices on EKS; Flatcar and Talos are accepted too. Managed node groups are judged by `amiType`, custom-AMI groups and other nodes by their Nodes\' `status.nodeInfo.osImage`, grouped per pool. Windows nodes have no container-optimized alternative and pass; Fargate nodes are AWS-managed and left out.',
  remediation:
    'Move node groups to a BOTTLEROCKET_* or AL2023_* AMI type (Karpenter: amiSelectorTerms alias bottlerocket@latest or al2023@latest), migrating bootstrap settings to Bottlerocket TOML or nodeadm NodeConfig.',
  messages: {
    amiType: '{{what}} runs AMI type {{amiType}}, a general-purpose OS',
    osImage: 'The OS of {{nodes}} is {{images}}, a general-purpose OS',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-ami-bottlerocket.html', 'https://docs.aws.amazon.com/eks/latest/userguide/al2023.html'],
  requires: (inventory) => {
    const groups = nodegroupsMissing(inventory);
    const nodes = nodesMissing(inventory);
    return groups && nodes ? `neither node groups nor Nodes are available: ${groups}; ${nodes}` : undefined;
  },
  targets: (inventory) => {
    const pools = nodePools(inventory).filter((pool) => pool.kind !== 'fargate');
    const managedPools = new Map(pools.filter((pool) => pool.kind === 'managed').map((pool) => [pool.key, pool]));
    const collected = new Set((nodegroups(inventory) ?? []).map(nodegroupName));
    const groups: OsTarget[] = nodegroupTargets(inventory).map((target) => {
      const pool = managedPools.get(`managed/${nodegroupName(target.group)}`);
      return pool ? { ...target, pool } : target;
    });
    const others = pools
      .filter((pool) => !(pool.kind === 'managed' && collected.has(pool.key.slice('managed/'.length))))
      .map((pool) => ({ resource: pool.resource, label: pool.label, pool }));
    return [...groups, ...others];
  },
  evaluate(target, context) {
    if (target.group) {
      const amiType = target.group.amiType;
      const verdict = amiTypeVerdict(amiType);
      if (verdict === 'general-purpose') {
        context.fail('amiType', { what: target.label, amiType: amiType ?? '' }, { path: ['amiType'] });
        return;
      }
      if (verdict !== 'unknown') return;
      if (!target.pool) {
        context.notEvaluated(
          `${target.label} uses ${amiType === 'CUSTOM' ? 'a custom AMI' : 'no reported AMI type'}; its OS shows only in the status.nodeInfo.osImage of its Nodes, and none was collected`,
        );
        return;
      }
    }
    const pool = target.pool;
    if (!pool) return;
    const general = new Map<string, string[]>();
    const unknown: string[] = [];
    for (const node of pool.nodes) {
      const image = osImageOf(node);
      const verdict = osImageVerdict(image);
      if (verdict === 'unknown') unknown.push(node.metadata?.name ?? '');
      if (verdict !== 'general-purpose' || !image) continue;
      general.set(image, [...(general.get(image) ?? []), node.metadata?.name ?? '']);
    }
    if (general.size > 0) {
      const names = [...general.values()].flat();
      const first = pool.nodes.find((node) => node.metadata?.name === names[0]);
      const nodes = pool.kind === 'node' || pool.kind === 'hybrid' ? nodeNamesText(pool, names) : `${nodeNamesText(pool, names)} of ${pool.label}`;
      context.fail(
        'osImage',
        { nodes, images: [...general.keys()].map((image) => `"${image}"`).join(', ') },
        { ...(first && { object: first }), path: ['status', 'nodeInfo', 'osImage'] },
      );
    }
    if (unknown.length > 0) context.notEvaluated(`No status.nodeInfo.osImage on ${nodeNamesText(pool, unknown)} of ${pool.label}`);
  },
});
