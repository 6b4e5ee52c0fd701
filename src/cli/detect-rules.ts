import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadIntelLists, parseIntelSpec, type IntelIndex } from '../detect/intel/index.js';
import { loadBuiltinRules, formatRuleError, readRuleSources, type LoadedRules } from '../detect/rules/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** A path as the user would recognise it: relative to the working directory when under it. */
export function displayPath(io: CliIo, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(io.cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * The built-in rules plus the user's rule files or folders (`--rules`). Any load error is
 * written to stderr as `file:line: rule id: field: message` and ends the command with exit 2.
 */
export function loadRulesOrFail(io: CliIo, userPaths: readonly string[], intelSpecs: readonly string[] = []): { loaded: LoadedRules; userFiles: Set<string> } {
  const read = readRuleSources(userPaths.map((path) => resolve(io.cwd, path)));
  const sources = read.sources.map((source) => ({ ...source, file: displayPath(io, source.file) }));
  const loaded = loadBuiltinRules(sources, { intel: loadIntelOrFail(io, intelSpecs) });
  const errors = [...read.errors.map((error) => ({ ...error, file: displayPath(io, error.file) })), ...loaded.errors];
  if (errors.length > 0) {
    for (const error of errors) io.stderr.write(`${formatRuleError(error)}\n`);
    throw new UsageError(`${errors.length} error(s) in rule files; no detection ran`);
  }
  return { loaded, userFiles: new Set(sources.map((source) => source.file)) };
}

/**
 * Threat-intel IP lists from `--intel NAME=FILE`. A file that cannot be read is a usage error;
 * bad lines are reported (file:line) on stderr and skipped, the good entries load.
 */
function loadIntelOrFail(io: CliIo, specs: readonly string[]): IntelIndex | undefined {
  if (specs.length === 0) return undefined;
  const parsed = specs.map((text) => {
    const spec = parseIntelSpec(text);
    if (typeof spec === 'string') throw new UsageError(`--intel: ${spec}`);
    return { name: spec.name, file: resolve(io.cwd, spec.file) };
  });
  const { intel, lists, errors } = loadIntelLists(parsed);
  const unreadable = errors.filter((error) => error.line === undefined);
  if (unreadable.length > 0) throw new UsageError(unreadable.map((error) => `--intel ${displayPath(io, error.file)}: ${error.message}`).join('; '));
  for (const error of errors) io.stderr.write(`eksguard: ${displayPath(io, error.file)}:${error.line}: ${error.message} (line skipped)\n`);
  for (const list of lists) if (list.entries === 0) io.stderr.write(`eksguard: intel list ${list.name} (${displayPath(io, list.file)}) has no entries\n`);
  return intel;
}

/** Event inputs: `-` is stdin, anything else must exist (a missing path is a usage error). */
export function eventSources(io: CliIo, paths: readonly string[]): { path: string }[] {
  return paths.map((path) => {
    if (path === '-') return { path };
    const full = resolve(io.cwd, path);
    if (!existsSync(full)) throw new UsageError(`no such file or directory: ${path}`);
    return { path: full };
  });
}

export const collect = (value: string, previous: string[]): string[] => [...previous, value];
