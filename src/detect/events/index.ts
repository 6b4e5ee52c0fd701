export type * from './audit-event.js';
export { AUDIT_API_VERSION, AUDIT_LEVELS, AUDIT_STAGES } from './audit-event.js';
export type * from './cloudtrail-record.js';
export { TRUNCATION_MARKER, type DetectInput, type ReadIssue, type ReadIssueKind } from './classify.js';
export { auditEventProblem, cloudTrailProblem } from './validate.js';
export { DEFAULT_MAX_EVENT_BYTES, emptyReadStats, readEvents, type EventReader, type EventSource, type ReadOptions, type ReadStats } from './read-events.js';
