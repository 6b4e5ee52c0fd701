import type { Command } from 'commander';
import { readEvents, type DetectInput, type EventReader } from '../detect/events/index.js';
import { cloudTrailFiles, type CloudTrailFileFilter } from '../detect/sources/cloudtrail-files.js';
import { collect, displayPath, eventSources } from './detect-rules.js';
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
      .description('detect threats in Kubernetes audit logs and CloudTrail records (files, folders, gzip, - for stdin); see also detect cloudtrail')
      .argument('<paths...>', 'audit log / CloudTrail files or folders (JSON lines, JSON arrays, EventList, CloudWatch Logs exports, {"Records": [...]}, .gz); - reads standard input'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  eksguard detect examples/audit/audit.jsonl\n  eksguard detect examples/audit --format text --min-severity high\n  cat examples/audit/audit.jsonl | eksguard detect - --fail-on none\n  eksguard detect examples/audit/cloudtrail.json --format jsonl\n  eksguard detect examples/audit/audit.jsonl --rules examples/audit/rules.yaml\n  eksguard detect examples/audit --snapshot examples/prod.snapshot.json.gz --min-severity high' +
        OUTPUT_HELP,
    )
    .action(async (paths: string[], options: DetectCommonOptions) => {
      const show = (file: string) => displayPath(io, file);
      const session = await openDetectSession(io, options, 'detect', show);
      const reader = readEvents(eventSources(io, paths), { stdin: io.stdin });
      await session.pipeline.runInputs(reader);
      setExit(await session.finish(reader.stats));
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
        '\n\nExamples:\n  eksguard detect cloudtrail ./AWSLogs/\n  eksguard detect cloudtrail ./AWSLogs/ --region eu-west-1 --since 24h --min-severity high\n  eksguard detect cloudtrail examples/audit/cloudtrail.json --fail-on none' +
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
      const reader = readEvents(files, { stdin: io.stdin });
      let outside = 0;
      let notCloudTrail = 0;
      await session.pipeline.runInputs(
        selectRecords(reader, (input) => {
          if (input.kind !== 'cloudtrail') {
            notCloudTrail++;
            return false;
          }
          const time = Date.parse(String(input.record.eventTime));
          const inside = Number.isNaN(time) || ((!filter.since || time >= filter.since.getTime()) && (!filter.until || time < filter.until.getTime()));
          if (!inside) outside++;
          return inside;
        }),
      );
      const extra = [
        ...(outside > 0 ? [`${outside} record(s) outside --since/--until skipped`] : []),
        ...(notCloudTrail > 0 ? [`${notCloudTrail} Kubernetes audit event(s) skipped (use eksguard detect for those)`] : []),
        ...(files.length === 0 ? ['no CloudTrail log files matched'] : []),
        ...unreadable.map((line) => `unreadable: ${line}`),
      ];
      setExit(await session.finish(reader.stats, extra));
    });
  return detect;
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
