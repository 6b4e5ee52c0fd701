/* eslint-disable @typescript-eslint/no-explicit-any -- objects as the API server serves them, read freely */
/**
 * Small response actions written against the contract (types.ts) for the responder's tests: they
 * read and write through the KubeClient they are given, so guardrails, trail and undo are tested
 * on real requests. Kinds a test does not use skip with a reason.
 */
import type { Alert } from '../../../model/index.js';
import { ACTION_KINDS, PATCH_TYPES, type ActionContext, type ActionKind, type ActionSpec, type PlannedAction, type ResponseAction, type SkippedAction } from '../../actions/types.js';

type Obj = Record<string, any>;

export const podPath = (namespace: string, name: string) => `/api/v1/namespaces/${namespace}/pods/${name}`;
export const deploymentPath = (namespace: string, name: string) => `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;

async function readPod(alert: Alert, context: ActionContext): Promise<Obj | undefined> {
  const { namespace, name, resource } = alert.object;
  if (resource !== 'pods' || !namespace || !name) return undefined;
  return (await context.client.send({ method: 'GET', path: podPath(namespace, name) })) as Obj;
}

async function apply(plan: PlannedAction, context: ActionContext): Promise<unknown> {
  let last: unknown;
  for (const request of plan.requests) last = await context.client.send(request);
  return last;
}

function labelPlan(kind: ActionKind, pod: Obj, labels: Record<string, string>, description: string, facts: PlannedAction['facts'] = {}): PlannedAction {
  const { namespace, name } = pod.metadata as { namespace: string; name: string };
  const previous = (pod.metadata.labels ?? {}) as Record<string, string>;
  const path = podPath(namespace, name);
  const restore = Object.fromEntries(Object.keys(labels).map((key) => [key, previous[key] ?? null]));
  return {
    action: kind,
    target: { apiVersion: 'v1', kind: 'Pod', namespace, name },
    description,
    facts: { namespace, ...facts },
    before: pod,
    requests: [{ method: 'PATCH', path, contentType: PATCH_TYPES.merge, body: { metadata: { labels } } }],
    undo: [{ method: 'PATCH', path, contentType: PATCH_TYPES.merge, body: { metadata: { labels: restore } } }],
  };
}

const label: ResponseAction = {
  kind: 'label',
  validate: (params) => (typeof params.labels === 'object' && params.labels !== null ? [] : ['labels: must be a map']),
  async plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction> {
    const pod = await readPod(alert, context);
    if (!pod) return { action: 'label', skipped: 'the alert names no pod' };
    return labelPlan('label', pod, spec.params.labels as Record<string, string>, `label Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
  },
  apply,
};

/** Labels the pod out of its Service and counts it out of the ready replicas of its Deployment (`app` label). */
const quarantine: ResponseAction = {
  kind: 'quarantine',
  validate: () => [],
  async plan(alert, _spec, context) {
    const pod = await readPod(alert, context);
    if (!pod) return { action: 'quarantine', skipped: 'the alert names no pod' };
    const deployment = (await context.client.send({ method: 'GET', path: deploymentPath(pod.metadata.namespace, pod.metadata.labels.app) })) as Obj;
    const now = deployment.status.readyReplicas as number;
    return labelPlan('quarantine', pod, { 'eksguard.io/quarantine': context.actionId }, `quarantine Pod ${pod.metadata.namespace}/${pod.metadata.name}`, { readyReplicasNow: now, readyReplicasAfter: now - 1 });
  },
  apply,
};

const scaleToZero: ResponseAction = {
  kind: 'scale-to-zero',
  validate: () => [],
  async plan(alert, _spec, context) {
    const pod = await readPod(alert, context);
    if (!pod) return { action: 'scale-to-zero', skipped: 'the alert names no pod' };
    const { namespace } = pod.metadata as { namespace: string };
    const path = deploymentPath(namespace, pod.metadata.labels.app);
    const deployment = (await context.client.send({ method: 'GET', path })) as Obj;
    return {
      action: 'scale-to-zero',
      target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: deployment.metadata.name },
      description: `scale Deployment ${namespace}/${deployment.metadata.name} from ${deployment.spec.replicas} to 0 replicas`,
      facts: { namespace, readyReplicasNow: deployment.status.readyReplicas, readyReplicasAfter: 0 },
      before: deployment,
      requests: [{ method: 'PATCH', path, contentType: PATCH_TYPES.merge, body: { spec: { replicas: 0 } } }],
      undo: [{ method: 'PATCH', path, contentType: PATCH_TYPES.merge, body: { spec: { replicas: deployment.spec.replicas } } }],
    };
  },
  apply,
};

const notify: ResponseAction = {
  kind: 'notify',
  validate: (params) => (typeof params.notifier === 'string' ? [] : ['notifier: must name a notifier']),
  plan(alert, spec) {
    return Promise.resolve({
      action: 'notify',
      target: { apiVersion: 'v1', kind: 'Pod', ...(alert.object.namespace ? { namespace: alert.object.namespace } : {}), name: alert.object.name ?? '' },
      description: `notify ${String(spec.params.notifier)}`,
      facts: {},
      // The alert travels in the plan: apply has only the plan and the context.
      before: alert,
      requests: [],
      undo: { notReversible: 'a notification cannot be taken back' },
    });
  },
  async apply(plan, context) {
    const notifier = context.notifiers[plan.description.slice('notify '.length)]!;
    await notifier.notify({ text: plan.description, alert: plan.before as Alert, actionId: context.actionId });
    return null;
  },
};

const IMPLEMENTED: Partial<Record<ActionKind, ResponseAction>> = { label, quarantine, 'scale-to-zero': scaleToZero, notify };

export const TEST_ACTIONS = Object.fromEntries(
  ACTION_KINDS.map((kind) => [
    kind,
    IMPLEMENTED[kind] ?? { kind, validate: () => [], plan: () => Promise.resolve({ action: kind, skipped: 'not part of the responder tests' }), apply: () => Promise.reject(new Error('not planned')) },
  ]),
) as Record<ActionKind, ResponseAction>;
