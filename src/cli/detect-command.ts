import type { Command } from 'commander';
import { Option } from 'commander';
import { readEvents } from '../detect/events/index.js';
import { alertJson, alertLine, emptySeverityCounts, summaryLines } from '../detect/output/alert-text.js';
import { RuleEngine } from '../detect/rules/index.js';
import { isSeverity, severityRank, type Severity } from '../model/index.js';
import { collect, displayPath, eventSources, loadRulesOrFail } from './detect-rules.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

interface DetectOptions {
  rules: string[];
  format?: 'text' | 'jsonl';
  minSeverity: string;
  failOn: string;
}

/** `scan`'s convention: exit 1 when something at or above high is found, unless told otherwise. */
export const DEFAULT_DETECT_FAIL_ON = 'high';

function severityOption(value: string, flag: string, allowNone: boolean): Severity | 'none' {
  if (isSeverity(value) || (allowNone && value === 'none')) return value;
  throw new UsageError(`${flag} must be critical, high, medium, low, info${allowNone ? ' or none' : ''}, not "${value}"`);
}

export function registerDetectCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('detect')
    .description('detect threats in Kubernetes audit logs and CloudTrail records (files, folders, gzip, - for stdin)')
    .argument('<paths...>', 'audit log / CloudTrail files or folders (JSON lines, JSON arrays, EventList, CloudWatch Logs exports, {"Records": [...]}, .gz); - reads standard input')
    .option('-r, --rules <file|dir>', 'also load these rule files (YAML); repeatable; they may use the built-in lists and macros', collect, [])
    .addOption(new Option('-f, --format <format>', 'text (readable lines) or jsonl (one JSON alert a line); default text on a terminal, else jsonl').choices(['text', 'jsonl']))
    .option('--min-severity <severity>', 'print only alerts at or above this severity', 'info')
    .option('--fail-on <severity>', 'exit 1 when an alert at or above this severity was raised: critical, high, medium, low, info or none', DEFAULT_DETECT_FAIL_ON)
    .addHelpText(
      'after',
      '\nExamples:\n  eksguard detect examples/audit/audit.jsonl\n  eksguard detect examples/audit --format text --min-severity high\n  cat examples/audit/audit.jsonl | eksguard detect - --fail-on none\n  eksguard detect examples/audit/cloudtrail.json --format jsonl\n  eksguard detect examples/audit/audit.jsonl --rules examples/audit/rules.yaml' +
        '\n\nAlerts go to standard output, the summary (events read, alerts by severity, input issues with file:line) to standard error.' +
        '\nExit codes: 0 no alert at or above --fail-on (default high), 1 such alerts, 2 usage error or bad rule files. Malformed, truncated or oversize records are reported and skipped, not fatal.',
    )
    .action(async (paths: string[], options: DetectOptions) => {
      const minSeverity = severityOption(options.minSeverity, '--min-severity', false) as Severity;
      const failOn = severityOption(options.failOn, '--fail-on', true);
      const { loaded } = loadRulesOrFail(io, options.rules);
      const sources = eventSources(io, paths);
      const format = options.format ?? (io.stdout.isTTY ? 'text' : 'jsonl');
      const engine = new RuleEngine(loaded.rules);
      const reader = readEvents(sources, { stdin: io.stdin });
      const counts = emptySeverityCounts();
      let hidden = 0;
      let failing = false;
      for await (const input of reader) {
        for (const alert of engine.evaluate(input)) {
          counts[alert.severity]++;
          if (failOn !== 'none' && severityRank(alert.severity) >= severityRank(failOn)) failing = true;
          if (severityRank(alert.severity) < severityRank(minSeverity)) {
            hidden++;
            continue;
          }
          io.stdout.write(`${format === 'text' ? alertLine(alert) : alertJson(alert)}\n`);
        }
      }
      const lines = summaryLines({ read: reader.stats, engine: engine.stats, alerts: counts, hidden, displayFile: (file) => displayPath(io, file) });
      io.stderr.write(lines.map((line) => `eksguard detect: ${line}`).join('\n') + '\n');
      setExit(failing ? EXIT.findings : EXIT.ok);
    });
}
