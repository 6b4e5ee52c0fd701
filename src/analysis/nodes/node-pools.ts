/**
 * Kubernetes Nodes grouped by what launches them, from the labels EKS, Karpenter and eksctl
 * put on them: a managed node group (`eks.amazonaws.com/nodegroup`), a Fargate profile
 * (`eks.amazonaws.com/compute-type: fargate`, `eks.amazonaws.com/fargate-profile`), an EKS
 * Auto Mode or Karpenter NodePool (`karpenter.sh/nodepool`, legacy
 * `karpenter.sh/provisioner-name`), an eksctl self-managed node group
 * (`alpha.eksctl.io/nodegroup-name`); anything else, and hybrid nodes, stand alone. Nodes of
 * one pool share their configuration, so checks report a pool once instead of once per node.
 */
import type { K8sObject, ResourceRef } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { nodegroups } from './aws-resources.js';

export type PoolKind = 'managed' | 'fargate' | 'auto-mode' | 'karpenter' | 'eksctl' | 'hybrid' | 'node';

export interface NodePool {
  key: string;
  kind: PoolKind;
  resource: ResourceRef;
  /** `node group general`, `Karpenter NodePool default`, `node ip-10-0-1-2…`. */
  label: string;
  /** Node names, including nodes known only from their kubelet configuration. */
  nodeNames: string[];
  /** The Node objects of the pool that were collected. */
  nodes: K8sObject[];
}

export const LABELS = {
  nodegroup: 'eks.amazonaws.com/nodegroup',
  computeType: 'eks.amazonaws.com/compute-type',
  fargateProfile: 'eks.amazonaws.com/fargate-profile',
  nodePool: 'karpenter.sh/nodepool',
  provisioner: 'karpenter.sh/provisioner-name',
  eksctlNodegroup: 'alpha.eksctl.io/nodegroup-name',
} as const;

function poolOf(name: string, labels: Record<string, string>, nodegroupArns: Map<string, string>): Omit<NodePool, 'nodeNames' | 'nodes'> {
  const computeType = labels[LABELS.computeType];
  const nodegroup = labels[LABELS.nodegroup];
  if (nodegroup) {
    return {
      key: `managed/${nodegroup}`,
      kind: 'managed',
      resource: { kind: 'Nodegroup', name: nodegroupArns.get(nodegroup) ?? nodegroup },
      label: `node group ${nodegroup}`,
    };
  }
  if (computeType === 'fargate') {
    const profile = labels[LABELS.fargateProfile] ?? 'unknown';
    return { key: `fargate/${profile}`, kind: 'fargate', resource: { kind: 'FargateProfile', name: profile }, label: `Fargate profile ${profile}` };
  }
  const nodePool = labels[LABELS.nodePool] ?? labels[LABELS.provisioner];
  if (nodePool && computeType !== 'hybrid') {
    const auto = computeType === 'auto';
    return {
      key: `${auto ? 'auto-mode' : 'karpenter'}/${nodePool}`,
      kind: auto ? 'auto-mode' : 'karpenter',
      resource: { kind: 'NodePool', name: nodePool },
      label: `${auto ? 'EKS Auto Mode' : 'Karpenter'} NodePool ${nodePool}`,
    };
  }
  const eksctl = labels[LABELS.eksctlNodegroup];
  if (eksctl && computeType !== 'hybrid') {
    return { key: `eksctl/${eksctl}`, kind: 'eksctl', resource: { kind: 'Nodegroup', name: eksctl }, label: `self-managed node group ${eksctl}` };
  }
  return {
    key: `node/${name}`,
    kind: computeType === 'hybrid' ? 'hybrid' : 'node',
    resource: { kind: 'Node', name },
    label: `${computeType === 'hybrid' ? 'hybrid node' : 'node'} ${name}`,
  };
}

/**
 * Pools of the collected Nodes, plus of node names known from elsewhere (kubelet
 * configurations); a name without a Node object stands alone.
 */
export function nodePools(inventory: InventoryView, extraNodeNames: readonly string[] = []): NodePool[] {
  const build = (): NodePool[] => {
    const arns = new Map((nodegroups(inventory) ?? []).flatMap((group) => (group.nodegroupName && group.nodegroupArn ? [[group.nodegroupName, group.nodegroupArn]] : [])));
    const pools = new Map<string, NodePool>();
    const place = (name: string, node: K8sObject | undefined): void => {
      const pool = poolOf(name, node?.metadata?.labels ?? {}, arns);
      let entry = pools.get(pool.key);
      if (!entry) pools.set(pool.key, (entry = { ...pool, nodeNames: [], nodes: [] }));
      if (entry.nodeNames.includes(name)) return;
      entry.nodeNames.push(name);
      if (node) entry.nodes.push(node);
    };
    for (const node of inventory.ofKind('Node')) place(node.metadata?.name ?? '', node);
    for (const name of extraNodeNames) place(name, inventory.get('Node', undefined, name));
    return [...pools.values()];
  };
  return extraNodeNames.length === 0 ? inventory.cached('nodes:node-pools', build) : build();
}

/** Why Node objects are not there: a failed list, or input (manifests) that has none. */
export function nodesMissing(inventory: InventoryView): string | undefined {
  if (inventory.hasKind('Node')) return undefined;
  const failed = inventory.errors.find((error) => error.source === 'kubernetes' && /(^|\/)nodes$/.test(error.resource ?? ''));
  if (failed) {
    return `listing Nodes failed during collection (${failed.code !== undefined ? `${String(failed.code)}: ` : ''}${failed.message}); grant list on nodes and collect again`;
  }
  if (inventory.source.type === 'manifests') return 'needs the cluster\'s Node objects, which a manifests scan does not have; scan the cluster or a snapshot';
  return 'no Node objects were collected';
}

export function nodeNamesText(pool: NodePool, subset: readonly string[] = pool.nodeNames): string {
  const shown = `${subset.slice(0, 3).join(', ')}${subset.length > 3 ? ` and ${subset.length - 3} more` : ''}`;
  if (pool.nodeNames.length === 1 && subset.length === 1) return `node ${shown}`;
  if (subset.length === pool.nodeNames.length) return `all ${subset.length} nodes (${shown})`;
  return `${subset.length} of ${pool.nodeNames.length} nodes (${shown})`;
}
