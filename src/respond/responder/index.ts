export { ACTION_ID, actionIdGenerator } from './action-id.js';
export { ActionDedup, namespaceGuard, RateLimiter, replicasGuard, type Refusal } from './guardrails.js';
export { Responder, type ResponderOptions, type ResponderStats } from './responder.js';
export { FileTrail, readTrailFile, type TrailProblem } from './trail-file.js';
export * from './trail-record.js';
export { scrubForTrail } from './trail-scrub.js';
export { applyUndo, findUndoable, planUndo, type UndoPlan } from './undo.js';
export { alertProblem, parseAlertLine, type AlertLine } from './alert-input.js';
export { RESPONDER_ROLE_NAME, RESPONDER_RULES, roleAllows, type RoleRule } from './responder-role.js';
