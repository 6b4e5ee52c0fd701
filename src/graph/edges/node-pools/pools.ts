/**
 * The pools of nodes workloads can run on, as the graph sees them: the pools of the collected
 * Nodes (analysis/nodes/node-pools.ts), EKS managed node groups and Fargate profiles from the
 * AWS data, Karpenter and EKS Auto Mode NodePools (which may have no node yet), and EC2
 * instances outside managed groups. Each carries the IAM role its nodes run as, where that is
 * written, and whether pods on its nodes reach the instance metadata service.
 */
import type { K8sObject, ResourceRef, StepEvidence } from '../../../model/index.js';
import { getIn, isRecord, refOf, type InventoryView } from '../../../inventory/index.js';
import { clusterFacts } from '../../../analysis/identity/eks-cluster-data.js';
import { principalName, roleKey } from '../../../analysis/identity/iam-arn.js';
import { imdsReachability, nodeImdsData, type MetadataOptions } from '../../../analysis/network/node-imds.js';
import { nodegroupName, nodegroupRef, nodegroups, tagValue, type Ec2Instance } from '../../../analysis/nodes/aws-resources.js';
import { unmanagedInstancePools, type InstancePool } from '../../../analysis/nodes/instances.js';
import { LABELS, nodePools, type PoolKind } from '../../../analysis/nodes/node-pools.js';
import { nodeRoleTargets, usersText } from '../../../analysis/nodes/node-roles.js';

export interface PoolRole {
  arn: string;
  evidence: StepEvidence;
  /** The data does not say which role these nodes run as; this is a node role nobody else claims. */
  guessed: boolean;
}

/** What one source of metadata options says about pods reaching IMDS on the pool's nodes. */
export interface ImdsSetting {
  reachable: boolean | undefined;
  endpointDisabled: boolean;
  evidence: StepEvidence;
  /** Resources the IMDS checks (ng-imdsv2-not-required, ng-imds-hop-limit) report this setting on. */
  enabledBy: ResourceRef[];
}

export interface Taint {
  key: string;
  value?: string;
  /** `NoSchedule`, `NoExecute` or `PreferNoSchedule`, as Kubernetes writes them. */
  effect: string;
}

/** What scheduling sees of one node: a collected Node, or what a pool's configuration gives every node. */
export interface NodeShape {
  /** Undefined for a node known only from configuration. */
  name?: string;
  labels: Record<string, string>;
  taints: Taint[];
  /** Labels the configuration does not mention may be there (true for configuration shapes). */
  partial: boolean;
}

export interface GraphPool {
  /** `managed/general`, `fargate/serverless`, `karpenter/default`, `asg/…`, `instance/i-…`. */
  key: string;
  kind: PoolKind | 'auto-scaling-group' | 'instance' | 'self-managed';
  label: string;
  resource: ResourceRef;
  fargate: boolean;
  roles: PoolRole[];
  /** The pool's collected Nodes. */
  nodes: NodeShape[];
  /** What the pool's configuration gives every node (used when no Node was collected). */
  config: NodeShape;
  nodeNames: string[];
  imds: ImdsSetting[];
  /** The Fargate pod execution role, which pods never hold. */
  podExecutionRole?: string;
}

/** Labels that say which pool a node belongs to: a pool whose configuration lacks one has another value. */
export const POOL_IDENTITY_LABELS: readonly string[] = [LABELS.nodegroup, LABELS.computeType, LABELS.fargateProfile, LABELS.nodePool, LABELS.provisioner, LABELS.eksctlNodegroup];

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** EKS writes effects `NO_SCHEDULE`; Kubernetes `NoSchedule`. */
const EFFECTS: Record<string, string> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

function taintsOf(value: unknown): Taint[] {
  if (!Array.isArray(value)) return [];
  const taints: Taint[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const key = str(item.key);
    const effect = str(item.effect);
    if (!key || !effect) continue;
    const taint: Taint = { key, effect: EFFECTS[effect] ?? effect };
    const value_ = str(item.value);
    if (value_) taint.value = value_;
    taints.push(taint);
  }
  return taints;
}

