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
  const { chain } = await controllersOf(context.client, pod, namespace);
  const top = chain[chain.length - 1];
  const now = top ? readyReplicas(top) : undefined;
  if (now === undefined) return { namespace };
  return { namespace, readyReplicasNow: now, readyReplicasAfter: Math.max(0, now - (isPodReady(pod) ? 1 : 0)) };
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

export const quarantineAction: ResponseAction = {
  kind: 'quarantine',
  validate,
  plan,
  apply: (planned, context) => sendAll(context.client, planned.requests),
};
