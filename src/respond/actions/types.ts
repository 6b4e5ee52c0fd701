/**
 * The contract between response actions (what to change in the cluster and how to reverse it)
 * and the responder that picks them from playbooks, applies guardrails and keeps the trail.
 * Every change goes through `KubeClient`, so a dry run sends only GETs.
 */
import type { Alert } from '../../model/index.js';

export const ACTION_KINDS = ['label', 'annotate', 'quarantine', 'scale-to-zero', 'cordon', 'delete-binding', 'notify'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/** One request to the Kubernetes API, exactly as it goes on the wire (path with query). */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  /** For PATCH, one of PATCH_TYPES; JSON otherwise. */
  contentType?: string;
  body?: unknown;
}

/** The API server answered with an error status (`reason` from its Status body). */
export class KubeRequestError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    message: string,
    readonly request: Pick<KubeRequest, 'method' | 'path'>,
  ) {
    super(message);
  }
}

/** Sends one request and resolves to the parsed JSON body; rejects with KubeRequestError. */
export interface KubeClient {
  send(request: KubeRequest): Promise<unknown>;
}

/** Sends a notification (a webhook, Slack, a file); resolves once it was delivered. */
export interface Notifier {
  notify(message: { text: string; alert: Alert; actionId: string }): Promise<void>;
}

/** A playbook action as written: `{ action: label, labels: { … } }`. */
export interface ActionSpec {
  action: ActionKind;
  /** The action's own settings (labels, annotations, notifier name, …), validated by the action. */
  params: Record<string, unknown>;
}

/** What an action acts on. */
export interface ActionTarget {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Facts the guardrails need, read from the cluster while planning. */
export interface PlanFacts {
  /** Namespace the change lands in (for a node: undefined). */
  namespace?: string;
  /** The workload's ready replicas now and after the action, when the action takes pods out of service. */
  readyReplicasNow?: number;
  readyReplicasAfter?: number;
  /**
   * Why the ready replicas could not be read although the pod has a controller (an owner that is
   * forbidden, gone or of a kind eksguard does not know): the min-healthy-replicas guardrail then
   * refuses unless the minimum is 0, instead of passing for lack of facts.
   */
  replicasUnknown?: string;
  /**
   * Namespaces whose workloads the change reaches beyond its own (the service accounts a deleted
   * binding names): the namespace guardrails apply to them too.
   */
  affectedNamespaces?: string[];
}

/** What applying would do: the requests are the exact writes, in order. */
export interface PlannedAction {
  action: ActionKind;
  target: ActionTarget;
  /** One line for people: `scale Deployment shop/api from 3 to 0 replicas`. */
  description: string;
  facts: PlanFacts;
  /** The object as it is now (before), as the API server served it. */
  before: unknown;
  requests: KubeRequest[];
  /** The requests that reverse it, or why it cannot be reversed. */
  undo: KubeRequest[] | { notReversible: string };
  /** For `notify`: the message (rendered while planning, so a dry run shows it) and the alert it is about. */
  notification?: { text: string; alert: Alert };
}

/** The action does not apply to this alert (no pod named, binding not found, already done). */
export interface SkippedAction {
  action: ActionKind;
  skipped: string;
  target?: ActionTarget;
}

export interface ActionContext {
  client: KubeClient;
  notifiers: Record<string, Notifier>;
  /** Names resources the responder creates (the quarantine policy), unique per plan. */
  actionId: string;
}

export interface ResponseAction {
  kind: ActionKind;
  /** Problems with the playbook's settings for this action (field → message), empty when valid. */
  validate(params: Record<string, unknown>): string[];
  /** Reads what it needs (GET only) and says what it would do. */
  plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction>;
  /** Sends the planned writes; resolves to the object(s) after. */
  apply(plan: PlannedAction, context: ActionContext): Promise<unknown>;
}