function newPool(key: string, kind: GraphPool['kind'], label: string, resource: ResourceRef): GraphPool {
  return { key, kind, label, resource, fargate: kind === 'fargate', roles: [], nodes: [], config: { labels: {}, taints: [], partial: true }, nodeNames: [], imds: [] };
}

function addRole(pool: GraphPool, role: PoolRole): void {
  const key = roleKey(role.arn) ?? role.arn;
  if (!pool.roles.some((known) => (roleKey(known.arn) ?? known.arn) === key)) pool.roles.push(role);
}

class PoolSet {
  readonly byKey = new Map<string, GraphPool>();

  ensure(key: string, make: () => GraphPool): GraphPool {
    let pool = this.byKey.get(key);
    if (!pool) this.byKey.set(key, (pool = make()));
    return pool;
  }

  withNode(name: string): GraphPool | undefined {
    for (const pool of this.byKey.values()) if (pool.nodeNames.includes(name)) return pool;
    return undefined;
  }
}

function addNodePools(inventory: InventoryView, set: PoolSet): void {
  for (const pool of nodePools(inventory)) {
    const entry = set.ensure(pool.key, () => newPool(pool.key, pool.kind, pool.label, pool.resource));
    entry.nodeNames.push(...pool.nodeNames.filter((name) => !entry.nodeNames.includes(name)));
    for (const node of pool.nodes) {
      const shape: NodeShape = { labels: stringRecord(node.metadata?.labels), taints: taintsOf(getIn(node, ['spec', 'taints'])), partial: false };
      if (node.metadata?.name) shape.name = node.metadata.name;
      entry.nodes.push(shape);
    }
  }
}

function addManagedNodegroups(inventory: InventoryView, set: PoolSet): void {
  const settings = nodeImdsData(inventory).settings;
  for (const group of nodegroups(inventory) ?? []) {
    if (!isRecord(group)) continue;
    const name = nodegroupName(group);
    const ref = nodegroupRef(group);
    const pool = set.ensure(`managed/${name}`, () => newPool(`managed/${name}`, 'managed', `node group ${name}`, ref));
    pool.resource = ref;
    pool.config = { labels: { ...stringRecord(group.labels), [LABELS.nodegroup]: name }, taints: taintsOf(group.taints), partial: true };
    const role = str(group.nodeRole);
    if (role) addRole(pool, { arn: role, guessed: false, evidence: { resource: ref, path: 'nodeRole', detail: `node group ${name} runs its nodes as ${role}` } });
    for (const setting of settings.filter((candidate) => candidate.nodegroup === name)) {
      pool.imds.push({
        reachable: setting.reachable,
        endpointDisabled: setting.options?.HttpEndpoint === 'disabled',
        evidence: { resource: ref, detail: `${setting.source}: ${setting.explanation}` },
        enabledBy: [ref],
      });
    }
  }
}

function addFargateProfiles(inventory: InventoryView, set: PoolSet): void {
  const profiles = inventory.aws?.eks?.fargateProfiles;
  for (const profile of Array.isArray(profiles) ? profiles : []) {
    if (!isRecord(profile)) continue;
    const name = str(profile.fargateProfileName);
    if (!name) continue;
    const pool = set.ensure(`fargate/${name}`, () => newPool(`fargate/${name}`, 'fargate', `Fargate profile ${name}`, { kind: 'FargateProfile', name }));
    pool.config = { labels: { [LABELS.computeType]: 'fargate', [LABELS.fargateProfile]: name }, taints: [], partial: true };
    const role = str(profile.podExecutionRoleArn);
    if (role) pool.podExecutionRole = role;
  }
}

/** A node class's `spec.role` (a name, or an ARN) as an ARN in the cluster's account. */
function nodeClassRole(inventory: InventoryView, nodeClass: K8sObject): string | undefined {
  const role = str(getIn(nodeClass, ['spec', 'role']));
  if (!role) return undefined;
  if (role.startsWith('arn:')) return role;
  const facts = clusterFacts(inventory);
  return facts.account ? `arn:${facts.partition}:iam::${facts.account}:role/${role}` : undefined;
}

