import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { CheckResult, Inventory, InventoryObject } from '../model/index.js';
import { InventoryView, refKey, refOf } from '../inventory/index.js';
import { emptyLoad, loadManifestPaths, loadManifestText } from '../collect/files/index.js';
import { evaluate } from '../checks/index.js';
import { printable } from '../report/terminal-text.js';
import { fixManifests, fixTarget, kubectlPatchCommand, unifiedDiff, type FixReport, type FixScan, type FixScanner, type ObjectOrigin } from '../respond/fix/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadPolicy, type LoadedPolicy } from './policy-loader.js';
import { loadSnapshotSource } from './sources.js';

interface FixFlags {
  write: boolean;
  includeSuggestions: boolean;
  checks?: string;
  config?: string;
  snapshot?: string;
  baseline: boolean;
}

const HELP = `
Applies the fixes that checks declare (RFC 6902 patches) to the manifests, editing only the
nodes a fix touches: comments, key order, quoting, indentation, line endings and the other
documents of a file stay as they were. Fixes that change the same fields are applied in rounds,
re-scanning in between. Suggestions (fixes a person must review, such as which user id to run
as) are applied only with --include-suggestions; fixes of AWS-side settings are listed as manual.
By default a unified diff goes to standard output and nothing is written; --write rewrites the
files. With --snapshot, prints one kubectl patch command per fix for the live objects instead
(nothing is sent to the cluster).

Examples:
  eksguard fix ./k8s --checks wl-run-as-root,wl-caps-not-dropped --include-suggestions
  eksguard fix ./k8s --write
  eksguard fix ./k8s > fixes.patch && git apply fixes.patch
  eksguard fix --snapshot examples/prod.snapshot.json.gz --checks wl-caps-not-dropped > fixes.sh

Exit codes: 0 every selected fixable finding was fixed (in the diff, the files or the commands),
1 some remain unfixed (see standard error for why), 2 usage or input error.`;

export function registerFixCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('fix')
    .description('apply the fixes checks declare to manifests (a diff, or --write), or print kubectl patch commands for a snapshot')
    .argument('[paths...]', 'files or directories of YAML/JSON manifests to fix')
    .option('--write', 'rewrite the files instead of printing a diff', false)
    .option('--include-suggestions', 'also apply suggestions (fixes with values a person should review)', false)
    .option('--checks <ids>', 'fix only the findings of these checks (comma-separated ids or globs)')
    .option('-c, --config <file>', 'configuration file (default: .eksguard.yaml in the current directory, if present); waived findings are not fixed')
    .option('--snapshot <file>', 'a snapshot written by `eksguard collect`: print kubectl patch commands for its live objects')
    .option('--no-baseline', 'drop the default EKS platform exceptions (aws-node, kube-proxy, coredns, ...)')
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: FixFlags) => {
      setExit(flags.snapshot !== undefined ? await fixSnapshot(paths, flags, io) : await fixFiles(paths, flags, io));
    });
}

function policyOf(flags: FixFlags, io: CliIo, manifests: boolean): LoadedPolicy {
  let only: string[] | undefined;
  if (flags.checks !== undefined) {
    only = flags.checks.split(',').map((id) => id.trim()).filter(Boolean);
    if (only.length === 0) throw new UsageError('--checks names no check');
  }
  // Manifests carry no AWS, kubelet or image data: checks needing it run only when named.
  return loadPolicy({ configFile: flags.config, baseline: flags.baseline, only, ...(manifests ? { available: [] } : {}) }, io);
}

function scanWith(policy: LoadedPolicy, inventory: Inventory, locator?: ConstructorParameters<typeof InventoryView>[1]): CheckResult[] {
  const view = new InventoryView(inventory, locator);
  const { results } = evaluate(view, policy.checks, { ...policy.engine, recordPasses: false });
  // A waived finding is accepted as it is: fixing it would undo someone's decision.
  return results.filter((result) => result.status === 'fail' && !result.waived);
}

function originsOf(objects: readonly InventoryObject[], fileOf: (entry: InventoryObject) => ObjectOrigin | undefined): Map<string, ObjectOrigin[]> {
  const origins = new Map<string, ObjectOrigin[]>();
  for (const entry of objects) {
    const origin = fileOf(entry);
    if (!origin) continue;
    const key = refKey(refOf(entry.object));
    origins.set(key, [...(origins.get(key) ?? []), origin]);
  }
  return origins;
}

