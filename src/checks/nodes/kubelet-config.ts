/**
 * Kubelet configurations as the kubelet serves them on `/configz` (the `kubeletconfig` object,
 * KubeletConfiguration v1beta1 field names), read through the API server's node proxy when the
 * scan runs with `--kubelet-config`. Fields the kubelet left at their zero value may be omitted
 * from the JSON, so a rule says how to read an absent field.
 */
import type { EvidencePath, Fix, Target } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import type { CheckContext } from '../define-check.js';
import { toJsonPointer } from '../../inventory/evidence-path.js';
import { nodeNamesText, nodePools, type NodePool } from '../../analysis/nodes/node-pools.js';

export interface KubeletTarget extends Target {
  pool: NodePool;
  configs: Array<{ node: string; config: Record<string, unknown> }>;
  /** Nodes of the pool whose configuration is absent. */
  missing: string[];
}

const HOW_TO_COLLECT = 'GET /api/v1/nodes/<node>/proxy/configz, which needs get on nodes/proxy';

export function kubeletRequires(inventory: InventoryView): string | undefined {
  if (inventory.kubeletConfigs) return undefined;
  if (inventory.source.type === 'manifests') {
    return `needs the kubelet configurations of the nodes (${HOW_TO_COLLECT}), which a manifests scan does not have`;
  }
  return `kubelet configurations were not collected: collect with --kubelet-config (reads ${HOW_TO_COLLECT})`;
}

export function kubeletTargets(inventory: InventoryView): KubeletTarget[] {
  const configs = inventory.kubeletConfigs ?? {};
  return nodePools(inventory, Object.keys(configs)).map((pool) => ({
    resource: pool.resource,
    pool,
    configs: pool.nodeNames.flatMap((node) => {
      const config = configs[node];
      return config ? [{ node, config }] : [];
    }),
    missing: pool.nodeNames.filter((node) => !configs[node]),
  }));
}

function missingText(inventory: InventoryView, target: KubeletTarget): string {
  const failed = inventory.errors.find(
    (error) => error.source === 'kubernetes' && target.missing.some((node) => error.target === node || (error.resource ?? '').includes(`nodes/${node}/`)),
  );
  const why = failed
    ? `reading it failed during collection (${failed.code !== undefined ? `${String(failed.code)}: ` : ''}${failed.message})`
    : `it was not collected (${HOW_TO_COLLECT})`;
  return `The kubelet configuration of ${nodeNamesText(target.pool, target.missing)} of ${target.pool.label} is missing: ${why}`;
}

export function valueAt(config: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = config;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export interface KubeletRule<MessageId extends string> {
  messageId: MessageId;
  path: readonly string[];
  /** The value wanted, for the fix; omitted when a human must choose it. */
  wanted?: unknown;
  /** Why the (possibly absent) value is wrong, or undefined when it is fine. */
  problem(value: unknown): string | undefined;
}

export const KUBELET_FIX_HOW =
  'Set it in the node bootstrap: AL2023 nodeadm NodeConfig spec.kubelet.config, Bottlerocket settings.kubernetes, or the AL2 bootstrap.sh --kubelet-extra-args / kubelet-config.json; Karpenter EC2NodeClass spec.kubelet or userData. Then roll the nodes.';

/** `node ip-10-0-1-2…`, or `2 of 3 nodes (…) of node group general`. */
function whereText(pool: NodePool, nodes: readonly string[]): string {
  const text = nodeNamesText(pool, nodes);
  return pool.kind === 'node' || pool.kind === 'hybrid' ? text : `${text} of ${pool.label}`;
}

/**
 * Reports one finding per rule and pool, naming the nodes that break it and what they have,
 * and once per pool the nodes whose configuration is missing.
 */
export function checkKubelet<MessageId extends string>(
  target: KubeletTarget,
  context: CheckContext<MessageId>,
  rules: ReadonlyArray<KubeletRule<MessageId>>,
  data: Record<string, string | number> = {},
): void {
  for (const rule of rules) {
    const offending = new Map<string, string[]>();
    for (const { node, config } of target.configs) {
      const problem = rule.problem(valueAt(config, rule.path));
      if (problem === undefined) continue;
      offending.set(problem, [...(offending.get(problem) ?? []), node]);
    }
    if (offending.size === 0) continue;
    const nodes = [...offending.values()].flat();
    const path: EvidencePath = [...rule.path];
    const fix: Fix | undefined =
      rule.wanted === undefined
        ? undefined
        : {
            kind: 'suggestion',
            description: `Set ${rule.path.join('.')} to ${JSON.stringify(rule.wanted)}. ${KUBELET_FIX_HOW}`,
            operations: [{ op: 'add', path: toJsonPointer(path), value: rule.wanted }],
            // The operations edit the nodes' kubelet configuration file, not an API object.
            target: { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', name: target.resource.name },
          };
    context.fail(
      rule.messageId,
      { ...data, nodes: whereText(target.pool, nodes), problem: [...offending.keys()].join('; ') },
      { path, ...(fix && { fix }) },
    );
  }
  if (target.missing.length > 0) context.notEvaluated(missingText(context.inventory, target));
}
