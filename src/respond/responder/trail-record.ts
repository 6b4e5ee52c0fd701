/**
 * One line of the response trail (JSON lines): every decision the responder took, with the state
 * before and after and the requests that reverse it, so `respond undo <id>` can work from it alone.
 */
import type { AlertObject, AlertSubject, Severity } from '../../model/index.js';
import type { ActionKind, ActionTarget, KubeRequest } from '../actions/types.js';

export const OUTCOMES = ['applied', 'planned', 'refused', 'skipped', 'failed'] as const;
export type OutcomeStatus = (typeof OUTCOMES)[number];

export const GUARDRAILS = ['protected-namespace', 'excluded-namespace', 'min-healthy-replicas', 'dedup-window', 'rate-limit'] as const;
export type GuardrailName = (typeof GUARDRAILS)[number];

export interface TrailAlert {
  ruleId: string;
  eventId: string;
  severity: Severity;
  subject: AlertSubject;
  object: AlertObject;
}

/** The API server's answer when a request failed. */
export interface TrailError {
  status?: number;
  reason?: string;
  message: string;
  request?: Pick<KubeRequest, 'method' | 'path'>;
}

interface RecordBase {
  /** Time-sortable and unique: `20250512-103000-123-a3f9c1`. */
  id: string;
  time: string;
  mode: 'dry-run' | 'applied';
  outcome: OutcomeStatus;
  /** Why it was refused, skipped or failed. */
  reason?: string;
  /** The guardrail that refused it, or `dedup-window` for a duplicate. */
  guardrail?: GuardrailName;
  action: ActionKind;
  target?: ActionTarget;
  /** One line for people, from the plan. */
  description?: string;
  requests?: KubeRequest[];
  before?: unknown;
  /** The object(s) as the API server served them after the writes. */
  after?: unknown;
  error?: TrailError;
}

export interface ActionRecord extends RecordBase {
  type: 'action';
  alert: TrailAlert;
  playbook: string;
  undo?: KubeRequest[] | { notReversible: string };
}

export interface UndoRecord extends RecordBase {
  type: 'undo';
  /** The action record this reverses. */
  undoes: string;
}

export type TrailRecord = ActionRecord | UndoRecord;

/** Where records go; `records` are those already written (this run and before), oldest first. */
export interface TrailStore {
  append(record: TrailRecord): Promise<void>;
  records(): readonly TrailRecord[];
}

/** Keeps records in memory: for dry runs that must not write, and for tests. */
export class MemoryTrail implements TrailStore {
  private readonly kept: TrailRecord[];
  constructor(initial: readonly TrailRecord[] = []) {
    this.kept = [...initial];
  }
  append(record: TrailRecord): Promise<void> {
    this.kept.push(record);
    return Promise.resolve();
  }
  records(): readonly TrailRecord[] {
    return this.kept;
  }
}

export function targetText(target: ActionTarget | undefined): string {
  if (!target) return '-';
  return `${target.kind}/${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}
