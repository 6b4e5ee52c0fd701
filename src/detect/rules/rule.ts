import type { DetectionSource, MitreRef, Severity } from '../../model/index.js';
import type { FieldPath, TemplatePart } from './field-path.js';
import type { RuleThreshold } from './threshold-window.js';

export const MATURITIES = ['stable', 'experimental'] as const;
export type Maturity = (typeof MATURITIES)[number];

/**
 * Prefilter of a rule: the engine indexes rules by it, so an event is tested only against rules
 * that can match. Audit rules use verbs / resources / subresources (all optional, absent = any);
 * CloudTrail rules use eventNames.
 */
export interface RuleMatch {
  verbs?: string[];
  resources?: string[];
  /** When given, the event's subresource must be one of these ('' = no subresource). */
  subresources?: string[];
  eventNames?: string[];
}

/** Falco-style exception: an event whose fields equal any one tuple of values is not alerted. */
export interface RuleException {
  name: string;
  fields: FieldPath[];
  values: string[][];
}

/** A loaded, compiled rule. */
export interface DetectionRule {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  mitre: MitreRef;
  source: DetectionSource;
  /** The condition as written, and after macro and list expansion (what CEL compiled). */
  condition: string;
  expandedCondition: string;
  output: string;
  exceptions: RuleException[];
  maturity: Maturity;
  match?: RuleMatch;
  /** Stateful rules alert only when matches reach a count within a window, per key. */
  threshold?: RuleThreshold;
  /** File the rule was defined in. */
  file: string;
  /** The compiled condition; true means the event matches. May throw on odd events. */
  test(event: unknown): unknown;
  outputParts: TemplatePart[];
}
