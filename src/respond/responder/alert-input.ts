/**
 * Alerts as `eksguard detect` writes them (one JSON Alert a line), checked field by field before
 * the responder acts on them: an action must never be taken on a half-read alert.
 */
import { isSeverity, type Alert } from '../../model/index.js';

export type AlertLine = { ok: true; alert: Alert } | { ok: false; problem: string } | { ok: true; alert: undefined };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const OPTIONAL_OBJECT_STRINGS = ['resource', 'subresource', 'namespace', 'name', 'apiGroup', 'arn'] as const;

/** One line of an alerts file; blank lines give no alert and no problem. */
export function parseAlertLine(text: string): AlertLine {
  if (text.trim() === '') return { ok: true, alert: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  const problem = alertProblem(value);
  return problem ? { ok: false, problem } : { ok: true, alert: value as Alert };
}

export function alertProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an alert (expected a JSON object)';
  for (const key of ['ruleId', 'title', 'eventId', 'time', 'output'] as const) {
    if (typeof value[key] !== 'string') return `not an alert: ${key} must be a string`;
  }
  if (value.ruleId === '') return 'not an alert: ruleId is empty';
  if (!isSeverity(value.severity)) return 'not an alert: severity must be critical, high, medium, low or info';
  if (value.source !== 'k8s-audit' && value.source !== 'cloudtrail') return 'not an alert: source must be k8s-audit or cloudtrail';
  if (!isRecord(value.subject) || typeof value.subject.name !== 'string') return 'not an alert: subject.name must be a string';
  if (!isRecord(value.object)) return 'not an alert: object must be an object';
  for (const key of OPTIONAL_OBJECT_STRINGS) {
    if (value.object[key] !== undefined && typeof value.object[key] !== 'string') return `not an alert: object.${key} must be a string`;
  }
  if (!isRecord(value.mitre)) return 'not an alert: mitre must be an object';
  return undefined;
}