/** A node class's `spec.metadataOptions` (camelCase in Karpenter) as EC2 writes them. */
function nodeClassMetadata(nodeClass: K8sObject): MetadataOptions | undefined {
  const options = getIn(nodeClass, ['spec', 'metadataOptions']);
  if (!isRecord(options)) return undefined;
  const out: MetadataOptions = {};
  const tokens = str(options.httpTokens);
  const endpoint = str(options.httpEndpoint);
  if (tokens) out.HttpTokens = tokens;
  if (endpoint) out.HttpEndpoint = endpoint;
  if (typeof options.httpPutResponseHopLimit === 'number') out.HttpPutResponseHopLimit = options.httpPutResponseHopLimit;
  return out;
}

function addKarpenterNodePools(inventory: InventoryView, set: PoolSet): void {
  for (const nodePool of inventory.ofKindInGroup('NodePool', 'karpenter.sh')) {
    const name = nodePool.metadata?.name;
    if (!name) continue;
    const classRef = getIn(nodePool, ['spec', 'template', 'spec', 'nodeClassRef']);
    const className = isRecord(classRef) ? str(classRef.name) : undefined;
    const auto = isRecord(classRef) && classRef.group === 'eks.amazonaws.com';
    const kind: PoolKind = auto ? 'auto-mode' : 'karpenter';
    const key = `${kind}/${name}`;
    const pool = set.ensure(key, () => newPool(key, kind, `${auto ? 'EKS Auto Mode' : 'Karpenter'} NodePool ${name}`, { kind: 'NodePool', name }));
    const labels: Record<string, string> = { ...stringRecord(getIn(nodePool, ['spec', 'template', 'metadata', 'labels'])), [LABELS.nodePool]: name };
    if (auto) labels[LABELS.computeType] = 'auto';
    pool.config = { labels, taints: taintsOf(getIn(nodePool, ['spec', 'template', 'spec', 'taints'])), partial: true };
    const nodeClass = className ? inventory.get(auto ? 'NodeClass' : 'EC2NodeClass', undefined, className) : undefined;
    if (!nodeClass) continue;
    const ref = refOf(nodeClass);
    const role = nodeClassRole(inventory, nodeClass);
    if (role) addRole(pool, { arn: role, guessed: false, evidence: { resource: ref, path: 'spec.role', detail: `${pool.label} launches nodes as ${role} (${ref.kind} ${ref.name})` } });
    const options = nodeClassMetadata(nodeClass);
    if (options) {
      const { reachable, explanation } = imdsReachability(options);
      pool.imds.push({ reachable, endpointDisabled: options.HttpEndpoint === 'disabled', evidence: { resource: ref, path: 'spec.metadataOptions', detail: `${ref.kind} ${ref.name}: ${explanation}` }, enabledBy: [] });
    }
  }
}

function instancePoolKey(pool: InstancePool): { key: string; kind: GraphPool['kind'] } {
  const name = pool.resource.name;
  switch (pool.resource.kind) {
    case 'Nodegroup':
      return { key: `managed/${name}`, kind: 'managed' };
    case 'NodePool':
      return { key: `karpenter/${name}`, kind: 'karpenter' };
    case 'AutoScalingGroup':
      return { key: `asg/${name}`, kind: 'auto-scaling-group' };
    default:
      return { key: `instance/${name}`, kind: 'instance' };
  }
}

/** One setting per distinct MetadataOptions of the instances, asked as node-imds asks. */
function instanceSettings(pool: InstancePool): ImdsSetting[] {
  const groups = new Map<string, { options: MetadataOptions | undefined; ids: string[] }>();
  for (const instance of pool.instances) {
    const options = instanceOptions(instance);
    const key = JSON.stringify(options ?? null);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { options, ids: [] }));
    group.ids.push(instance.InstanceId ?? 'unknown');
  }
  return [...groups.values()].map(({ options, ids }) => {
    const { reachable, explanation } = imdsReachability(options);
    const shown = ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
    return {
      reachable,
      endpointDisabled: options?.HttpEndpoint === 'disabled',
      evidence: { resource: pool.resource, path: 'MetadataOptions', detail: `${pool.label} (instances ${shown}): ${explanation}` },
      enabledBy: [pool.resource],
    };
  });
}

