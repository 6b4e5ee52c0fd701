/**
 * `scale-to-zero`: scale the workload behind the pod an alert names (or the Deployment,
 * StatefulSet or ReplicaSet it names) to no replicas, through the `scale` subresource, so the
 * controller stops every pod of it. A ReplicaSet a Deployment controls is scaled through the
 * Deployment (the Deployment would scale it back). Bare pods, DaemonSets and Jobs have no
 * replicas to set.
 */
import type { Alert, K8sObject } from '../../model/index.js';
import { podOf, workloadOf } from './alert-target.js';
import { assertValid, getObject, isRecord, sendAll, skip } from './common.js';
import { controllersOf, readyReplicas, type Controller } from './owners.js';
import { describeTarget, objectPath, targetOf, type KnownKind } from './paths.js';
import { PATCH_TYPES, type ActionContext, type ActionSpec, type PlannedAction, type ResponseAction, type SkippedAction } from './types.js';

const SCALABLE: ReadonlySet<KnownKind> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

function validate(params: Record<string, unknown>): string[] {
  return Object.keys(params).map((key) => `${key}: unknown setting (scale-to-zero takes none)`);
}

/** The workload to scale, or why there is none. */
async function workloadFor(alert: Alert, context: ActionContext): Promise<{ workload: Controller; namespace: string } | { why: string }> {
  const direct = workloadOf(alert);
  let start: K8sObject;
  let namespace: string;
  let chain: Controller[];
  let stopped: string | undefined;
  if (direct) {
    if (!direct.ok) return { why: direct.why };
    ({ namespace } = direct.value);
    const object = await getObject(context.client, objectPath(direct.value.kind, direct.value.name, namespace));
    if (!object) return { why: `${direct.value.kind} ${namespace}/${direct.value.name} does not exist (any more)` };
    start = object;
    ({ chain, stopped } = await controllersOf(context.client, object, namespace));
    chain = [{ kind: direct.value.kind, name: direct.value.name, object }, ...chain];
  } else {
    const named = podOf(alert);
    if (!named.ok) return { why: named.why };
    namespace = named.value.namespace;
    const pod = await getObject(context.client, objectPath('Pod', named.value.name, namespace));
    if (!pod) return { why: `Pod ${namespace}/${named.value.name} does not exist (any more)` };
    start = pod;
    ({ chain, stopped } = await controllersOf(context.client, pod, namespace));
    if (chain.length === 0 && !stopped) return { why: `Pod ${namespace}/${named.value.name} has no controller to scale (a bare pod)` };
  }
  const top = chain[chain.length - 1];
  if (stopped) return { why: `${start.kind ?? 'the object'} ${namespace}/${start.metadata?.name ?? ''}: ${stopped}` };
  if (!top || !SCALABLE.has(top.kind)) {
    return { why: `${top ? `${top.kind} ${namespace}/${top.name}` : 'its controller'} cannot be scaled (only Deployments, StatefulSets and ReplicaSets have replicas)` };
  }
  return { workload: top, namespace };
}

async function plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction> {
  assertValid('scale-to-zero', validate(spec.params));
  const found = await workloadFor(alert, context);
  if ('why' in found) return skip('scale-to-zero', found.why);
  const { workload, namespace } = found;
  const target = targetOf(workload.kind, workload.name, namespace);
  const scalePath = objectPath(workload.kind, workload.name, namespace, 'scale');
  const scale = await getObject(context.client, scalePath);
  if (!scale) return skip('scale-to-zero', `${describeTarget(target)} does not exist (any more)`, target);
  const replicas = isRecord(scale.spec) && typeof scale.spec.replicas === 'number' ? scale.spec.replicas : undefined;
  if (replicas === undefined) return skip('scale-to-zero', `the scale of ${describeTarget(target)} has no spec.replicas`, target);
  if (replicas === 0) return skip('scale-to-zero', `${describeTarget(target)} is already scaled to 0 replicas`, target);
  return {
    action: 'scale-to-zero',
    target,
    description: `scale ${describeTarget(target)} from ${replicas} to 0 replicas`,
    facts: { namespace, readyReplicasNow: readyReplicas(workload) ?? 0, readyReplicasAfter: 0 },
    before: scale,
    requests: [{ method: 'PATCH', path: scalePath, contentType: PATCH_TYPES.merge, body: { spec: { replicas: 0 } } }],
    undo: [{ method: 'PATCH', path: scalePath, contentType: PATCH_TYPES.merge, body: { spec: { replicas } } }],
  };
}

export const scaleToZeroAction: ResponseAction = {
  kind: 'scale-to-zero',
  validate,
  plan,
  apply: (planned, context) => sendAll(context.client, planned.requests),
};
