import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { AnyCheck } from '../define-check.js';
import { parseYamlStream, type ConfigError } from '../config/yaml-source.js';
import { buildCustomCheck } from './custom-check.js';
import { readDefinition } from './definition.js';

export interface LoadedCustomChecks {
  checks: AnyCheck[];
  errors: ConfigError[];
}

/** Custom checks from one YAML stream (several checks may share a file, separated by `---`). */
export function parseCustomChecks(text: string, file: string): LoadedCustomChecks {
  const { documents, errors } = parseYamlStream(text, file);
  const checks: AnyCheck[] = [];
  if (errors.length > 0) return { checks, errors };
  for (const document of documents) {
    const read = readDefinition(document);
    errors.push(...read.errors);
    if (!read.definition) continue;
    const built = buildCustomCheck(read.definition, document);
    errors.push(...built.errors);
    if (built.check) checks.push(built.check);
  }
  return { checks, errors };
}

/**
 * Reads custom checks from files and folders (every `*.yaml` / `*.yml` below a folder, in name
 * order), resolved against `baseDir` (the configuration file's folder). A check id defined
 * twice is an error: which one would run would depend on file order.
 */
export function loadCustomChecks(paths: readonly string[], baseDir: string): LoadedCustomChecks {
  const result: LoadedCustomChecks = { checks: [], errors: [] };
  const definedIn = new Map<string, string>();
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
    let files: string[];
    try {
      files = statSync(absolute).isDirectory() ? yamlFilesUnder(absolute) : [absolute];
    } catch (error) {
      result.errors.push({ file: display(absolute), path: '', message: `cannot read: ${reason(error)}` });
      continue;
    }
    for (const file of files) {
      const name = display(file);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        result.errors.push({ file: name, path: '', message: `cannot read: ${reason(error)}` });
        continue;
      }
      const loaded = parseCustomChecks(text, name);
      result.errors.push(...loaded.errors);
      for (const check of loaded.checks) {
        const first = definedIn.get(check.id);
        if (first !== undefined) {
          if (first !== name) result.errors.push({ file: name, path: 'id', message: `${check.id} is already defined in ${first}` });
          else result.errors.push({ file: name, path: 'id', message: `${check.id} is defined twice in this file` });
          continue;
        }
        definedIn.set(check.id, name);
        result.checks.push(check);
      }
    }
  }
  return result;
}

function yamlFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFilesUnder(path));
    else if (['.yaml', '.yml'].includes(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/** Paths in messages relative to the working directory when below it, as users typed them. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
