/**
 * The guardrails between a planned action and the cluster. Each answers "refused, and why" or
 * nothing; none queues or retries: an action refused now is reported, not sent later.
 */
import type { Alert } from '../../model/index.js';
import type { PlannedAction } from '../actions/types.js';
import { globMatches } from '../playbooks/match.js';
import type { Guardrails, Playbook } from '../playbooks/types.js';
import type { GuardrailName } from './trail-record.js';

export interface Refusal {
  guardrail: GuardrailName;
  reason: string;
}

/**
 * Every namespace the action touches or was triggered from: the change's own (facts), the
 * target's, the alert's object (cordoning the node of a kube-system pod acts on kube-system) and
 * those a cluster-scoped change reaches (a ClusterRoleBinding's service accounts).
 */
export function namespacesOf(plan: PlannedAction, alert: Alert): string[] {
  const all = [plan.facts.namespace, plan.target.namespace, alert.object.namespace, ...(plan.facts.affectedNamespaces ?? [])].filter((ns): ns is string => typeof ns === 'string' && ns !== '');
  return [...new Set(all)];
}

/**
 * Excluded namespaces are refused unless the playbook names the namespace itself (not by a glob)
 * in match.namespaces; protected ones unless it sets allowProtectedNamespaces.
 */
export function namespaceGuard(playbook: Playbook, guardrails: Guardrails, namespaces: readonly string[]): Refusal | undefined {
  for (const namespace of namespaces) {
    const excluded = guardrails.excludedNamespaces.some((pattern) => globMatches(pattern, namespace));
    if (excluded && !playbook.match.namespaces?.includes(namespace)) {
      return { guardrail: 'excluded-namespace', reason: `namespace ${namespace} is excluded (guardrails.excludedNamespaces); the playbook must name it in match.namespaces to act there` };
    }
    const isProtected = guardrails.protectedNamespaces.some((pattern) => globMatches(pattern, namespace));
    if (isProtected && !playbook.allowProtectedNamespaces) {
      return { guardrail: 'protected-namespace', reason: `namespace ${namespace} is protected (guardrails.protectedNamespaces); set allowProtectedNamespaces: true in playbook ${playbook.name} to act there` };
    }
  }
  return undefined;
}

/**
 * Refuses an action that leaves fewer ready replicas than the minimum. Scaling to zero is refused
 * unless the playbook itself sets minHealthyReplicas: 0: the global setting is not enough to take
 * a whole workload down.
 */
export function replicasGuard(playbook: Playbook, guardrails: Guardrails, plan: PlannedAction): Refusal | undefined {
  if (plan.action === 'scale-to-zero' && playbook.minHealthyReplicas !== 0) {
    return { guardrail: 'min-healthy-replicas', reason: `scale-to-zero takes every replica down; playbook ${playbook.name} must set minHealthyReplicas: 0 to allow it` };
  }
  const min = playbook.minHealthyReplicas ?? guardrails.minHealthyReplicas;
  if (plan.facts.replicasUnknown !== undefined && min > 0) {
    return { guardrail: 'min-healthy-replicas', reason: `cannot tell how many ready replicas would remain (${plan.facts.replicasUnknown}); minHealthyReplicas is ${min} (set it to 0 in the playbook to act anyway)` };
  }
  const after = plan.facts.readyReplicasAfter;
  if (after === undefined) return undefined;
  if (after < min) {
    const now = plan.facts.readyReplicasNow;
    return { guardrail: 'min-healthy-replicas', reason: `would leave ${after} ready replica(s)${now !== undefined ? ` of ${now}` : ''}, fewer than minHealthyReplicas ${min}` };
  }
  return undefined;
}

/** Remembers actions taken (key → time) for the dedup window. */
export class ActionDedup {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs: number) {}

  /** When the same key was acted on within the window, the time it was. */
  previous(key: string, now: number): number | undefined {
    const time = this.seen.get(key);
    return time !== undefined && now - time < this.windowMs ? time : undefined;
  }

  remember(key: string, time: number): void {
    if (this.windowMs <= 0) return;
    const old = this.seen.get(key);
    if (old === undefined || old < time) this.seen.set(key, time);
  }
}

/**
 * A global token bucket: `actions` tokens, refilled evenly over `perMs`. An action that finds no
 * token is refused (a burst of alerts must not become a burst of changes an hour later).
 */
export class RateLimiter {
  private tokens: number;
  private updated: number | undefined;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
  ) {
    this.tokens = capacity;
  }

  /** Takes a token at `now` if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * this.perMs) / this.capacity);
  }

  private refill(now: number): void {
    if (this.updated !== undefined && now > this.updated) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) * this.capacity) / this.perMs);
    }
    if (this.updated === undefined || now > this.updated) this.updated = now;
  }
}