async function fixFiles(paths: string[], flags: FixFlags, io: CliIo): Promise<number> {
  if (paths.length === 0) throw new UsageError('give the manifest files or directories to fix, or --snapshot FILE');
  if (paths.includes('-')) throw new UsageError('fix edits files: standard input (-) cannot be fixed');
  const policy = policyOf(flags, io, true);
  const loaded = await loadManifestPaths(paths.map((path) => resolve(io.cwd, path)), {
    onSkip: (skipped) => io.stderr.write(`eksguard: skipped ${skipped.path}: ${skipped.reason}\n`),
  });
  const files = new Map<string, string>();
  for (const { origin } of loaded.objects) {
    if (origin.type === 'file' && !files.has(origin.file)) files.set(origin.file, readFileSync(origin.file, 'utf8'));
  }
  for (const error of loaded.errors) io.stderr.write(`eksguard: input error: ${shown(error.file, io)}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  if (files.size === 0 && loaded.errors.length === 0) throw new UsageError(`no Kubernetes objects found in ${paths.join(' ')}`);
  // One clock for every round: a finding whose text says how old something is must read the
  // same in the last scan as in the first, or it would look fixed and new at once.
  const collectedAt = new Date().toISOString();
  const scanner: FixScanner = (texts) => {
    const current = emptyLoad();
    // The loader gets the text as it decodes a file's bytes: without a byte order mark.
    for (const [name, text] of texts) loadManifestText(text.startsWith('\uFEFF') ? text.slice(1) : text, name, current);
    const inventory: Inventory = { source: { type: 'manifests', paths, collectedAt }, objects: current.objects, errors: [] };
    return {
      failures: scanWith(policy, inventory, current.sources),
      objects: originsOf(current.objects, ({ origin }) => (origin.type === 'file' ? { file: origin.file, line: origin.line } : undefined)),
      inputErrors: current.errors,
    };
  };
  const report = fixManifests(files, scanner, { includeSuggestions: flags.includeSuggestions });
  if (report.inputErrors.length > 0) {
    // Never write a file the fixes left unreadable; this is a bug in a fix, not in the input.
    for (const error of report.inputErrors) io.stderr.write(`eksguard: a fix left ${shown(error.file, io)} unreadable: ${error.message}\n`);
    return EXIT.internal;
  }
  let notWritten = 0;
  if (flags.write) {
    notWritten = writeFiles(report, paths.map((path) => resolve(io.cwd, path)), io);
  } else {
    for (const [file, { before, after }] of report.files) {
      const name = shown(file, io);
      io.stdout.write(unifiedDiff(name, before, after));
    }
  }
  writeSummary(report, io, flags.write ? 'written' : 'in the diff');
  if (loaded.errors.length > 0) return EXIT.usage;
  return unfinished(report) || notWritten > 0 ? EXIT.findings : EXIT.ok;
}

/** Fixable findings left, or failures the fixes caused (a message that changed counts too). */
function unfinished(report: FixReport): boolean {
  return report.remaining.length > 0 || report.introduced.length > 0;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Writes each changed file where it really is: through a symlink only when its target lies
 * inside the paths given (a link is kept, never replaced by a copy), and a file reached by two
 * names once. Returns how many files were not written; each is named on standard error.
 */
function writeFiles(report: FixReport, roots: readonly string[], io: CliIo): number {
  const realRoots = roots.map(realPath);
  const inside = (real: string): boolean => realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  const written = new Map<string, string>();
  let refused = 0;
  const refuse = (file: string, why: string): void => {
    refused++;
    io.stderr.write(`  not written: ${oneLine(shown(file, io))}: ${why}\n`);
  };
  for (const [file, { after }] of report.files) {
    const real = realPath(file);
    if (real !== file && !inside(real)) {
      refuse(file, `a symbolic link to ${oneLine(real)}, outside the paths given`);
      continue;
    }
    const earlier = written.get(real);
    if (earlier !== undefined) {
      if (earlier !== after) refuse(file, `the same file as another path given, fixed differently there`);
      continue;
    }
    writeAtomically(real, after);
    written.set(real, after);
  }
  return refused;
}

/** A file path as the user sees it: relative to where eksguard runs when it is inside it. */
function shown(file: string, io: CliIo): string {
  const relativePath = relative(io.cwd, file);
  return relativePath && !relativePath.startsWith('..') && !isAbsolute(relativePath) ? relativePath : file;
}

/**
 * Write a temporary file beside the original, then rename: a crash never leaves half a file.
 * The temporary name is created exclusively (`wx`), so a file or symlink planted there is never
 * written through.
 */
function writeAtomically(file: string, text: string): void {
  const mode = statSync(file).mode & 0o7777;
  const temporary = join(dirname(file), `.${basename(file)}.eksguard-fix-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function label(finding: CheckResult): string {
  const container = finding.container !== undefined ? ` container ${finding.container}` : '';
  return `${finding.checkId} ${refKey(finding.resource)}${container}`;
}

/**
 * One line of text safe for a terminal: a hostile name or message can neither start a line of
 * its own nor move the cursor or recolour the screen (control characters shown as `\xNN`).
 */
function oneLine(text: string): string {
  return printable(text);
}

function writeSummary(report: FixReport, io: CliIo, where: string): void {
  const changed = where.startsWith('as kubectl') ? `on ${new Set(report.applied.map((entry) => entry.file)).size} object(s)` : `in ${report.files.size} file(s)`;
  io.stderr.write(`eksguard fix: fixed ${report.fixed.length} finding(s) ${changed}, ${where}${report.passes > 1 ? ` (${report.passes} rounds)` : ''}\n`);
  for (const { finding, reason } of report.remaining) io.stderr.write(`  not fixed: ${oneLine(label(finding))}: ${oneLine(reason)}\n`);
  for (const { finding, reason } of report.manual) {
    io.stderr.write(`  manual: ${oneLine(label(finding))}: ${oneLine(finding.fix?.description ?? '')} (${oneLine(reason)})\n`);
  }
  for (const finding of report.introduced) io.stderr.write(`  new after fixing: ${oneLine(label(finding))}: ${oneLine(finding.message)}\n`);
}

/**
 * A live inventory: fixes are worked out on copies of the objects, in the same rounds as for
 * files, and printed as kubectl patch commands in the order they build on each other.
 */
async function fixSnapshot(paths: string[], flags: FixFlags, io: CliIo): Promise<number> {
  if (paths.length > 0) throw new UsageError('give either manifest paths or --snapshot FILE, not both');
  if (flags.write) throw new UsageError('--write edits manifest files; with --snapshot, run the printed kubectl commands instead');
  const source = await loadSnapshotSource(flags.snapshot as string, io);
  const policy = policyOf(flags, io, false);
  const { inventory } = source.input;
  const keyOf = (object: InventoryObject['object']): string => refKey(refOf(object));
  // Only objects that some fix edits become "files" (their JSON), so re-scans stay cheap.
  const targets = new Set(scanWith(policy, inventory).filter((finding) => finding.fix).map((finding) => refKey(fixTarget(finding))));
  const files = new Map<string, string>();
  for (const { object } of inventory.objects) {
    if (targets.has(keyOf(object)) && !files.has(keyOf(object))) files.set(keyOf(object), JSON.stringify(object, null, 2));
  }
  const scanner = (texts: ReadonlyMap<string, string>): FixScan => {
    const objects = inventory.objects.map((entry) => {
      const text = texts.get(keyOf(entry.object));
      return text === undefined ? entry : { ...entry, object: JSON.parse(text) as InventoryObject['object'] };
    });
    return {
      failures: scanWith(policy, { ...inventory, objects }),
      objects: originsOf(objects, ({ object }) => (texts.has(keyOf(object)) ? { file: keyOf(object) } : undefined)),
      inputErrors: [],
    };
  };
  const report = fixManifests(files, scanner, { includeSuggestions: flags.includeSuggestions });
  const byKey = new Map(inventory.objects.map(({ object }) => [keyOf(object), object]));
  for (const { finding, file } of report.applied) {
    const live = byKey.get(file);
    const ref = live ? refOf(live) : fixTarget(finding);
    io.stdout.write(`# ${oneLine(finding.checkId)}: ${oneLine(finding.message)}\n${kubectlPatchCommand(ref, finding.fix?.operations ?? [])}\n`);
  }
  writeSummary(report, io, 'as kubectl commands');
  // Not `unfinished`: the live pods and ReplicaSets of a patched controller differ from its new
  // template in this simulation and are reported on their own, until the rollout replaces them.
  return report.remaining.length > 0 ? EXIT.findings : EXIT.ok;
}