function instanceOptions(instance: Ec2Instance): MetadataOptions | undefined {
  const raw: unknown = instance.MetadataOptions;
  if (!isRecord(raw)) return undefined;
  const options: MetadataOptions = {};
  const tokens = str(raw.HttpTokens);
  const endpoint = str(raw.HttpEndpoint);
  if (tokens) options.HttpTokens = tokens;
  if (endpoint) options.HttpEndpoint = endpoint;
  if (typeof raw.HttpPutResponseHopLimit === 'number') options.HttpPutResponseHopLimit = raw.HttpPutResponseHopLimit;
  return options;
}

/** Instances outside managed node groups join the pool of their Node, else a pool of their own. */
function addInstancePools(inventory: InventoryView, set: PoolSet): void {
  for (const pool of unmanagedInstancePools(inventory)) {
    const names = pool.instances.map((instance) => instance.PrivateDnsName).filter((name): name is string => typeof name === 'string' && name !== '');
    const { key, kind } = instancePoolKey(pool);
    const entry = names.map((name) => set.withNode(name)).find((found) => found !== undefined) ?? set.ensure(key, () => newPool(key, kind, pool.label, pool.resource));
    for (const name of names) if (!entry.nodeNames.includes(name)) entry.nodeNames.push(name);
    if (kind === 'karpenter') entry.config.labels[LABELS.nodePool] = pool.resource.name;
    const nodegroupTag = tagValue(pool.instances[0]?.Tags, 'eks:nodegroup-name');
    if (kind === 'managed' && nodegroupTag) entry.config.labels[LABELS.nodegroup] = nodegroupTag;
    entry.imds.push(...instanceSettings(pool));
  }
}

/**
 * Node roles the data names (EC2 access entries, aws-auth node mappings) that no pool claims:
 * pools whose role is unknown are linked to them, or each gets a pool of its own.
 */
function assignUnclaimedRoles(inventory: InventoryView, set: PoolSet): void {
  const claimed = new Set([...set.byKey.values()].flatMap((pool) => pool.roles.map((role) => roleKey(role.arn) ?? role.arn)));
  const unclaimed = nodeRoleTargets(inventory).filter((target) => !claimed.has(roleKey(target.arn) ?? target.arn));
  if (unclaimed.length === 0) return;
  const roleless = [...set.byKey.values()].filter((pool) => !pool.fargate && pool.roles.length === 0);
  for (const target of unclaimed) {
    const resource: ResourceRef = { kind: 'IAMRole', name: target.arn };
    if (roleless.length === 0) {
      const key = `self-managed/${principalName(target.arn)}`;
      const pool = set.ensure(key, () => newPool(key, 'self-managed', `nodes running as ${principalName(target.arn)}`, resource));
      addRole(pool, { arn: target.arn, guessed: false, evidence: { resource, detail: `${usersText(target)} makes ${target.arn} a node role; no node of it was collected` } });
      continue;
    }
    for (const pool of roleless) {
      addRole(pool, {
        arn: target.arn,
        guessed: true,
        evidence: { resource, detail: `the data does not say which role ${pool.label} runs as; ${target.arn} is a node role (${usersText(target)}) no known pool uses` },
      });
    }
  }
}

export function graphPools(inventory: InventoryView): GraphPool[] {
  return inventory.cached('graph:node-pools', () => {
    const set = new PoolSet();
    addNodePools(inventory, set);
    addManagedNodegroups(inventory, set);
    addFargateProfiles(inventory, set);
    addKarpenterNodePools(inventory, set);
    addInstancePools(inventory, set);
    assignUnclaimedRoles(inventory, set);
    return [...set.byKey.values()];
  });
}
