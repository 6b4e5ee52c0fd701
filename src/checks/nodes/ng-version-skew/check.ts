import type { K8sObject, Severity, Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterMissing, eksCluster, nodegroups, nodegroupsMissing, plural, type Nodegroup } from '../../../analysis/nodes/aws-resources.js';
import { nodegroupTargets } from '../../../analysis/nodes/compute-targets.js';
import { formatMinor, minorLag, parseMinor, supportedKubeletLag, type MinorVersion } from '../kubernetes-version.js';
import { nodeNamesText, nodePools, nodesMissing, type NodePool } from '../../../analysis/nodes/node-pools.js';

type SkewTarget = Target & { label: string } & ({ group: Nodegroup; pool?: undefined } | { pool: NodePool; group?: undefined });

function allowedSkew(options: Record<string, unknown>): number {
  const value = options.allowedMinorSkew;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function kubeletVersion(node: K8sObject): string | undefined {
  const status = node.status as { nodeInfo?: { kubeletVersion?: unknown } } | undefined;
  const version = status?.nodeInfo?.kubeletVersion;
  return typeof version === 'string' ? version : undefined;
}

function verdict(cluster: MinorVersion, node: MinorVersion, allowed: number): { lag: number; severity?: Severity } | undefined {
  const lag = minorLag(cluster, node);
  if (lag < 0) return { lag, severity: 'high' };
  if (lag <= allowed) return undefined;
  return lag > supportedKubeletLag(cluster) ? { lag, severity: 'high' } : { lag };
}

export const check = defineCheck<SkewTarget, 'behind' | 'ahead' | 'nodesBehind' | 'nodesAhead'>({
  id: 'ng-version-skew',
  title: 'Kubelet minor version lags control plane',
  severity: 'medium',
  area: 'nodes',
  needs: ['aws'],
  description:
    "Nodes whose kubelet is older than the control plane miss the security fixes and defaults of the newer release, block the next cluster upgrade (EKS refuses to upgrade the control plane past a managed node group more than the supported skew behind) and, beyond the Kubernetes version-skew policy (3 minor versions from 1.28, 2 before), run unsupported; a kubelet newer than the API server is never supported. Managed node groups are compared by `nodegroup.version`, other nodes (self-managed, Karpenter, Fargate, hybrid) by `status.nodeInfo.kubeletVersion`, grouped per pool, against `cluster.version` (DescribeCluster). Option `allowedMinorSkew` (default 0) tolerates a lag during an upgrade; lags beyond the supported skew and kubelets ahead of the control plane are raised to high.",
  remediation:
    'Upgrade the node groups to the control plane version (aws eks update-nodegroup-version, or roll self-managed/Karpenter nodes onto AMIs of that version; restart Fargate pods) right after every control plane upgrade.',
  messages: {
    behind: '{{what}} runs Kubernetes {{nodeVersion}}, {{lag}} behind the control plane ({{clusterVersion}})',
    ahead: '{{what}} runs Kubernetes {{nodeVersion}}, newer than the control plane ({{clusterVersion}}): unsupported',
    nodesBehind: 'The kubelet on {{nodes}} is {{versions}}, {{lag}} behind the control plane ({{clusterVersion}})',
    nodesAhead: 'The kubelet on {{nodes}} is {{versions}}, newer than the control plane ({{clusterVersion}}): unsupported',
  },
  links: ['https://kubernetes.io/releases/version-skew-policy/#kubelet', 'https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html'],
  options: { allowedMinorSkew: 0 },
  requires: (inventory) => {
    const cluster = clusterMissing(inventory);
    if (cluster) return cluster;
    if (!parseMinor(eksCluster(inventory)?.version)) return `cluster.version "${eksCluster(inventory)?.version ?? ''}" is not a Kubernetes version`;
    const groups = nodegroupsMissing(inventory);
    const nodes = nodesMissing(inventory);
    return groups && nodes ? `neither node groups nor Nodes are available: ${groups}; ${nodes}` : undefined;
  },
  targets: (inventory) => {
    const managed = new Set((nodegroups(inventory) ?? []).map((group) => group.nodegroupName));
    const pools = nodePools(inventory).filter((pool) => !(pool.kind === 'managed' && managed.has(pool.key.slice('managed/'.length))));
    return [...nodegroupTargets(inventory), ...pools.map((pool) => ({ resource: pool.resource, label: pool.label, pool }))];
  },
  evaluate(target, context) {
    const clusterText = eksCluster(context.inventory)?.version ?? '';
    const cluster = parseMinor(clusterText);
    if (!cluster) return;
    const allowed = allowedSkew(context.options);
    if (target.group) {
      const version = parseMinor(target.group.version);
      if (!version) {
        context.notEvaluated(`${target.label} reports no Kubernetes version (nodegroup.version "${target.group.version ?? ''}")`);
        return;
      }
      const result = verdict(cluster, version, allowed);
      if (!result) return;
      context.fail(
        result.lag < 0 ? 'ahead' : 'behind',
        { what: target.label, nodeVersion: formatMinor(version), clusterVersion: clusterText, lag: plural(result.lag, 'minor version') },
        { path: ['version'], ...(result.severity && { severity: result.severity }) },
      );
      return;
    }
    const { pool } = target;
    // Behind and ahead are reported apart; lags within each are summed up in one finding.
    const buckets = new Map<'behind' | 'ahead', { nodes: K8sObject[]; versions: Set<string>; lags: Set<number>; severity?: Severity }>();
    const unknown: string[] = [];
    for (const node of pool.nodes) {
      const text = kubeletVersion(node);
      const version = parseMinor(text);
      if (!text || !version) {
        unknown.push(node.metadata?.name ?? '');
        continue;
      }
      const result = verdict(cluster, version, allowed);
      if (!result) continue;
      const key = result.lag < 0 ? 'ahead' : 'behind';
      const entry = buckets.get(key) ?? { nodes: [], versions: new Set<string>(), lags: new Set<number>() };
      entry.nodes.push(node);
      entry.versions.add(text);
      entry.lags.add(result.lag);
      if (result.severity) entry.severity = result.severity;
      buckets.set(key, entry);
    }
    for (const [key, entry] of buckets) {
      const names = entry.nodes.map((node) => node.metadata?.name ?? '');
      const nodesText = pool.kind === 'node' || pool.kind === 'hybrid' ? nodeNamesText(pool, names) : `${nodeNamesText(pool, names)} of ${pool.label}`;
      const lags = [...entry.lags].sort((a, b) => a - b);
      const lag = lags.length === 1 ? plural(lags[0] ?? 0, 'minor version') : `${lags[0]}-${lags[lags.length - 1]} minor versions`;
      context.fail(
        key === 'ahead' ? 'nodesAhead' : 'nodesBehind',
        { nodes: nodesText, versions: [...entry.versions].sort().join(', '), lag, clusterVersion: clusterText },
        { object: entry.nodes[0], path: ['status', 'nodeInfo', 'kubeletVersion'], ...(entry.severity && { severity: entry.severity }) },
      );
    }
    if (unknown.length > 0) context.notEvaluated(`No kubelet version in status.nodeInfo of ${nodeNamesText(pool, unknown)}`);
  },
});
