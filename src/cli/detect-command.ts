import type { Command } from 'commander';
import { readEvents, type DetectInput, type EventReader } from '../detect/events/index.js';
import { basename } from 'node:path';
import { cloudTrailFiles, parseCloudTrailFileName, type CloudTrailFileFilter } from '../detect/sources/cloudtrail-files.js';
import { collect, displayPath, eventSources } from './detect-rules.js';
import { runFollow, type FollowFlags } from './detect-follow.js';
import { registerDetectServeCommand } from './detect-serve.js';
import { addDetectOptions, openDetectSession, type DetectCommonOptions } from './detect-session.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

const OUTPUT_HELP =
  '\n\nAlerts go to standard output (or the --sink destinations), the summary (events read, alerts by severity, duplicates, deliveries, input issues with file:line) to standard error.' +
  '\nExit codes: 0 no alert at or above --fail-on (default high), 1 such alerts, 2 usage error or bad rule files. Malformed, truncated or oversize records are reported and skipped, not fatal.';

export function registerDetectCommand(program: Command, io: CliIo, setExit: (code: number) => void): Command {
  const detect = addDetectOptions(
    program
      .command('detect')
      // `detect`'s own options (--region of --follow) must not swallow those of `detect cloudtrail`.
      .enablePositionalOptions()
      .description('detect threats in Kubernetes audit logs and CloudTrail records (files, folders, gzip, - for stdin); see also detect cloudtrail')
      .argument('[paths...]', 'audit log / CloudTrail files or folders (JSON lines, JSON arrays, EventList, CloudWatch Logs exports, {"Records": [...]}, .gz); - reads standard input')
      .option('--follow', "read the cluster's audit log live from CloudWatch Logs (/aws/eks/<cluster>/cluster, kube-apiserver-audit-* streams) instead of files", false)
      .option('--cluster <name>', 'EKS cluster to follow')
      .option('--region <region>', 'AWS region of the cluster (default AWS_REGION)')
      .option('--profile <profile>', 'AWS shared-config profile (default: the standard credential chain)')
      .option('--checkpoint <file>', 'follow checkpoint: where a restart resumes without losing or repeating alerts (default eksguard-follow-<cluster>-<region>.json)')
      .option('--poll-interval <duration>', 'wait between polls once caught up', '10s')
      .option('--lookback <duration>', 'how late an event may show up in CloudWatch Logs and still be read', '5m')
      .option('--sweep-interval <duration>', 'how often a poll re-reads the whole --lookback (the others re-read a short overlap)', '1m')
      .option('--once', 'with --follow: read up to now from the checkpoint, then exit (for scheduled runs)', false),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  eksguard detect examples/audit/audit.jsonl\n  eksguard detect --follow --cluster prod --region eu-west-1 --sink slack=env:SLACK_WEBHOOK_URL\n  eksguard detect examples/audit --format text --min-severity high\n  cat examples/audit/audit.jsonl | eksguard detect - --fail-on none\n  eksguard detect examples/audit/cloudtrail.json --format jsonl\n  eksguard detect examples/audit/audit.jsonl --rules examples/audit/rules.yaml\n  eksguard detect examples/incident --snapshot examples/prod.snapshot.json.gz --format text' +
        OUTPUT_HELP,
    )
    .action(async (paths: string[], options: DetectCommonOptions & FollowFlags) => {
      if (options.follow) {
        if (paths.length > 0) throw new UsageError('--follow reads CloudWatch Logs: give no paths');
        setExit(await runFollow(io, options));
        return;
      }
      if (paths.length === 0) throw new UsageError('give audit log or CloudTrail paths (- for stdin), or --follow --cluster NAME');
      if (options.cluster || options.once) throw new UsageError('--cluster and --once go with --follow');
      const show = (file: string) => displayPath(io, file);
      const session = await openDetectSession(io, options, 'detect', show);
      const reader = readEvents(eventSources(io, paths), { stdin: io.stdin });
      setExit(await session.complete(() => session.pipeline.runInputs(reader), () => reader.stats));
    });

  addDetectOptions(
    detect
      .command('cloudtrail')
      .description('detect threats in CloudTrail log files as a trail delivers them to S3 (AWSLogs/…/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz)')
      .argument('<paths...>', 'AWSLogs folders (e.g. synced with aws s3 sync) or CloudTrail files; digest files are skipped')
      .option('--account <id>', 'only these accounts (from the file names); repeatable', collect, [])
      .option('--region <region>', 'only these regions (from the file names); repeatable', collect, [])
      .option('--since <time>', 'only events at or after this time (RFC 3339, e.g. 2025-05-12T00:00:00Z, or a duration back from now such as 24h)')
      .option('--until <time>', 'only events before this time (RFC 3339 or a duration back from now)'),
  )
    .addHelpText(
      'after',
      '\nFiles are selected by the account, region and time in their names without being opened; records are then filtered by eventTime.' +
        '\n\nExamples:\n  eksguard detect cloudtrail examples/cloudtrail/AWSLogs/\n  eksguard detect cloudtrail examples/cloudtrail/AWSLogs/ --region eu-west-1 --since 2025-05-12T10:30:00Z --min-severity high\n  eksguard detect cloudtrail examples/cloudtrail/AWSLogs/ --account 111122223333 --format text --fail-on none' +
        OUTPUT_HELP,
    )
    .action(async (paths: string[], options: DetectCommonOptions & { account: string[]; region: string[]; since?: string; until?: string }) => {
      const show = (file: string) => displayPath(io, file);
      const now = Date.now();
      const filter: CloudTrailFileFilter = { accounts: options.account, regions: options.region };
      if (options.since) filter.since = timeOption(options.since, '--since', now);
      if (options.until) filter.until = timeOption(options.until, '--until', now);
      const roots = eventSources(io, paths).map((source) => source.path);
      const session = await openDetectSession(io, options, 'detect cloudtrail', show);
      const unreadable: string[] = [];
      const files: { path: string }[] = [];
      for await (const file of cloudTrailFiles(roots, filter, (path, error) => unreadable.push(`${show(path)}: ${error.message}`))) files.push({ path: file });
      // One region or account after the other would send time back at each boundary: read all in delivery order.
      sortByDeliveryTime(files);
      const reader = readEvents(files, { stdin: io.stdin });
      let outside = 0;
      let notCloudTrail = 0;
      const selected = selectRecords(reader, (input) => {
          if (input.kind !== 'cloudtrail') {
            notCloudTrail++;
            return false;
          }
          const { record } = input;
          const time = Date.parse(String(record.eventTime));
          const inside =
            (Number.isNaN(time) || ((!filter.since || time >= filter.since.getTime()) && (!filter.until || time < filter.until.getTime()))) &&
            (options.region.length === 0 || options.region.includes(String(record.awsRegion))) &&
            (options.account.length === 0 || options.account.includes(String(record.recipientAccountId ?? record.userIdentity?.accountId)));
          if (!inside) outside++;
          return inside;
      });
      const extra = () => [
        ...(outside > 0 ? [`${outside} record(s) outside the --account/--region/--since/--until selection skipped`] : []),
        ...(notCloudTrail > 0 ? [`${notCloudTrail} Kubernetes audit event(s) skipped (use eksguard detect for those)`] : []),
        ...(files.length === 0 ? ['no CloudTrail log files matched'] : []),
        ...unreadable.map((line) => `unreadable: ${line}`),
      ];
      setExit(await session.complete(() => session.pipeline.runInputs(selected), () => reader.stats, extra));
    });
  registerDetectServeCommand(detect, io, setExit);
  return detect;
}

function sortByDeliveryTime(files: { path: string }[]): void {
  const timeOf = (path: string) => parseCloudTrailFileName(basename(path))?.time.getTime() ?? -Infinity;
  const times = new Map(files.map((file) => [file.path, timeOf(file.path)]));
  files.sort((a, b) => {
    const ta = times.get(a.path) ?? -Infinity;
    const tb = times.get(b.path) ?? -Infinity;
    return ta === tb ? 0 : ta < tb ? -1 : 1;
  });
}

async function* selectRecords(reader: EventReader, keep: (input: DetectInput) => boolean): AsyncGenerator<DetectInput> {
  for await (const input of reader) if (keep(input)) yield input;
}

/** RFC 3339 time, or a duration (`24h`, `30m`) back from now. */
function timeOption(text: string, flag: string, now: number): Date {
  const back = /^(\d+)([smhd])$/.exec(text.trim());
  if (back) return new Date(now - Number(back[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[back[2] as 's' | 'm' | 'h' | 'd']);
  const time = Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new UsageError(`${flag} must be a time like 2025-05-12T00:00:00Z or a duration such as 24h, not "${text}"`);
  return new Date(time);
}
