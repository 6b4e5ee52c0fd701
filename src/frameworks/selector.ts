import type { CheckResult } from '../model/index.js';

/**
 * What of a check's results concern one control. A check may cover several controls
 * (ng-kubelet-misc decides CIS 3.2.5–3.2.9), so a control names the check and, when only part
 * of it concerns the control, the message id its findings are written with (`message`) and/or
 * the evidence path they point at (`path`, matched as the trailing segments of the result's
 * path: `hostPID` matches `spec.template.spec.hostPID`).
 *
 * In a framework file: `ng-kubelet-misc` (the whole check), `ng-kubelet-misc#eventQps` (one
 * message id), or `{ check: psa-existing-violations, message: host-namespaces, path: hostPID }`.
 */
export interface CheckSelector {
  check: string;
  message?: string;
  path?: string;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SELECTOR_KEYS = new Set(['check', 'message', 'path']);

/** A selector from a framework file entry, or why the entry is not one. */
export function parseSelector(entry: unknown): CheckSelector | string {
  if (typeof entry === 'string') {
    const [check = '', message, ...rest] = entry.split('#');
    if (rest.length > 0 || message === '') return `"${entry}": write check-id or check-id#message-id`;
    return validated(message === undefined ? { check } : { check, message });
  }
  if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    const record = entry as Record<string, unknown>;
    const unknown = Object.keys(record).filter((key) => !SELECTOR_KEYS.has(key));
    if (unknown.length > 0) return `unknown key ${unknown.join(', ')} (use check, message, path)`;
    const { check, message, path } = record;
    if (typeof check !== 'string') return 'check must be a check id';
    if (message !== undefined && (typeof message !== 'string' || message === '')) return `${check}: message must be a message id`;
    if (path !== undefined && (typeof path !== 'string' || path === '')) return `${check}: path must be an evidence path`;
    if (message === undefined && path === undefined) return `${check}: a mapping needs message or path; write the plain id for the whole check`;
    return validated({ check, ...(message !== undefined && { message }), ...(path !== undefined && { path }) });
  }
  return 'an entry must be a check id or a mapping { check, message, path }';
}

function validated(selector: CheckSelector): CheckSelector | string {
  return ID.test(selector.check) ? selector : `"${selector.check}" is not a check id`;
}

/** Whether the selector picks part of its check rather than all of it. */
export function isPartial(selector: CheckSelector): boolean {
  return selector.message !== undefined || selector.path !== undefined;
}

/** `check`, `check#message`, `check#message@path`, `check@path`: for reasons and test messages. */
export function selectorText(selector: CheckSelector): string {
  return `${selector.check}${selector.message !== undefined ? `#${selector.message}` : ''}${selector.path !== undefined ? `@${selector.path}` : ''}`;
}

function pathMatches(resultPath: string, wanted: string): boolean {
  return resultPath === wanted || resultPath.endsWith(`.${wanted}`);
}

/**
 * Whether a result of the selector's check concerns the selected part. A failure must carry the
 * message id and path selected. A result that is not a finding (pass, not evaluated, error)
 * names no message, so it concerns every part of its check, unless it points at a path the
 * selector does not select.
 */
export function selects(selector: CheckSelector, result: CheckResult): boolean {
  if (result.checkId !== selector.check) return false;
  if (selector.message !== undefined && result.status === 'fail' && result.messageId !== selector.message) return false;
  if (selector.path === undefined) return true;
  if (result.path === undefined) return result.status !== 'fail';
  return pathMatches(result.path, selector.path);
}
