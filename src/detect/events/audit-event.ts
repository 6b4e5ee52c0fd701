/**
 * Kubernetes `audit.k8s.io/v1` Event, as the API server writes it to the log backend, posts it
 * to the webhook backend (inside an `EventList`) and EKS ships it to CloudWatch Logs.
 * Fields follow the Kubernetes API reference (k8s.io/apiserver/pkg/apis/audit/v1). Unknown fields
 * are kept on the object at runtime and ignored here.
 */
export const AUDIT_API_VERSION = 'audit.k8s.io/v1';

export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

export const AUDIT_LEVELS: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
export const AUDIT_STAGES: readonly AuditStage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** authentication.k8s.io/v1 UserInfo. */
export interface AuditUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

/** meta/v1 Status, as recorded in `responseStatus`. */
export interface AuditResponseStatus {
  code?: number;
  status?: string;
  reason?: string;
  message?: string;
  details?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface AuditEvent {
  kind?: 'Event';
  apiVersion?: typeof AUDIT_API_VERSION;
  level: AuditLevel;
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUserInfo;
  impersonatedUser?: AuditUserInfo;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectReference;
  responseStatus?: AuditResponseStatus;
  /** Present at level Request and above, for requests with a body. */
  requestObject?: unknown;
  /** Present at level RequestResponse, from stage ResponseComplete. */
  responseObject?: unknown;
  /** MicroTime, RFC 3339 with microseconds. */
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
}

/** Whether a value looks like an audit event (as opposed to another record); not a validation. */
export function looksLikeAuditEvent(value: Record<string, unknown>): boolean {
  return 'auditID' in value || (value.kind === 'Event' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('audit.k8s.io/'));
}
