/** A parsed, validated `playbooks.yaml` (apiVersion eksguard.io/v1alpha1, kind ResponsePlaybooks). */
import type { Severity } from '../../model/index.js';
import type { ActionSpec } from '../actions/types.js';

export const PLAYBOOKS_API_VERSION = 'eksguard.io/v1alpha1';
export const PLAYBOOKS_KIND = 'ResponsePlaybooks';

/** Which alerts a playbook answers; every criterion given must hold. */
export interface PlaybookMatch {
  /** Rule ids or globs (`*` any run of characters, `?` one character). */
  rules?: string[];
  severities?: Severity[];
  minSeverity?: Severity;
  /** Namespaces (or globs) of the alert's object; an alert without a namespace does not match. */
  namespaces?: string[];
  excludeNamespaces?: string[];
}

export interface Playbook {
  name: string;
  match: PlaybookMatch;
  actions: ActionSpec[];
  /** Lets the actions touch the protected namespaces (never the excluded ones). */
  allowProtectedNamespaces: boolean;
  /** Overrides the global guardrail for this playbook; scale-to-zero needs it set to 0 here. */
  minHealthyReplicas?: number;
}

export interface Guardrails {
  protectedNamespaces: string[];
  excludedNamespaces: string[];
  minHealthyReplicas: number;
  rateLimit: { actions: number; perMs: number; per: string };
  dedupWindowMs: number;
  dedupWindow: string;
}

export const DEFAULT_GUARDRAILS: Guardrails = {
  protectedNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
  excludedNamespaces: [],
  minHealthyReplicas: 1,
  rateLimit: { actions: 10, perMs: 10 * 60_000, per: '10m' },
  dedupWindowMs: 60 * 60_000,
  dedupWindow: '1h',
};

/** Where `notify` actions deliver; a webhook URL may be `env:VARIABLE` so the file holds no secret. */
export type NotifierConfig = { type: 'webhook'; url: string } | { type: 'file'; path: string };

export interface PlaybookSet {
  /** The file it was read from, for messages. */
  file: string;
  playbooks: Playbook[];
  guardrails: Guardrails;
  notifiers: Record<string, NotifierConfig>;
}
