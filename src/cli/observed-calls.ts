/**
 * CloudTrail records as the IAM least-privilege generator sees them (ObservedAwsCall): the CLI
 * reads logs with detect/events and hands these on, so respond/ never learns a log format.
 */
import type { CloudTrailRecord, DetectInput } from '../detect/events/index.js';
import type { ObservedAwsCall } from '../respond/observed.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** `arn:aws:sts::111122223333:assumed-role/name/session` → `arn:aws:iam::111122223333:role/name` (the path is not in it). */
function roleOfSession(arn: string): string | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}

/**
 * The role whose session a call started, and whom for: sts AssumeRole* name the role in
 * requestParameters.roleArn and the web identity's subject in the response; the Pod Identity
 * agent's eks-auth AssumeRoleForPodIdentity names both only in responseElements.
 */
function sessionOf(record: CloudTrailRecord): ObservedAwsCall['session'] {
  if (record.errorCode) return undefined;
  const response = record.responseElements ?? undefined;
  if (record.eventSource === 'sts.amazonaws.com' && record.eventName.startsWith('AssumeRole')) {
    const roleArn = text(field(record.requestParameters, 'roleArn'));
    if (!roleArn) return undefined;
    const subject =
      text(field(response, 'subjectFromWebIdentityToken')) ??
      (record.eventName === 'AssumeRoleWithWebIdentity' ? text(record.userIdentity?.userName) : undefined);
    return subject ? { roleArn, subject } : { roleArn };
  }
  if (record.eventSource === 'eks-auth.amazonaws.com' && record.eventName === 'AssumeRoleForPodIdentity') {
    const assumed = text(field(field(response, 'assumedRoleUser'), 'arn'));
    const roleArn = assumed && (/^arn:[^:]+:iam::\d{12}:role\//.test(assumed) ? assumed : roleOfSession(assumed));
    if (!roleArn) return undefined;
    const subject = field(response, 'subject');
    const namespace = text(field(subject, 'namespace'));
    const serviceAccount = text(field(subject, 'serviceAccount'));
    return namespace && serviceAccount ? { roleArn, subject: `system:serviceaccount:${namespace}:${serviceAccount}` } : { roleArn };
  }
  return undefined;
}

/** One call from one CloudTrail record. */
export function observedCallOf(record: CloudTrailRecord, source?: string): ObservedAwsCall {
  const identity = record.userIdentity ?? {};
  const issuer = identity.sessionContext?.sessionIssuer;
  const call: ObservedAwsCall = {
    principalArn: text(identity.arn) ?? text(identity.principalId) ?? text(identity.userName) ?? text(identity.invokedBy) ?? '',
    eventSource: record.eventSource,
    eventName: record.eventName,
    awsRegion: text(record.awsRegion) ?? '',
    resources: (record.resources ?? []).map((resource) => text(resource?.ARN)).filter((arn): arn is string => arn !== undefined),
    time: record.eventTime,
  };
  // Sessions of a role carry it as their issuer; a user's own calls have none.
  if (issuer?.type === 'Role' && text(issuer.arn)) call.roleArn = issuer.arn;
  const account = text(record.recipientAccountId) ?? text(identity.accountId);
  if (account) call.accountId = account;
  if (record.requestParameters && typeof record.requestParameters === 'object') call.requestParameters = record.requestParameters;
  const session = sessionOf(record);
  if (session) call.session = session;
  if (text(record.errorCode)) call.errorCode = record.errorCode;
  if (source) call.source = source;
  return call;
}

/**
 * The AWS calls in what a reader yields (readEvents of detect/events), in order. Kubernetes
 * audit events are passed over; bad records are the reader's to count (its `stats`).
 */
export async function* cloudTrailToObservedCalls(reader: AsyncIterable<DetectInput>): AsyncGenerator<ObservedAwsCall> {
  for await (const input of reader) {
    if (input.kind !== 'cloudtrail') continue;
    yield observedCallOf(input.record, `${input.file}:${input.line}`);
  }
}
