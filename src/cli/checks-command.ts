import type { Command } from 'commander';
import { Option } from 'commander';
import type { AnyCheck } from '../checks/index.js';
import { refsByCheck } from '../frameworks/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadPolicy } from './policy-loader.js';
import { baselineFor } from './baseline-view.js';

interface ListOptions {
  format: 'table' | 'json';
  area?: string;
  config?: string;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function formatRefs(refs: Record<string, string[]> | undefined): string {
  if (!refs) return '';
  return Object.entries(refs)
    .map(([framework, controls]) => `${framework} ${controls.join(', ')}`)
    .join('; ');
}

export function registerChecksCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const checks = program.command('checks').description('list and explain the checks');

  checks
    .command('list')
    .description('list every check with its id, severity, area and framework references')
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option('--area <area>', 'only checks of this area (e.g. rbac, workload, network)')
    .option('-c, --config <file>', 'configuration whose custom checks to include')
    .addHelpText('after', '\nExamples:\n  eksguard checks list\n  eksguard checks list --area rbac --format json')
    .action((options: ListOptions) => {
      const all = allChecks(options.config, io);
      const refs = refsByCheck();
      const selected = all.filter((check) => !options.area || check.area === options.area);
      if (options.format === 'json') {
        const rows = selected.map((check) => ({
          id: check.id,
          title: check.title,
          severity: check.severity,
          area: check.area,
          needs: check.needs ?? [],
          refs: refs.get(check.id) ?? {},
        }));
        io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const idWidth = Math.max(2, ...selected.map((check) => check.id.length));
      io.stdout.write(`${pad('ID', idWidth)}  ${pad('SEVERITY', 8)}  ${pad('AREA', 12)}  TITLE\n`);
      for (const check of selected) {
        io.stdout.write(`${pad(check.id, idWidth)}  ${pad(check.severity, 8)}  ${pad(check.area, 12)}  ${check.title}\n`);
      }
      io.stdout.write(`\n${selected.length} checks\n`);
    });

  checks
    .command('explain')
    .description('show what a check decides, why it matters, how to fix it, and its framework controls')
    .argument('<id>', 'check id, e.g. wl-privileged')
    .option('-c, --config <file>', 'configuration whose custom checks to include')
    .addHelpText('after', '\nExample:\n  eksguard checks explain rbac-secrets-read')
    .action((id: string, options: { config?: string }) => {
      const all = allChecks(options.config, io);
      const check = all.find((candidate) => candidate.id === id);
      if (!check) {
        const near = all.filter((candidate) => candidate.id.includes(id) || id.includes(candidate.id)).map((candidate) => candidate.id);
        io.stderr.write(`eksguard: no check "${id}"${near.length ? `; did you mean ${near.slice(0, 5).join(', ')}?` : ''} (see eksguard checks list)\n`);
        setExit(EXIT.usage);
        return;
      }
      const lines = [
        `${check.id} — ${check.title}`,
        `severity: ${check.severity}    area: ${check.area}`,
        '',
        check.description,
        '',
        `Remediation: ${check.remediation}`,
      ];
      const refs = formatRefs(refsByCheck().get(check.id));
      if (refs) lines.push('', `Frameworks: ${refs}`);
      if (check.options && Object.keys(check.options).length > 0) {
        lines.push('', 'Options (.eksguard.yaml checks.options):');
        for (const [key, value] of Object.entries(check.options)) lines.push(`  ${key}: ${JSON.stringify(value)}`);
      }
      const baseline = baselineFor(check.id);
      if (baseline.length > 0) {
        lines.push('', 'Waived by the default EKS baseline (--no-baseline to drop):');
        for (const entry of baseline) lines.push(`  ${entry}`);
      }
      if (check.links?.length) lines.push('', 'See also:', ...check.links.map((link) => `  ${link}`));
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}

function allChecks(configFile: string | undefined, io: CliIo): readonly AnyCheck[] {
  return loadPolicy({ configFile, baseline: true }, io).allChecks;
}
