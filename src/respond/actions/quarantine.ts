/**
 * `quarantine`: cut the pod an alert names off the network. The pod gets the label
 * `eksguard.io/quarantine=<action id>` and a NetworkPolicy of the same name selects exactly that
 * label with both policy types and no rules, which denies all ingress and egress of that pod
 * and no other. NetworkPolicies add up (a pod is allowed what any policy selecting it allows),
 * so the plan names the policies that still allow traffic to or from the pod.
 */
import { selectorMatches, type LabelSelector } from '../../inventory/index.js';
import type { Alert, K8sObject } from '../../model/index.js';
import { podOf } from './alert-target.js';
import { assertValid, getObject, isRecord, sendAll, skip } from './common.js';
import { metadataPatch } from './metadata-patch.js';
import { isSubdomainName, labelValueProblem, quoted } from './names.js';
import { isPodReady, controllersOf, readyReplicas } from './owners.js';
import { collectionPath, describeTarget, objectPath, targetOf } from './paths.js';
import { KubeRequestError, PATCH_TYPES, type ActionContext, type ActionSpec, type PlanFacts, type PlannedAction, type ResponseAction, type SkippedAction } from './types.js';

export const QUARANTINE_LABEL = 'eksguard.io/quarantine';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'eksguard' } as const;

export function quarantinePolicyName(actionId: string): string {
  return `eksguard-quarantine-${actionId.toLowerCase()}`;
}

function validate(params: Record<string, unknown>): string[] {
  return Object.keys(params).map((key) => `${key}: unknown setting (quarantine takes none)`);
}

async function plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction> {
  assertValid('quarantine', validate(spec.params));
  const named = podOf(alert);
  if (!named.ok) return skip('quarantine', named.why);
  const { namespace, name } = named.value;
  const target = targetOf('Pod', name, namespace);
  const podPath = objectPath('Pod', name, namespace);
  const pod = await getObject(context.client, podPath);
  if (!pod) return skip('quarantine', `${describeTarget(target)} does not exist (any more)`, target);
  const existing = pod.metadata?.labels?.[QUARANTINE_LABEL];
  if (existing !== undefined) return skip('quarantine', `${describeTarget(target)} is already quarantined (${QUARANTINE_LABEL}=${existing})`, target);
  const policyName = quarantinePolicyName(context.actionId);
  if (labelValueProblem(context.actionId) || !isSubdomainName(policyName)) {
    return skip('quarantine', `the action id ${quoted(context.actionId)} cannot be a label value and a NetworkPolicy name`, target);
  }
  const labelPatch = metadataPatch(pod, 'labels', { [QUARANTINE_LABEL]: context.actionId })!;
  const policy = quarantinePolicy(policyName, namespace, context.actionId, name, alert.ruleId);
  const policyPath = objectPath('NetworkPolicy', policyName, namespace);
  const stillAllowing = await policiesAllowing(context, namespace, { ...pod.metadata?.labels, [QUARANTINE_LABEL]: context.actionId });
  const note =
    stillAllowing === undefined
      ? '; other NetworkPolicies could not be listed (forbidden), any that select the pod still allow their traffic'
      : stillAllowing.length > 0
        ? `; NetworkPolicies add up, and ${stillAllowing.join(', ')} still allow${stillAllowing.length === 1 ? 's' : ''} some of its traffic`
        : '';
  return {
    action: 'quarantine',
    target,
    description: `quarantine ${describeTarget(target)}: NetworkPolicy ${policyName} denies all its ingress and egress${note}`,
    facts: await facts(context, pod, namespace),
    before: pod,
    requests: [
      { method: 'POST', path: collectionPath('NetworkPolicy', namespace), contentType: 'application/json', body: policy },
      { method: 'PATCH', path: podPath, contentType: PATCH_TYPES.json, body: labelPatch.apply },
    ],
    // The policy first: when the pod is gone by then, the label patch fails but the policy is removed.
    undo: [
      { method: 'DELETE', path: policyPath },
      { method: 'PATCH', path: podPath, contentType: PATCH_TYPES.json, body: labelPatch.undo },
    ],
  };
}

function quarantinePolicy(name: string, namespace: string, actionId: string, pod: string, ruleId: string): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace,
      labels: { ...MANAGED_BY, [QUARANTINE_LABEL]: actionId },
      annotations: { 'eksguard.io/quarantined-pod': pod, 'eksguard.io/alert-rule': ruleId },
    },
    // Both policy types and no rules: nothing in, nothing out.
    spec: { podSelector: { matchLabels: { [QUARANTINE_LABEL]: actionId } }, policyTypes: ['Ingress', 'Egress'] },
  };
}

/**
 * The workload's ready replicas now and once this pod is cut off (one fewer when it is ready).
 * A pod without a controller has no workload to keep healthy: no facts.
 */
