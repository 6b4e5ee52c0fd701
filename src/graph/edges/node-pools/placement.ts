/**
 * Which node pools a workload's pods can be scheduled on: a Fargate profile that selects them
 * (then nothing else), else every pool with a node that passes the scheduler's hard filters:
 * `spec.nodeName`, `spec.nodeSelector`, required node affinity, and taints the pods do not
 * tolerate (NoSchedule, NoExecute). A pool whose Nodes were collected is judged on them; one
 * known only from configuration (a node group or NodePool with no node yet) on the labels and
 * taints its configuration gives every node, any other label being possible. When in doubt a
 * pool is kept: a path through a pool the pods never reach is possible, a missed pool is not.
 */
import type { StepEvidence } from '../../../model/index.js';
import { getIn, isRecord, type InventoryView, type Workload } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { fargateProfileFor, nodeImdsData } from '../../../analysis/network/node-imds.js';
import { graphPools, POOL_IDENTITY_LABELS, type GraphPool, type NodeShape, type Taint } from './pools.js';

export interface Placement {
  /** Pools the pods can land on; a Fargate profile alone when one selects them. */
  pools: GraphPool[];
  evidence: StepEvidence;
}

type Label = { present: true; value: string } | { present: false } | undefined;

/** A label of a node shape: present, known absent, or unknown (undefined). */
function labelOf(shape: NodeShape, key: string): Label {
  const value = shape.labels[key];
  if (value !== undefined) return { present: true, value };
  // A configuration that names the pool does not give its nodes another pool's identity label.
  if (!shape.partial || POOL_IDENTITY_LABELS.includes(key)) return { present: false };
  return undefined;
}

/** One node selector requirement; undefined when the shape does not tell. */
function requirementHolds(shape: NodeShape, requirement: Record<string, unknown>): boolean | undefined {
  const key = typeof requirement.key === 'string' ? requirement.key : '';
  const values = Array.isArray(requirement.values) ? requirement.values.filter((value): value is string => typeof value === 'string') : [];
  const label = labelOf(shape, key);
  if (label === undefined) return undefined;
  const value = label.present ? label.value : undefined;
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const number = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || !Number.isInteger(number) || !Number.isInteger(bound)) return false;
      return requirement.operator === 'Gt' ? number > bound : number < bound;
    }
    default:
      return false;
  }
}

/** A node selector term: every expression holds (matchFields can only name the node). */
function termHolds(shape: NodeShape, term: unknown): boolean {
  if (!isRecord(term)) return false;
  const expressions = Array.isArray(term.matchExpressions) ? term.matchExpressions.filter(isRecord) : [];
  const fields = Array.isArray(term.matchFields) ? term.matchFields.filter(isRecord) : [];
  if (expressions.length === 0 && fields.length === 0) return false;
  for (const field of fields) {
    if (field.key !== 'metadata.name' || shape.name === undefined) continue;
    if (requirementHolds({ labels: { name: shape.name }, taints: [], partial: false }, { ...field, key: 'name' }) === false) return false;
  }
  return expressions.every((expression) => requirementHolds(shape, expression) !== false);
}

function tolerates(tolerations: readonly Record<string, unknown>[], taint: Taint): boolean {
  return tolerations.some((toleration) => {
    if (typeof toleration.effect === 'string' && toleration.effect !== '' && toleration.effect !== taint.effect) return false;
    const key = typeof toleration.key === 'string' ? toleration.key : '';
    if (toleration.operator === 'Exists') return key === '' || key === taint.key;
    return key === taint.key && (typeof toleration.value === 'string' ? toleration.value : '') === (taint.value ?? '');
  });
}

interface Constraints {
  nodeName?: string;
  selector: Array<[string, string]>;
  terms: unknown[] | undefined;
  tolerations: Array<Record<string, unknown>>;
}

function constraintsOf(workload: Workload): Constraints {
  const { podSpec } = workload;
  const selector = isRecord(podSpec.nodeSelector)
    ? Object.entries(podSpec.nodeSelector).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    : [];
  const terms = getIn(podSpec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  const constraints: Constraints = {
    selector,
    terms: Array.isArray(terms) && terms.length > 0 ? terms : undefined,
    tolerations: Array.isArray(podSpec.tolerations) ? podSpec.tolerations.filter(isRecord) : [],
  };
  if (typeof podSpec.nodeName === 'string' && podSpec.nodeName !== '') constraints.nodeName = podSpec.nodeName;
  return constraints;
}

function admits(shape: NodeShape, constraints: Constraints): boolean {
  if (constraints.nodeName !== undefined && shape.name !== undefined && shape.name !== constraints.nodeName) return false;
  if (constraints.selector.some(([key, value]) => requirementHolds(shape, { key, operator: 'In', values: [value] }) === false)) return false;
  if (constraints.terms && !constraints.terms.some((term) => termHolds(shape, term))) return false;
  // A pod named onto a node bypasses the scheduler, and with it NoSchedule taints.
  const blocking = shape.taints.filter((taint) => taint.effect === 'NoExecute' || (constraints.nodeName === undefined && taint.effect === 'NoSchedule'));
  return blocking.every((taint) => tolerates(constraints.tolerations, taint));
}

/** Whether the pool has a node (collected, or as configured) the pods can be scheduled on. */
export function poolAdmits(pool: GraphPool, constraints: Constraints): boolean {
  if (constraints.nodeName !== undefined && pool.nodeNames.length > 0 && !pool.nodeNames.includes(constraints.nodeName)) return false;
  const shapes = pool.nodes.length > 0 ? pool.nodes : [pool.config];
  return shapes.some((shape) => admits(shape, constraints));
}

function labels(pools: readonly GraphPool[]): string {
  const shown = pools.slice(0, 3).map((pool) => pool.label);
  return pools.length > 3 ? `${shown.join(', ')} and ${pools.length - 3} more` : shown.join(', ');
}

function constraintText(constraints: Constraints): string[] {
  const parts: string[] = [];
  if (constraints.nodeName !== undefined) parts.push(`nodeName ${constraints.nodeName}`);
  if (constraints.selector.length > 0) parts.push(`nodeSelector ${constraints.selector.map(([key, value]) => `${key}=${value}`).join(', ')}`);
  if (constraints.terms) parts.push('required node affinity');
  if (constraints.tolerations.length > 0) parts.push(`${constraints.tolerations.length} toleration(s)`);
  return parts;
}

export function placementOf(inventory: InventoryView, workload: Workload): Placement {
  const all = graphPools(inventory);
  const profile = fargateProfileFor(nodeImdsData(inventory), workload);
  const fargate = profile ? all.find((pool) => pool.fargate && pool.key === `fargate/${profile}`) : undefined;
  if (fargate) {
    return { pools: [fargate], evidence: { resource: fargate.resource, detail: `${fargate.label} selects its pods: they run on Fargate, one pod per micro-VM` } };
  }
  const constraints = constraintsOf(workload);
  const candidates = all.filter((pool) => !pool.fargate);
  const pools = candidates.filter((pool) => poolAdmits(pool, constraints));
  const resource = { kind: workload.resource.kind, namespace: workload.namespace, name: workload.resource.name };
  const parts = constraintText(constraints);
  const where = pools.length > 0 ? labels(pools) : 'no known pool';
  const detail =
    parts.length > 0
      ? `its scheduling constraints (${parts.join('; ')}) admit ${where}`
      : `nothing constrains where its pods run: any of the ${pools.length} non-Fargate pool(s) without a taint it must tolerate (${where})`;
  return { pools, evidence: { resource, path: formatPath(workload.podSpecPath), detail } };
}
