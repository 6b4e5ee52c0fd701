import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules, type LoadedRules, type LoadRulesOptions, type RuleSource } from './load-rules.js';

const BUILTIN_DIR = fileURLToPath(new URL('./builtin/', import.meta.url));

/** The built-in rule files (`builtin/*.yaml`), named `builtin/<file>` in errors. */
export function builtinRuleSources(): RuleSource[] {
  return readdirSync(BUILTIN_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ file: `builtin/${name}`, text: readFileSync(join(BUILTIN_DIR, name), 'utf8') }));
}

/** Built-in rules, plus user rule sources (which may use the built-in lists and macros). */
export function loadBuiltinRules(extra: readonly RuleSource[] = [], options: LoadRulesOptions = {}): LoadedRules {
  return loadRules([...builtinRuleSources(), ...extra], options);
}
