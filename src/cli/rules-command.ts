import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { readEvents } from '../detect/events/index.js';
import { alertLine, summaryLines, emptySeverityCounts } from '../detect/output/alert-text.js';
import { RuleEngine, type DetectionRule } from '../detect/rules/index.js';
import { loadRuleTests, runRuleTests } from '../detect/rules/rule-tests.js';
import { collect, displayPath, eventSources, loadRulesOrFail } from './detect-rules.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function ruleJson(rule: DetectionRule) {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    source: rule.source,
    mitre: rule.mitre,
    maturity: rule.maturity,
    file: rule.file,
  };
}

export function registerRulesCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const rules = program.command('rules').description('list, explain and test the detection rules of `eksguard detect`');

  rules
    .command('list')
    .description('list every detection rule with its id, severity, source, MITRE ATT&CK tactic and title')
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option('-r, --rules <file|dir>', 'also list the rules of these files; repeatable', collect, [])
    .addHelpText('after', '\nExamples:\n  eksguard rules list\n  eksguard rules list --format json\n  eksguard rules list --rules examples/audit/rules.yaml')
    .action((options: { format: 'table' | 'json'; rules: string[] }) => {
      const { loaded } = loadRulesOrFail(io, options.rules);
      if (options.format === 'json') {
        io.stdout.write(`${JSON.stringify(loaded.rules.map(ruleJson), null, 2)}\n`);
        return;
      }
      const all = loaded.rules;
      const idWidth = Math.max(2, ...all.map((rule) => rule.id.length));
      const tacticWidth = Math.max(6, ...all.map((rule) => rule.mitre.tactic.length));
      io.stdout.write(`${pad('ID', idWidth)}  ${pad('SEVERITY', 8)}  ${pad('SOURCE', 10)}  ${pad('TACTIC', tacticWidth)}  TITLE\n`);
      for (const rule of all) {
        io.stdout.write(`${pad(rule.id, idWidth)}  ${pad(rule.severity, 8)}  ${pad(rule.source, 10)}  ${pad(rule.mitre.tactic, tacticWidth)}  ${rule.title}\n`);
      }
      io.stdout.write(`\n${all.length} rules\n`);
    });

  rules
    .command('explain')
    .description('show a rule in full: description, condition (as written and expanded), exceptions, MITRE ATT&CK, output')
    .argument('<id>', 'rule id, e.g. k8s-exec-into-pod')
    .option('-r, --rules <file|dir>', 'also load these rule files; repeatable', collect, [])
    .addHelpText('after', '\nExample:\n  eksguard rules explain k8s-exec-into-pod')
    .action((id: string, options: { rules: string[] }) => {
      const { loaded } = loadRulesOrFail(io, options.rules);
      const rule = loaded.rules.find((candidate) => candidate.id === id);
      if (!rule) {
        const near = loaded.rules.filter((candidate) => candidate.id.includes(id) || id.includes(candidate.id)).map((candidate) => candidate.id);
        io.stderr.write(`eksguard: no rule "${id}"${near.length ? `; did you mean ${near.slice(0, 5).join(', ')}?` : ''} (see eksguard rules list)\n`);
        setExit(EXIT.usage);
        return;
      }
      const lines = [
        `${rule.id} — ${rule.title}`,
        `severity: ${rule.severity}    source: ${rule.source}    maturity: ${rule.maturity}`,
        `MITRE ATT&CK: ${rule.mitre.tactic} / ${rule.mitre.technique} (https://attack.mitre.org/techniques/${rule.mitre.technique.replace('.', '/')}/)`,
        `defined in: ${rule.file}`,
        '',
        rule.description,
        '',
        `Condition: ${rule.condition}`,
      ];
      if (rule.expandedCondition !== rule.condition) lines.push(`Expanded:  ${rule.expandedCondition}`);
      if (rule.match) {
        const parts = Object.entries(rule.match).map(([key, values]) => `${key}=${(values as string[]).map((value) => value || '""').join(',')}`);
        lines.push(`Prefilter: ${parts.join(' ')}`);
      }
      lines.push(`Output:    ${rule.output}`);
      if (rule.exceptions.length > 0) {
        lines.push('', 'Exceptions (an event equal to any tuple is not alerted):');
        for (const exception of rule.exceptions) {
          lines.push(`  ${exception.name}: fields ${exception.fields.map((field) => field.join(".")).join(', ')}`);
          for (const tuple of exception.values) lines.push(`    - [${tuple.join(', ')}]`);
        }
      } else {
        lines.push('', 'Exceptions: none');
      }
      io.stdout.write(`${lines.join('\n')}\n`);
    });

  rules
    .command('test')
    .description('run user rule files (with the built-in lists and macros) over user events and check test cases; prints each rule and what it matched')
    .argument('<rules...>', 'rule files or folders (YAML)')
    .option('-e, --events <path>', 'events to run the rules over (file, folder, .gz, - for stdin); repeatable', collect, [])
    .option('-c, --cases <file>', 'test cases: events with the alerts each rule must raise (YAML tests: [{ name, event | events | file, expect }]); repeatable', collect, [])
    .option('--all', 'run the built-in rules too', false)
    .option('--intel <name=file>', 'threat-intel IP list for the listed-IP rules; repeatable', collect, [])
    .addHelpText(
      'after',
      '\nExamples:\n  eksguard rules test examples/audit/rules.yaml --events examples/audit/audit.jsonl\n  eksguard rules test examples/audit/rules.yaml --events examples/audit --all\n  eksguard rules test examples/audit/rules.yaml --cases examples/audit/rules.tests.yaml' +
        '\n\nExit codes: 0 the rules loaded and ran and every case passed, 1 a case failed, 2 an error in a rule or cases file (file:line: …) or bad usage.',
    )
    .action(async (ruleFiles: string[], options: { events: string[]; cases: string[]; all: boolean; intel: string[] }) => {
      if (options.events.length === 0 && options.cases.length === 0) throw new UsageError('give --events to run the rules over, or --cases to check');
      const { loaded, userFiles } = loadRulesOrFail(io, ruleFiles, options.intel);
      const selected = options.all ? loaded.rules : loaded.rules.filter((rule) => userFiles.has(rule.file));
      const lines: string[] = [];
      if (options.events.length > 0) {
        const sources = eventSources(io, options.events);
        const engine = new RuleEngine(selected);
        const reader = readEvents(sources, { stdin: io.stdin });
        const matches = new Map<string, string[]>(selected.map((rule) => [rule.id, []]));
        const counts = emptySeverityCounts();
        for await (const input of reader) {
          for (const alert of engine.evaluate(input)) {
            counts[alert.severity]++;
            matches.get(alert.ruleId)?.push(`    ${displayPath(io, input.file)}:${input.line}: ${alertLine(alert)}`);
          }
        }
        for (const rule of selected) {
          const found = matches.get(rule.id) ?? [];
          lines.push(`${rule.id}: ${found.length} alert(s)`, ...found);
        }
        if (selected.length === 0) lines.push('no rules in the given files');
        const summary = summaryLines({ read: reader.stats, engine: engine.stats, alerts: counts, hidden: 0, displayFile: (file) => displayPath(io, file) });
        io.stderr.write(summary.map((line) => `eksguard rules test: ${line}`).join('\n') + '\n');
      }
      let failed = 0;
      if (options.cases.length > 0) {
        // Cases may name any loaded rule, built-in ones included.
        const tests = options.cases.flatMap((path) => {
          const file = resolve(io.cwd, path);
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (error) {
            throw new UsageError(`--cases ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
          }
          const read = loadRuleTests(text, file);
          if (read.errors.length > 0) {
            for (const error of read.errors) io.stderr.write(`${displayPath(io, error.file)}:${error.line ?? 0}: ${error.message}\n`);
            throw new UsageError(`${read.errors.length} error(s) in ${path}; no case ran`);
          }
          return read.tests;
        });
        const outcomes = await runRuleTests(tests, options.all ? loaded.rules : loaded.rules.filter((rule) => userFiles.has(rule.file) || tests.some((test) => test.expect.has(rule.id))));
        if (lines.length > 0) lines.push('');
        for (const outcome of outcomes) {
          const where = `${displayPath(io, outcome.test.file)}:${outcome.test.line}`;
          if (outcome.failures.length === 0) {
            lines.push(`PASS  ${outcome.test.name}`);
            continue;
          }
          failed++;
          lines.push(`FAIL  ${outcome.test.name}  (${where})`, ...outcome.failures.map((failure) => `        ${failure}`));
          const fired = [...outcome.actual].map(([id, n]) => `${id} ×${n}`);
          if (fired.length > 0) lines.push(`        alerts raised: ${fired.join(', ')}`);
          lines.push(...outcome.issues.map((issue) => `        ${issue}`));
        }
        lines.push('', `${outcomes.length - failed} passed, ${failed} failed`);
      }
      io.stdout.write(`${lines.join('\n')}\n`);
      setExit(failed > 0 ? EXIT.findings : EXIT.ok);
    });
}
