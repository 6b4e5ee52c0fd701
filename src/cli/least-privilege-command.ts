/**
 * `eksguard rbac least-privilege` (Roles from Kubernetes audit logs) and `eksguard iam
 * least-privilege` (an IAM policy from CloudTrail): the logs are read with detect/events,
 * turned into the observed requests and calls of respond/, and the proposal is printed.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { EffectivePermissions } from '../analysis/rbac/effective-permissions.js';
import { subjectLabel } from '../analysis/rbac/subjects.js';
import { roleKey } from '../analysis/identity/iam-arn.js';
import { readEvents, type ReadStats } from '../detect/events/index.js';
import { cloudTrailFiles } from '../detect/sources/cloudtrail-files.js';
import { InventoryView } from '../inventory/index.js';
import type { ObservedApiRequest, ObservedAwsCall } from '../respond/observed.js';
import {
  compareIamWithCurrent,
  compareWithCurrent,
  concernsRole,
  DEFAULT_MAX_RESOURCE_NAMES,
  iamPolicyJson,
  iamSummary,
  inWindow,
  madeBy,
  parseSubject,
  proposeIam,
  proposeRbac,
  rbacSummary,
  rbacYaml,
  subjectsSeen,
  type TimeWindow,
} from '../respond/least-privilege/index.js';
import { displayPath, eventSources } from './detect-rules.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { cloudTrailToObservedCalls } from './observed-calls.js';
import { auditToRbacRequests } from './observed-impersonation.js';
import { parseWhole } from './option-values.js';
import { loadSnapshotArgument } from './sources.js';
import { VERSION } from './version.js';

interface WindowFlags {
  since?: string;
  until?: string;
}

interface RbacFlags extends WindowFlags {
  audit: string[];
  subject?: string;
  snapshot?: string;
  format: 'yaml' | 'json';
  maxResourceNames: string;
}

interface IamFlags extends WindowFlags {
  cloudtrail: string[];
  role: string;
  snapshot?: string;
  format: 'policy' | 'json';
  maxObjects: string;
}

const RBAC_HELP =
  '\nThe requests the subject made in the window (audit events at stage ResponseComplete) become a Role per namespace and one ClusterRole\n' +
  '(cluster-scoped resources, all-namespace requests, non-resource URLs), with their bindings. Requests denied with 403 are listed\n' +
  'apart. With --snapshot, the summary compares the proposal with what the subject holds today. Without --subject, the subjects\n' +
  'seen are listed with their request counts.\n' +
  '\nThe YAML goes to standard output, the summary (denied requests, the difference to today, bad records with file:line) to standard error.\n' +
  'Exit codes: 0 done (bad records are reported and skipped), 2 usage error or an unreadable input, 3 internal error.\n' +
  '\nExamples:\n' +
  '  eksguard rbac least-privilege --audit examples/audit/audit.jsonl\n' +
  '  eksguard rbac least-privilege --audit examples/incident/audit.jsonl --subject system:serviceaccount:ci:ci-deployer\n' +
  '  eksguard rbac least-privilege --audit examples/incident/audit.jsonl --subject system:serviceaccount:ci:ci-deployer --snapshot examples/prod.snapshot.json.gz --format json';

const IAM_HELP =
  '\nThe calls made as the role (its sessions: AssumeRole, IRSA, Pod Identity) become an IAM policy: one action per call\n' +
  '(CloudTrail event names mapped to IAM actions where they differ), on the resources the records name, or "*" where they\n' +
  'name none. Denied calls and the sessions started are listed apart. With --snapshot, the summary shows what today\'s\n' +
  'policies allow that was not used. CloudTrail records data events (S3 objects, Lambda Invoke, DynamoDB items) only when the\n' +
  'trail logs them: an action that looks unused may be in use.\n' +
  '\nThe policy goes to standard output, the summary to standard error.\n' +
  'Exit codes: 0 done (bad records are reported and skipped), 2 usage error or an unreadable input, 3 internal error.\n' +
  '\nExamples:\n' +
  '  eksguard iam least-privilege --cloudtrail examples/cloudtrail/AWSLogs --role arn:aws:iam::111122223333:role/Admin\n' +
  '  eksguard iam least-privilege --cloudtrail ./AWSLogs --role arn:aws:iam::111122223333:role/workloads/prod-payments-api --snapshot examples/prod.snapshot.json.gz\n' +
  '  eksguard iam least-privilege --cloudtrail examples/cloudtrail/AWSLogs --role arn:aws:iam::111122223333:role/Admin --since 2025-05-12T10:00:00Z --format json';

export function registerLeastPrivilegeCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const rbac = program.command('rbac').description('RBAC from real use: least-privilege Roles from Kubernetes audit logs');
  rbac
    .command('least-privilege')
    .description('propose Roles/ClusterRoles and bindings from the requests a subject made (audit logs), with the difference to what it holds today')
    .requiredOption('--audit <paths...>', 'Kubernetes audit log files or folders (JSON lines, EventList, CloudWatch Logs exports, .gz); - reads standard input')
    .option('--subject <subject>', 'a user, system:serviceaccount:NS:NAME, ServiceAccount:NS/NAME or Group:NAME (without it: list the subjects seen)')
    .option('--snapshot <file>', 'a snapshot (eksguard collect) to compare with what the subject holds today')
    .option('--since <time>', 'only requests at or after this time (RFC 3339, or a duration back from now such as 720h)')
    .option('--until <time>', 'only requests before this time (RFC 3339 or a duration back from now)')
    .addOption(new Option('-f, --format <format>', 'yaml (Roles and bindings) or json (the whole proposal)').choices(['yaml', 'json']).default('yaml'))
    .option('--max-resource-names <n>', 'name objects in a rule (resourceNames) when the subject touched at most this many', String(DEFAULT_MAX_RESOURCE_NAMES))
    .addHelpText('after', RBAC_HELP)
    .action(async (flags: RbacFlags) => setExit(await runRbac(flags, io)));

  const iam = program.command('iam').description('IAM from real use: least-privilege policies from CloudTrail');
  iam
    .command('least-privilege')
    .description('propose an IAM policy from the CloudTrail calls a role made, with what today\'s policies allow beyond them')
    .requiredOption('--cloudtrail <paths...>', 'CloudTrail log files or AWSLogs folders (as a trail delivers them, .json.gz); - reads standard input')
    .requiredOption('--role <arn>', 'the IAM role (arn:aws:iam::ACCOUNT:role/NAME; its path may be left out)')
    .option('--snapshot <file>', 'a snapshot (eksguard collect) holding the role, to show what its policies allow that was not used')
    .option('--since <time>', 'only calls at or after this time (RFC 3339, or a duration back from now such as 720h)')
    .option('--until <time>', 'only calls before this time (RFC 3339 or a duration back from now)')
    .addOption(new Option('-f, --format <format>', 'policy (an IAM policy document) or json (the whole proposal)').choices(['policy', 'json']).default('policy'))
    .option('--max-objects <n>', 'more S3 objects of one bucket than this become one key-prefix wildcard', '5')
    .addHelpText('after', IAM_HELP)
    .action(async (flags: IamFlags) => setExit(await runIam(flags, io)));
}

/** RFC 3339 time, or a duration (`24h`, `30m`, `7d`) back from now. */
export function parseTime(text: string, flag: string, now = Date.now()): Date {
  const back = /^(\d+)([smhd])$/.exec(text.trim());
  if (back) return new Date(now - Number(back[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[back[2] as 's' | 'm' | 'h' | 'd']);
  const time = Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(text.trim())) throw new UsageError(`${flag} must be a time like 2025-05-12T00:00:00Z or a duration such as 24h, not "${text}"`);
  return new Date(time);
}

function windowOf(flags: WindowFlags): TimeWindow {
  const now = Date.now();
  const window: TimeWindow = {};
  if (flags.since) window.since = parseTime(flags.since, '--since', now);
  if (flags.until) window.until = parseTime(flags.until, '--until', now);
  if (window.since && window.until && window.since >= window.until) throw new UsageError('--since must be before --until');
  return window;
}

/** Bad records with file:line, and whether an input could not be read at all (exit 2). */
function reportIssues(stats: ReadStats, io: CliIo, expected: 'k8sAudit' | 'cloudTrail'): boolean {
  for (const issue of stats.issues) io.stderr.write(`eksguard: ${displayPath(io, issue.file)}:${issue.line}: ${issue.message} (skipped)\n`);
  if (stats.issuesOmitted > 0) io.stderr.write(`eksguard: ${stats.issuesOmitted} more bad record(s) not shown\n`);
  const bad = stats.malformed + stats.truncated + stats.oversize;
  if (bad > 0) io.stderr.write(`eksguard: ${bad} bad record(s) skipped of ${stats.events + bad} read\n`);
  if (stats[expected] === 0) io.stderr.write(`eksguard: no ${expected === 'k8sAudit' ? 'Kubernetes audit events' : 'CloudTrail records'} in the input\n`);
  return stats.unreadable > 0;
}

async function runRbac(flags: RbacFlags, io: CliIo): Promise<number> {
  const window = windowOf(flags);
  const maxResourceNames = parseWhole(flags.maxResourceNames, '--max-resource-names', 0, 1000);
  const subject = flags.subject === undefined ? undefined : parseSubject(flags.subject);
  if (typeof subject === 'string') throw new UsageError(`--subject: ${subject}`);
  const snapshot = flags.snapshot ? await loadSnapshotArgument(flags.snapshot, io) : undefined;
  const reader = readEvents(eventSources(io, flags.audit), { stdin: io.stdin });
  const requests: ObservedApiRequest[] = [];
  // Only the subject's requests are kept when it is known: a cluster's log is large.
  for await (const request of auditToRbacRequests(reader)) if (!subject || madeBy(subject, request)) requests.push(request);
  const unreadable = reportIssues(reader.stats, io, 'k8sAudit');
  if (!subject) {
    const seen = subjectsSeen(requests.filter((request) => inWindow(request, window)));
    io.stdout.write(flags.format === 'json' ? `${JSON.stringify({ schemaVersion: 1, tool: { name: 'eksguard', version: VERSION }, subjects: seen }, null, 2)}\n` : subjectTable(seen));
    if (seen.length > 0) io.stderr.write('eksguard: pick one with --subject\n');
    return unreadable ? EXIT.usage : EXIT.ok;
  }
  const proposal = proposeRbac(requests, subject, { window, maxResourceNames });
  const comparison = snapshot ? compareWithCurrent(proposal, EffectivePermissions.of(new InventoryView(snapshot.inventory))) : undefined;
  if (flags.format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, tool: { name: 'eksguard', version: VERSION }, ...proposal, ...(comparison && { current: comparison }) }, null, 2)}\n`);
  } else {
    io.stdout.write(rbacYaml(proposal));
  }
  io.stderr.write(rbacSummary(proposal, comparison));
  if (proposal.requests.total === 0) io.stderr.write(`eksguard: no request by ${subjectLabel(subject)} in the input${proposal.requests.outsideWindow > 0 ? ' inside the window' : ''}\n`);
  return unreadable ? EXIT.usage : EXIT.ok;
}

function subjectTable(seen: ReturnType<typeof subjectsSeen>): string {
  if (seen.length === 0) return 'No requests in the input.\n';
  const width = Math.max(4, ...seen.map((entry) => entry.user.length));
  const lines = [`${'USER'.padEnd(width)}  REQUESTS  DENIED  FIRST                         LAST`];
  for (const entry of seen) {
    lines.push(`${printableUser(entry.user).padEnd(width)}  ${String(entry.requests).padStart(8)}  ${String(entry.denied).padStart(6)}  ${printableUser(entry.first).padEnd(28)}  ${printableUser(entry.last)}`);
  }
  return `${lines.join('\n')}\n`;
}

function printableUser(user: string): string {
  // eslint-disable-next-line no-control-regex
  return user.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

async function runIam(flags: IamFlags, io: CliIo): Promise<number> {
  if (!roleKey(flags.role)) throw new UsageError(`--role must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not "${flags.role}"`);
  const window = windowOf(flags);
  const maxObjects = parseWhole(flags.maxObjects, '--max-objects', 1, 10_000);
  const snapshot = flags.snapshot ? await loadSnapshotArgument(flags.snapshot, io) : undefined;
  // `-` is a stream, not a folder to walk: it goes to the reader as it is.
  const roots = eventSources(io, flags.cloudtrail).map((source) => source.path).filter((path) => path !== '-');
  const unreadableFiles: string[] = [];
  const files: { path: string }[] = flags.cloudtrail.includes('-') ? [{ path: '-' }] : [];
  const filter = { ...(window.since && { since: window.since }), ...(window.until && { until: window.until }) };
  for await (const file of cloudTrailFiles(roots, filter, (path, error) => unreadableFiles.push(`${displayPath(io, path)}: ${error.message}`))) files.push({ path: file });
  for (const line of unreadableFiles) io.stderr.write(`eksguard: unreadable: ${line}\n`);
  const reader = readEvents(files, { stdin: io.stdin });
  const calls: ObservedAwsCall[] = [];
  for await (const call of cloudTrailToObservedCalls(reader)) if (concernsRole(call, flags.role)) calls.push(call);
  const unreadable = reportIssues(reader.stats, io, 'cloudTrail') || unreadableFiles.length > 0;
  const proposal = proposeIam(calls, flags.role, { window, maxObjects });
  const comparison = snapshot ? compareIamWithCurrent(proposal, new InventoryView(snapshot.inventory)) : undefined;
  if (flags.format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, tool: { name: 'eksguard', version: VERSION }, ...proposal, ...(comparison && { current: comparison }) }, null, 2)}\n`);
  } else {
    io.stdout.write(iamPolicyJson(proposal));
  }
  io.stderr.write(iamSummary(proposal, comparison));
  return unreadable ? EXIT.usage : EXIT.ok;
}
