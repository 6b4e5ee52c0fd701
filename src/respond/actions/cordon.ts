/**
 * `cordon`: mark the node the alert's pod runs on (or the node the alert names) unschedulable,
 * with the strategic merge patch `kubectl cordon` sends. A node that is already cordoned is
 * left alone, so no undo can uncordon a node someone else cordoned.
 */
import type { Alert } from '../../model/index.js';
import { nodeOf, podOf } from './alert-target.js';
import { assertValid, getObject, isRecord, sendAll, skip } from './common.js';
import { isSubdomainName, quoted } from './names.js';
import { describeTarget, objectPath, targetOf } from './paths.js';
import { PATCH_TYPES, type ActionContext, type ActionSpec, type PlannedAction, type ResponseAction, type SkippedAction } from './types.js';

function validate(params: Record<string, unknown>): string[] {
  return Object.keys(params).map((key) => `${key}: unknown setting (cordon takes none)`);
}

async function nodeName(alert: Alert, context: ActionContext): Promise<{ name: string } | { why: string }> {
  const named = nodeOf(alert);
  if (named) return named.ok ? { name: named.value } : { why: named.why };
  const pod = podOf(alert);
  if (!pod.ok) return { why: `${pod.why}, and no node` };
  const object = await getObject(context.client, objectPath('Pod', pod.value.name, pod.value.namespace));
  if (!object) return { why: `Pod ${pod.value.namespace}/${pod.value.name} does not exist (any more)` };
  const node = isRecord(object.spec) ? object.spec.nodeName : undefined;
  if (typeof node !== 'string' || node === '') return { why: `Pod ${pod.value.namespace}/${pod.value.name} is not scheduled on a node` };
  if (!isSubdomainName(node)) return { why: `Pod ${pod.value.namespace}/${pod.value.name} names an invalid node ${quoted(node)}` };
  return { name: node };
}

async function plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction> {
  assertValid('cordon', validate(spec.params));
  const found = await nodeName(alert, context);
  if ('why' in found) return skip('cordon', found.why);
  const target = targetOf('Node', found.name);
  const path = objectPath('Node', found.name);
  const node = await getObject(context.client, path);
  if (!node) return skip('cordon', `${describeTarget(target)} does not exist (any more)`, target);
  const spec0 = isRecord(node.spec) ? node.spec : {};
  if (spec0.unschedulable === true) return skip('cordon', `${describeTarget(target)} is already cordoned (left as it is)`, target);
  return {
    action: 'cordon',
    target,
    description: `cordon ${describeTarget(target)}: no new pods are scheduled on it (running pods stay)`,
    facts: {},
    before: node,
    requests: [{ method: 'PATCH', path, contentType: PATCH_TYPES.strategic, body: { spec: { unschedulable: true } } }],
    // Back to what it was: absent (null removes the field) or an explicit false.
    undo: [{ method: 'PATCH', path, contentType: PATCH_TYPES.strategic, body: { spec: { unschedulable: spec0.unschedulable === false ? false : null } } }],
  };
}

export const cordonAction: ResponseAction = {
  kind: 'cordon',
  validate,
  plan,
  apply: (planned, context) => sendAll(context.client, planned.requests),
};
