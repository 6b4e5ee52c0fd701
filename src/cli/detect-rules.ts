import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
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
export function loadRulesOrFail(io: CliIo, userPaths: readonly string[]): { loaded: LoadedRules; userFiles: Set<string> } {
  const read = readRuleSources(userPaths.map((path) => resolve(io.cwd, path)));
  const sources = read.sources.map((source) => ({ ...source, file: displayPath(io, source.file) }));
  const loaded = loadBuiltinRules(sources);
  const errors = [...read.errors.map((error) => ({ ...error, file: displayPath(io, error.file) })), ...loaded.errors];
  if (errors.length > 0) {
    for (const error of errors) io.stderr.write(`${formatRuleError(error)}\n`);
    throw new UsageError(`${errors.length} error(s) in rule files; no detection ran`);
  }
  return { loaded, userFiles: new Set(sources.map((source) => source.file)) };
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
