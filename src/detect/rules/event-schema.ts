/**
 * The fields of the events rules read, per source, so a misspelt field in a condition, output
 * template, exception or threshold key is an error at load time (with the fields that exist)
 * instead of a rule that silently never matches. Bodies whose shape depends on the resource or
 * the API call (`requestObject`, `requestParameters`, …) are open: anything below them is allowed.
 *
 * Fields are those of audit.k8s.io/v1 Event (k8s.io/apiserver/pkg/apis/audit/v1) and of the
 * CloudTrail record contents (AWS CloudTrail User Guide, "CloudTrail record contents").
 */
import type { DetectionSource } from '../../model/index.js';
import type { FieldPath } from './field-path.js';

/** `leaf`: a scalar or list of scalars; `open`: any shape below; otherwise the known fields. */
type Shape = 'leaf' | 'open' | { readonly [field: string]: Shape };

const USER_INFO: Shape = { username: 'leaf', uid: 'leaf', groups: 'leaf', extra: 'open' };

const AUDIT_EVENT: Shape = {
  kind: 'leaf',
  apiVersion: 'leaf',
  level: 'leaf',
  auditID: 'leaf',
  stage: 'leaf',
  requestURI: 'leaf',
  verb: 'leaf',
  user: USER_INFO,
  impersonatedUser: USER_INFO,
  sourceIPs: 'leaf',
  userAgent: 'leaf',
  objectRef: { resource: 'leaf', namespace: 'leaf', name: 'leaf', uid: 'leaf', apiGroup: 'leaf', apiVersion: 'leaf', resourceVersion: 'leaf', subresource: 'leaf' },
  responseStatus: { metadata: 'open', status: 'leaf', message: 'leaf', reason: 'leaf', details: 'open', code: 'leaf' },
  requestObject: 'open',
  responseObject: 'open',
  requestReceivedTimestamp: 'leaf',
  stageTimestamp: 'leaf',
  annotations: 'open',
};

const CLOUDTRAIL_RECORD: Shape = {
  eventVersion: 'leaf',
  userIdentity: {
    type: 'leaf',
    principalId: 'leaf',
    arn: 'leaf',
    accountId: 'leaf',
    accessKeyId: 'leaf',
    userName: 'leaf',
    sessionContext: 'open',
    invokedBy: 'leaf',
    identityProvider: 'leaf',
    credentialId: 'leaf',
    onBehalfOf: 'open',
    inScopeOf: 'open',
  },
  eventTime: 'leaf',
  eventSource: 'leaf',
  eventName: 'leaf',
  awsRegion: 'leaf',
  sourceIPAddress: 'leaf',
  userAgent: 'leaf',
  errorCode: 'leaf',
  errorMessage: 'leaf',
  requestParameters: 'open',
  responseElements: 'open',
  additionalEventData: 'open',
  requestID: 'leaf',
  eventID: 'leaf',
  readOnly: 'leaf',
  resources: 'open',
  eventType: 'leaf',
  apiVersion: 'leaf',
  managementEvent: 'leaf',
  recipientAccountId: 'leaf',
  serviceEventDetails: 'open',
  sharedEventID: 'leaf',
  vpcEndpointId: 'leaf',
  vpcEndpointAccountId: 'leaf',
  eventCategory: 'leaf',
  addendum: 'open',
  sessionCredentialFromConsole: 'leaf',
  edgeDeviceDetails: 'open',
  tlsDetails: 'open',
  insightDetails: 'open',
};

const SHAPES: Record<DetectionSource, Shape> = { 'k8s-audit': AUDIT_EVENT, cloudtrail: CLOUDTRAIL_RECORD };
const NAMES: Record<DetectionSource, string> = { 'k8s-audit': 'audit events', cloudtrail: 'CloudTrail records' };

/** Why a field path does not exist in events of the source; undefined when it may. */
export function fieldPathProblem(path: FieldPath, source: DetectionSource): string | undefined {
  let shape = SHAPES[source];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string;
    if (shape === 'open') return undefined;
    const here = ['event', ...path.slice(0, i)].join('.');
    if (shape === 'leaf') {
      // Lists of scalars are indexed by number (`sourceIPs.0`).
      return /^\d+$/.test(segment) && i === path.length - 1 ? undefined : `${here} has no fields (it is a value), so ${here}.${segment} is never set`;
    }
    const next: Shape | undefined = Object.hasOwn(shape, segment) ? shape[segment] : undefined;
    if (next === undefined) return `${NAMES[source]} have no field ${here}.${segment} (${here} has: ${Object.keys(shape).join(', ')})`;
    shape = next;
  }
  return undefined;
}

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
// Segments followed by `(` are method calls (`.startsWith(`, `.orValue(`), not fields.
const EVENT_PATH = /(?<![\w.])event((?:\s*\.\??\s*[A-Za-z_][A-Za-z0-9_]*(?![\w(])(?!\s*\())+)/g;

/** Problems of every `event.…` field path a CEL condition selects (string literals aside). */
export function conditionFieldProblems(condition: string, source: DetectionSource): string[] {
  const code = condition.replace(STRING_LITERAL, '""');
  const problems = new Set<string>();
  for (const match of code.matchAll(EVENT_PATH)) {
    const path = (match[1] ?? '')
      .split('.')
      .map((segment) => segment.replace(/[?\s]/g, ''))
      .filter(Boolean);
    const problem = fieldPathProblem(path, source);
    if (problem) problems.add(problem);
  }
  return [...problems];
}
