import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { FRAMEWORK_IDS } from '../frameworks/index.js';
import { COMPLIANCE_FORMATS, renderCompliance, type ComplianceFormat } from '../report/compliance.js';
import { addCollectionOptions } from './cluster-source.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadPolicy } from './policy-loader.js';
import { progress } from './progress.js';
import { scanInventory } from './scan-pipeline.js';
import {
  loadClusterSource,
  loadManifestSource,
  loadSnapshotSource,
  reportCollectionGaps,
  type ClusterSourceFlags,
  type LoadedSource,
} from './sources.js';
import { wantsColor } from './write-outputs.js';

interface ComplianceFlags extends ClusterSourceFlags {
  framework?: string;
  snapshot?: string;
  format: ComplianceFormat;
  output?: string;
  config?: string;
  baseline: boolean;
  ignoreInputErrors: boolean;
  color: boolean;
}

const HELP = `
Give exactly one input: manifest paths, --snapshot FILE, or --name (and --region) for a live
cluster. Each control is fail (an unwaived finding about it), pass (every check it names ran and
decided its part, with no such finding), manual (a person must judge it: not observable without
an agent on the node or outside the cluster) or not evaluated (some of its checks did not run on
this input, errored, were not evaluated, or are not built yet: the reason names them). The score is
pass / (pass + fail), so manual and not-evaluated controls neither raise nor lower it.

Examples:
  eksguard compliance --framework cis-eks-1.8 --snapshot examples/prod.snapshot.json.gz
  eksguard compliance --framework pss-restricted examples/shop
  eksguard compliance --framework nsa-cisa-1.2 --snapshot examples/prod.snapshot.json.gz --format markdown -o compliance.md
  eksguard compliance --framework cis-eks-1.8 --name prod --region eu-west-1 --format json

Exit codes: 0 the report was written (whatever the controls say), 2 usage or input error.`;

/** `eksguard compliance --framework ID <input>`: the per-control view of one framework. */
export function registerComplianceCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCollectionOptions(
    program
      .command('compliance')
      .description('measure manifests, a snapshot or a live cluster against a compliance framework, control by control')
      .argument('[paths...]', 'files or directories of manifests (- reads standard input); or use --snapshot or --name')
      .option('--framework <id>', `the framework (required): ${FRAMEWORK_IDS.join(', ')}`)
      .option('--snapshot <file>', 'a snapshot written by `eksguard collect` (.json or .json.gz)')
      .addOption(new Option('-f, --format <format>', 'output format').choices([...COMPLIANCE_FORMATS]).default('table'))
      .option('-o, --output <file>', 'write the report to this file instead of standard output')
      .option('-c, --config <file>', 'configuration file (default: .eksguard.yaml in the current directory, if present); its exceptions waive findings')
      .option('--no-baseline', 'drop the default EKS platform exceptions (aws-node, kube-proxy, coredns, ...)')
      .option('--ignore-input-errors', 'do not exit 2 because some input could not be read', false)
      .option('--no-color', 'never colour the table output'),
  )
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: ComplianceFlags) => {
      if (!flags.framework) throw new UsageError(`--framework <id> is required: ${FRAMEWORK_IDS.join(', ')}`);
      const source = await loadSource(paths, flags, io);
      setExit(reportCompliance(source, flags, flags.framework, io));
    });
}

async function loadSource(paths: string[], flags: ComplianceFlags, io: CliIo): Promise<LoadedSource> {
  const given = [paths.length > 0, flags.snapshot !== undefined, flags.name !== undefined].filter(Boolean).length;
  if (given !== 1) throw new UsageError('give exactly one input: manifest paths, --snapshot FILE, or --name CLUSTER');
  if (flags.snapshot !== undefined) return loadSnapshotSource(flags.snapshot, io);
  if (flags.name !== undefined) return loadClusterSource(flags, io);
  const status = progress(io.stderr);
  try {
    return await loadManifestSource(paths, io, status);
  } finally {
    status.done();
  }
}

function reportCompliance(source: LoadedSource, flags: ComplianceFlags, framework: string, io: CliIo): number {
  const policy = loadPolicy({ configFile: flags.config, baseline: flags.baseline, ...(source.available ? { available: source.available } : {}) }, io);
  const collectedAt = source.input.inventory.source.collectedAt;
  const { result } = scanInventory(source.input, policy, {
    includePassed: false,
    // Controls are decided by findings; paths and risk scores would change none of them.
    attackPaths: false,
    framework,
    ...(collectedAt ? { now: new Date(collectedAt) } : {}),
  });
  const report = result.compliance?.[0];
  if (!report) throw new Error(`no compliance computed for ${framework}`);
  const file = flags.output === '-' ? undefined : flags.output;
  const text = renderCompliance(flags.format, report, { color: file === undefined && wantsColor(io.stdout, flags.color, io.env) });
  if (file === undefined) io.stdout.write(text);
  else writeReport(file, text);
  reportCollectionGaps(source, io);
  for (const error of source.input.inputErrors) {
    io.stderr.write(`eksguard: input error: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  if (source.input.inputErrors.length > 0 && !flags.ignoreInputErrors) return EXIT.usage;
  return EXIT.ok;
}

function writeReport(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`cannot write the compliance report to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
