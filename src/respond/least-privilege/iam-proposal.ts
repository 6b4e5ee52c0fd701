/**
 * A least-privilege IAM policy for one role from the CloudTrail calls its sessions made: the
 * actions used, on the resources the records name (or `*` where they name none), denied calls
 * and the sessions that were started (IRSA, Pod Identity, AssumeRole) listed apart.
 */
import { accountOf, partitionOf, roleKey } from '../../analysis/identity/iam-arn.js';
import type { ObservedAwsCall } from '../observed.js';
import { iamActionsFor, isCallName } from './iam-actions.js';
import { resourcesOf, type CallContext } from './iam-resources.js';
import { inWindow, type TimeWindow } from './rbac-usage.js';

export const DEFAULT_MAX_OBJECTS = 5;

export interface ActionUse {
  action: string;
  count: number;
  first: string;
  last: string;
  /** Resource ARNs the calls named, sorted. */
  resources: string[];
  /** Calls whose record named no resource for this action. */
  unknownResource: number;
  eventNames: string[];
}

export interface DeniedCall {
  eventSource: string;
  eventName: string;
  actions: string[];
  errorCode: string;
  count: number;
  first: string;
  last: string;
  resources: string[];
}

export interface SessionStart {
  eventName: string;
  /** Whom the session was for (a service account for IRSA and Pod Identity), when the record says. */
  subject?: string;
  count: number;
  first: string;
  last: string;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface PolicyDocumentOut {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface CallCounts {
  /** Calls made as the role inside the window. */
  total: number;
  allowed: number;
  denied: number;
  /** Calls that need no permission (sts:GetCallerIdentity). */
  noPermission: number;
  /** Sessions of the role started inside the window. */
  sessions: number;
  outsideWindow: number;
  /** Records as the role whose event source or name cannot be an AWS operation (left out). */
  malformed: number;
}

export interface IamProposal {
  roleArn: string;
  window: { since?: string; until?: string };
  seen?: { first: string; last: string };
  calls: CallCounts;
  actions: ActionUse[];
  policy: PolicyDocumentOut;
  denied: DeniedCall[];
  sessions: SessionStart[];
  notes: string[];
}

export interface IamProposalOptions {
  window?: TimeWindow;
  /** More objects than this in one bucket become `bucket/<common prefix>*`. Default 5. */
  maxObjects?: number;
}

export const DATA_EVENTS_NOTE =
  'CloudTrail records data events (S3 object-level calls, Lambda Invoke, DynamoDB item calls, SQS messages, SNS Publish) only when the trail logs data events, ' +
  'and a trail may leave out read-only or KMS management events: an action that looks unused may be in use.';

const DENIED = /AccessDenied|UnauthorizedOperation|Unauthorized|AuthorizationError|Forbidden/i;

export function isDeniedCall(call: ObservedAwsCall): boolean {
  return call.errorCode !== undefined && DENIED.test(call.errorCode);
}

/** Whether the call ran as the role: its session issuer, or an assumed-role ARN of that name and account. */
export function ranAs(call: ObservedAwsCall, roleArn: string): boolean {
  const key = roleKey(roleArn);
  if (!key) return false;
  if (call.roleArn) return roleKey(call.roleArn) === key;
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(call.principalArn);
  return session !== null && `${session[1]}:${session[2]}:${(session[3] ?? '').toLowerCase()}` === key;
}

function startedSessionOf(call: ObservedAwsCall, roleArn: string): boolean {
  const key = roleKey(roleArn);
  return call.session !== undefined && key !== undefined && roleKey(call.session.roleArn) === key;
}

/** Whether a call is the role's: made as it, or starting one of its sessions. */
export function concernsRole(call: ObservedAwsCall, roleArn: string): boolean {
  return ranAs(call, roleArn) || startedSessionOf(call, roleArn);
}

function widen(first: string, last: string, time: string): [string, string] {
  return [time < first ? time : first, time > last ? time : last];
}

/** Many objects of one bucket become the longest common key prefix up to a `/`, then `*`. */
function collapseObjects(resources: string[], max: number, notes: Set<string>): string[] {
  const byBucket = new Map<string, string[]>();
  const out: string[] = [];
  for (const arn of resources) {
    const match = /^(arn:[^:]+:s3:::[^/]+)\/(.+)$/.exec(arn);
    if (!match) {
      out.push(arn);
      continue;
    }
    const list = byBucket.get(match[1] ?? '') ?? [];
    list.push(match[2] ?? '');
    byBucket.set(match[1] ?? '', list);
  }
  for (const [bucket, keys] of byBucket) {
    if (keys.length <= max) {
      out.push(...keys.map((key) => `${bucket}/${key}`));
      continue;
    }
    let prefix = keys[0] ?? '';
    for (const key of keys) while (!key.startsWith(prefix)) prefix = prefix.slice(0, -1);
    prefix = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    out.push(`${bucket}/${prefix}*`);
    notes.add(`${keys.length} objects of ${bucket} were used: proposed as ${bucket}/${prefix}*`);
  }
  return [...new Set(out)].sort();
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function statementsOf(actions: readonly ActionUse[]): PolicyStatement[] {
  const groups = new Map<string, { prefix: string; actions: string[]; resources: string[] }>();
  for (const use of actions) {
    const resources = use.unknownResource > 0 || use.resources.length === 0 || use.resources.includes('*') ? ['*'] : use.resources;
    const prefix = use.action.split(':')[0] ?? '';
    const key = `${prefix}\u0000${resources.join('\u0000')}`;
    const group = groups.get(key) ?? { prefix, actions: [], resources };
    group.actions.push(use.action);
    groups.set(key, group);
  }
  const used = new Map<string, number>();
  return [...groups.values()]
    .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : (a.actions[0] ?? '') < (b.actions[0] ?? '') ? -1 : 1))
    .map((group) => {
      const name = pascal(group.prefix) + (group.actions.length === 1 ? pascal(group.actions[0]?.split(':')[1] ?? '') : 'Access');
      const n = (used.get(name) ?? 0) + 1;
      used.set(name, n);
      return { Sid: n === 1 ? name : `${name}${n}`, Effect: 'Allow' as const, Action: group.actions.sort(), Resource: group.resources };
    });
}

export function proposeIam(calls: Iterable<ObservedAwsCall>, roleArn: string, options: IamProposalOptions = {}): IamProposal {
  const window = options.window ?? {};
  const partition = partitionOf(roleArn);
  const roleAccount = accountOf(roleArn) ?? '';
  const counts: CallCounts = { total: 0, allowed: 0, denied: 0, noPermission: 0, sessions: 0, outsideWindow: 0, malformed: 0 };
  const malformed: string[] = [];
  const notes = new Set<string>();
  const actions = new Map<string, ActionUse & { resourceSet: Set<string> }>();
  const denied = new Map<string, DeniedCall & { resourceSet: Set<string> }>();
  const sessions = new Map<string, SessionStart>();
  let seen: { first: string; last: string } | undefined;
  for (const call of calls) {
    const started = startedSessionOf(call, roleArn);
    const asRole = ranAs(call, roleArn);
    if (!started && !asRole) continue;
    if (!inWindow(call, window)) {
      counts.outsideWindow++;
      continue;
    }
    if (!seen) seen = { first: call.time, last: call.time };
    else [seen.first, seen.last] = widen(seen.first, seen.last, call.time);
    if (started && !asRole) {
      // Starting a session is the trust policy's business, not an action the role needs.
      counts.sessions++;
      const key = `${call.eventName}\u0000${call.session?.subject ?? ''}`;
      const entry = sessions.get(key) ?? { eventName: call.eventName, ...(call.session?.subject && { subject: call.session.subject }), count: 0, first: call.time, last: call.time };
      entry.count++;
      [entry.first, entry.last] = widen(entry.first, entry.last, call.time);
      sessions.set(key, entry);
      continue;
    }
    if (!isCallName(call.eventSource, call.eventName)) {
      counts.malformed++;
      if (malformed.length < 3) malformed.push(call.source ?? call.time);
      continue;
    }
    counts.total++;
    const mapping = iamActionsFor(call.eventSource, call.eventName, call.requestParameters);
    if (mapping.note) notes.add(mapping.note);
    const ctx: CallContext = { partition, account: call.accountId ?? roleAccount, region: call.awsRegion };
    if (isDeniedCall(call)) {
      counts.denied++;
      const key = `${call.eventSource}\u0000${call.eventName}\u0000${call.errorCode ?? ''}`;
      const entry = denied.get(key) ?? {
        eventSource: call.eventSource,
        eventName: call.eventName,
        actions: mapping.actions,
        errorCode: call.errorCode ?? '',
        count: 0,
        first: call.time,
        last: call.time,
        resources: [],
        resourceSet: new Set<string>(),
      };
      entry.count++;
      [entry.first, entry.last] = widen(entry.first, entry.last, call.time);
      for (const action of mapping.actions) {
        const [prefix = '', name = ''] = action.split(':');
        for (const arn of resourcesOf(call, prefix, name, ctx) ?? []) entry.resourceSet.add(arn);
      }
      denied.set(key, entry);
      continue;
    }
    if (mapping.actions.length === 0) {
      counts.noPermission++;
      continue;
    }
    counts.allowed++;
    mapping.actions.forEach((action, index) => {
      const [prefix = '', name = ''] = action.split(':');
      const entry = actions.get(action) ?? { action, count: 0, first: call.time, last: call.time, resources: [], unknownResource: 0, eventNames: [], resourceSet: new Set<string>() };
      entry.count++;
      [entry.first, entry.last] = widen(entry.first, entry.last, call.time);
      if (!entry.eventNames.includes(call.eventName)) entry.eventNames.push(call.eventName);
      const resources = resourcesOf(call, prefix, name, ctx, index > 0 && prefix === 's3');
      if (resources) for (const arn of resources) entry.resourceSet.add(arn);
      else entry.unknownResource++;
      actions.set(action, entry);
    });
  }
  const actionUses: ActionUse[] = [...actions.values()]
    .map(({ resourceSet, ...use }) => ({ ...use, eventNames: use.eventNames.sort(), resources: collapseObjects([...resourceSet], options.maxObjects ?? DEFAULT_MAX_OBJECTS, notes) }))
    .sort((a, b) => (a.action < b.action ? -1 : 1));
  for (const use of actionUses) {
    if (use.unknownResource > 0) notes.add(`${use.action}: Resource "*" because ${use.unknownResource} call(s) named no resource in the record; narrow it by hand if the service supports resource-level permissions`);
  }
  if (counts.malformed > 0) {
    notes.add(`${counts.malformed} record(s) as the role name no AWS operation (event source or name with characters an operation never has) and were left out: ${malformed.join(', ')}${counts.malformed > malformed.length ? ', …' : ''}`);
  }
  notes.add(DATA_EVENTS_NOTE);
  const proposal: IamProposal = {
    roleArn,
    window: {
      ...(window.since && { since: window.since.toISOString() }),
      ...(window.until && { until: window.until.toISOString() }),
    },
    calls: counts,
    actions: actionUses,
    policy: { Version: '2012-10-17', Statement: statementsOf(actionUses) },
    denied: [...denied.values()].map(({ resourceSet, ...entry }) => ({ ...entry, resources: [...resourceSet].sort() })),
    sessions: [...sessions.values()],
    notes: [...notes],
  };
  if (seen) proposal.seen = seen;
  return proposal;
}