async function facts(context: ActionContext, pod: K8sObject, namespace: string): Promise<PlanFacts> {
  const { chain, stopped } = await controllersOf(context.client, pod, namespace);
  // A controller that cannot be read is not "no workload": the guardrail must not pass blind.
  if (stopped) return { namespace, replicasUnknown: stopped };
  const top = chain[chain.length - 1];
  const reported = top ? readyReplicas(top) : undefined;
  if (reported === undefined) return { namespace };
  const cutOff = await quarantinedSiblings(context, pod, namespace);
  if (cutOff === undefined) return { namespace, replicasUnknown: 'the pods quarantined already could not be listed (forbidden)' };
  const now = Math.max(0, reported - cutOff);
  return { namespace, readyReplicasNow: now, readyReplicasAfter: Math.max(0, now - (isPodReady(pod) ? 1 : 0)) };
}

/**
 * Ready pods of the same controller that an earlier quarantine cut off. They stay Ready (and
 * counted in the workload's status) while they serve nothing, so without this each quarantine
 * would see every replica healthy and a burst of alerts could cut off the whole workload.
 * Undefined when the pods cannot be listed.
 */
async function quarantinedSiblings(context: ActionContext, pod: K8sObject, namespace: string): Promise<number | undefined> {
  const controller = controllerUid(pod);
  let list: unknown;
  try {
    list = await context.client.send({ method: 'GET', path: `${collectionPath('Pod', namespace)}?labelSelector=${encodeURIComponent(QUARANTINE_LABEL)}` });
  } catch (error) {
    if (error instanceof KubeRequestError && error.status === 403) return undefined;
    throw error;
  }
  const items = isRecord(list) && Array.isArray(list.items) ? (list.items as unknown[]) : [];
  return items.filter((item) => isRecord(item) && (item as K8sObject).metadata?.uid !== pod.metadata?.uid && controller !== undefined && controllerUid(item as K8sObject) === controller && isPodReady(item as K8sObject)).length;
}

function controllerUid(object: K8sObject): string | undefined {
  const references = Array.isArray(object.metadata?.ownerReferences) ? object.metadata.ownerReferences : [];
  const reference = references.find((candidate) => isRecord(candidate) && candidate.controller === true);
  return typeof reference?.uid === 'string' ? reference.uid : undefined;
}

/** Other policies in the namespace that select the pod and allow some ingress or egress; undefined when listing them is forbidden. */
async function policiesAllowing(context: ActionContext, namespace: string, labels: Record<string, string>): Promise<string[] | undefined> {
  let list: unknown;
  try {
    list = await context.client.send({ method: 'GET', path: collectionPath('NetworkPolicy', namespace) });
  } catch (error) {
    if (error instanceof KubeRequestError && error.status === 403) return undefined;
    throw error;
  }
  const items = isRecord(list) && Array.isArray(list.items) ? (list.items as unknown[]) : [];
  const names: string[] = [];
  for (const item of items) {
    if (!isRecord(item) || !isRecord(item.spec) || !isRecord(item.metadata)) continue;
    const spec = item.spec;
    const selector = isRecord(spec.podSelector) ? (spec.podSelector as LabelSelector) : {};
    if (!selectorMatches(selector, labels)) continue;
    const types = Array.isArray(spec.policyTypes) ? (spec.policyTypes as unknown[]) : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
    const allowsIn = types.includes('Ingress') && Array.isArray(spec.ingress) && spec.ingress.length > 0;
    const allowsOut = types.includes('Egress') && Array.isArray(spec.egress) && spec.egress.length > 0;
    if (allowsIn || allowsOut) names.push(String(item.metadata.name));
  }
  return names.sort();
}

/**
 * Creates the policy, then labels the pod. When the label cannot be set (the pod was deleted or
 * replaced since planning) the policy selects nothing and the action failed: the policy is
 * deleted again (only that object, by uid), so a failed quarantine leaves nothing behind that
 * the trail, which records it as failed, could not undo.
 */
async function apply(planned: PlannedAction, context: ActionContext): Promise<unknown> {
  const [create, ...rest] = planned.requests;
  if (!create) return [];
  const policy = await context.client.send(create);
  try {
    const answers = await sendAll(context.client, rest);
    return [policy, ...(rest.length === 1 ? [answers] : (answers as unknown[]))];
  } catch (error) {
    throw await rolledBack(error, policy, create.path, context);
  }
}

async function rolledBack(error: unknown, policy: unknown, collection: string, context: ActionContext): Promise<unknown> {
  const metadata = isRecord(policy) && isRecord(policy.metadata) ? policy.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  if (!name || !(error instanceof KubeRequestError)) return error;
  const uid = typeof metadata.uid === 'string' ? metadata.uid : undefined;
  const where = `NetworkPolicy ${namespace ?? '?'}/${name}`;
  let outcome: string;
  try {
    await context.client.send({ method: 'DELETE', path: `${collection}/${encodeURIComponent(name)}`, contentType: 'application/json', body: { kind: 'DeleteOptions', apiVersion: 'v1', ...(uid ? { preconditions: { uid } } : {}) } });
    outcome = `${where} was deleted again`;
  } catch (cleanup) {
    outcome = `${where} could not be deleted again (${cleanup instanceof Error ? cleanup.message : String(cleanup)}): delete it by hand`;
  }
  return new KubeRequestError(error.status, error.reason, `${error.message}; the pod was not labelled, so ${outcome}`, error.request);
}

export const quarantineAction: ResponseAction = {
  kind: 'quarantine',
  validate,
  plan,
  apply,
};
