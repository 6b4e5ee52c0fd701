import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { DETECTION_SOURCES, isSeverity, type DetectionSource, type InputError } from '../../model/index.js';
import { expandCondition, ExpansionError, listVariableReferences } from './cel-text.js';
import { compileTemplate, parseFieldPath, type FieldPath, type TemplateFunctions } from './field-path.js';
import { intelFunctions, intelTemplateFunctions, withIntelFunctions } from './intel-functions.js';
import { compileGuard, type GuardFunctions } from './condition-guard.js';
import { IntelIndex } from '../intel/index.js';
import { MATURITIES, type DetectionRule, type Maturity, type RuleException, type RuleMatch } from './rule.js';
import { parseDuration, type RuleThreshold } from './threshold-window.js';
import { conditionFieldProblems, fieldPathProblem } from './event-schema.js';

/** A rule file's text and the name errors use for it. */
export interface RuleSource {
  file: string;
  text: string;
}

/** A problem in a rule file, naming the file, line, rule and field. */
export interface RuleLoadError extends InputError {
  ruleId?: string;
  /** Dotted path inside the rule (`exceptions[0].values`) or the file (`macros.foo`). */
  field?: string;
}

export interface LoadedRules {
  rules: DetectionRule[];
  lists: ReadonlyMap<string, readonly string[]>;
  macros: ReadonlyMap<string, string>;
  errors: RuleLoadError[];
}

/** `rules.yaml:12: rule k8s-exec: condition: unknown macro "foo"` */
export function formatRuleError(error: RuleLoadError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  const rule = error.ruleId ? ` rule ${error.ruleId}:` : '';
  const field = error.field ? ` ${error.field}:` : '';
  return `${where}:${rule}${field} ${error.message}`;
}

/** The CEL environment of every rule: `event` (the audit event or CloudTrail record) and `lists`. */
const ENVIRONMENT = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
  .registerVariable('event', 'map')
  .registerVariable('lists', 'map<string, list<string>>');
const RESERVED = new Set(['event', 'lists', 'list', 'true', 'false', 'null', 'in', 'has', 'map', 'int', 'uint', 'double', 'bool', 'string', 'bytes', 'dyn', 'type']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RULE_ID = /^[a-z0-9][a-z0-9.-]*$/;
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;
const FILE_KEYS = new Set(['lists', 'macros', 'rules']);
const RULE_KEYS = new Set(['id', 'title', 'description', 'severity', 'mitre', 'source', 'condition', 'output', 'exceptions', 'maturity', 'match', 'threshold']);
const MATCH_KEYS: Record<DetectionSource, Set<string>> = {
  'k8s-audit': new Set(['verbs', 'resources', 'subresources']),
  cloudtrail: new Set(['eventNames']),
};

type Path = (string | number)[];

/** One parsed document with a way to find the line of any path in it. */
interface Located {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

function lineOf(at: Located, path: Path): number | undefined {
  let node: unknown = at.doc.contents;
  let anchor: { range?: [number, number, number] | null } | undefined = node as typeof anchor;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === step);
      if (!pair) break;
      anchor = pair.key as typeof anchor;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step];
      anchor = node as typeof anchor;
    } else {
      break;
    }
  }
  return anchor?.range ? at.lines.linePos(anchor.range[0]).line : undefined;
}

function fieldName(path: Path): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

interface RawRule {
  at: Located;
  index: number;
  value: Record<string, unknown>;
}

/**
 * Loads rule files: every `lists:` and `macros:` of every source is shared by every rule (so a
 * user's file can use the built-in macros), then each rule is validated and its condition
 * compiled once. A rule with an error is left out; the others load.
 */
export interface LoadRulesOptions {
  /** Threat-intel IP lists behind `intel_lists()`; none by default, so intel rules stay silent. */
  intel?: IntelIndex;
}

export function loadRules(sources: readonly RuleSource[], options: LoadRulesOptions = {}): LoadedRules {
  const errors: RuleLoadError[] = [];
  const lists = new Map<string, string[]>();
  const macros = new Map<string, string>();
  const listFrom = new Map<string, string>();
  const macroAt = new Map<string, Located>();
  const raw: RawRule[] = [];

  for (const source of sources) {
    const lines = new LineCounter();
    for (const doc of parseAllDocuments(source.text, { lineCounter: lines, prettyErrors: true })) {
      if (doc.errors.length > 0) {
        for (const error of doc.errors) errors.push({ file: source.file, line: error.linePos?.[0].line, message: `invalid YAML: ${error.message.split('\n')[0]}` });
        continue;
      }
      const at: Located = { file: source.file, doc, lines };
      const err = (path: Path, message: string) => errors.push({ file: source.file, line: lineOf(at, path), field: fieldName(path) || undefined, message });
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) continue;
      if (!isRecord(value)) {
        err([], 'a rule file is a mapping with rules:, lists: and macros:');
        continue;
      }
      for (const key of Object.keys(value)) if (!FILE_KEYS.has(key)) err([key], `unknown key (expected ${[...FILE_KEYS].join(', ')})`);
      readNamed(value.lists, 'lists', err, (name, item, path) => {
        if (!Array.isArray(item) || !item.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return err(path, 'a list is a sequence of strings');
        if (lists.has(name)) return err(path, `list ${name} is already defined in ${listFrom.get(name)}`);
        lists.set(name, item.map(String));
        listFrom.set(name, source.file);
      });
      readNamed(value.macros, 'macros', err, (name, item, path) => {
        if (typeof item !== 'string' || item.trim() === '') return err(path, 'a macro is a CEL expression (string)');
        if (macros.has(name)) return err(path, `macro ${name} is already defined in ${macroAt.get(name)?.file}`);
        macros.set(name, item);
        macroAt.set(name, at);
      });
      if (value.rules !== undefined) {
        if (!Array.isArray(value.rules)) err(['rules'], 'must be a sequence of rules');
        else
          value.rules.forEach((rule: unknown, index) => {
            if (isRecord(rule)) raw.push({ at, index, value: rule });
            else err(['rules', index], 'a rule is a mapping');
          });
      }
    }
  }

  // Macros are checked on their own so an error in one is reported once, at the macro.
  for (const [name, body] of macros) {
    try {
      expandCondition(body, { macros, lists }, [name]);
    } catch (error) {
      const at = macroAt.get(name);
      errors.push({ file: at?.file ?? '', line: at && lineOf(at, ['macros', name]), field: `macros.${name}`, message: (error as Error).message });
    }
  }

  const intel = options.intel ?? IntelIndex.EMPTY;
  const environment = withIntelFunctions(ENVIRONMENT, intel);
  const rules: DetectionRule[] = [];
  const seen = new Map<string, string>();
  for (const item of raw) {
    const rule = buildRule(item, { macros, lists, environment, templateFunctions: intelTemplateFunctions(intel), guardFunctions: intelFunctions(intel) }, errors);
    if (!rule) continue;
    const first = seen.get(rule.id);
    if (first !== undefined) {
      errors.push({ file: item.at.file, line: lineOf(item.at, ['rules', item.index, 'id']), ruleId: rule.id, field: 'id', message: `rule id already defined in ${first}` });
      continue;
    }
    seen.set(rule.id, item.at.file);
    rules.push(rule);
  }
  return { rules, lists, macros, errors };
}

function readNamed(value: unknown, key: string, err: (path: Path, message: string) => void, each: (name: string, item: unknown, path: Path) => void): void {
  if (value === undefined) return;
  if (!isRecord(value)) return err([key], `${key} is a mapping of name to definition`);
  for (const [name, item] of Object.entries(value)) {
    if (!NAME.test(name) || RESERVED.has(name)) err([key, name], `bad name "${name}" (letters, digits and _, not a reserved word)`);
    else each(name, item, [key, name]);
  }
}

function buildRule(
  item: RawRule,
  context: { macros: Map<string, string>; lists: Map<string, string[]>; environment: Environment; templateFunctions: TemplateFunctions; guardFunctions: GuardFunctions },
  errors: RuleLoadError[],
): DetectionRule | undefined {
  const { at, index, value } = item;
  const ruleId = typeof value.id === 'string' ? value.id : undefined;
  const before = errors.length;
  const err = (field: Path, message: string) =>
    errors.push({ file: at.file, line: lineOf(at, ['rules', index, ...field]), ruleId: ruleId ?? `#${index + 1}`, field: fieldName(field) || undefined, message });

  for (const key of Object.keys(value)) if (!RULE_KEYS.has(key)) err([key], `unknown field (expected one of ${[...RULE_KEYS].join(', ')})`);
  const text = (key: string, required = true): string => {
    const v = value[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (required || v !== undefined) err([key], v === undefined ? 'is required' : 'must be a non-empty string');
    return '';
  };
  const id = text('id');
  if (id && !RULE_ID.test(id)) err(['id'], 'must be lowercase letters, digits, "-" and "."');
  const title = text('title');
  const description = text('description');
  const severity = value.severity;
  if (!isSeverity(severity)) err(['severity'], `must be one of critical, high, medium, low, info (got ${JSON.stringify(severity)})`);
  const source = value.source as DetectionSource;
  if (!DETECTION_SOURCES.includes(source)) err(['source'], `must be one of ${DETECTION_SOURCES.join(', ')} (got ${JSON.stringify(source)})`);
  const maturity = (value.maturity ?? 'stable') as Maturity;
  if (!MATURITIES.includes(maturity)) err(['maturity'], `must be one of ${MATURITIES.join(', ')}`);
  const mitre = value.mitre;
  if (!isRecord(mitre) || typeof mitre.tactic !== 'string' || typeof mitre.technique !== 'string') err(['mitre'], 'must have tactic and technique (strings)');
  else if (!TECHNIQUE.test(mitre.technique)) err(['mitre', 'technique'], `must be an ATT&CK technique id like T1609 or T1078.004 (got ${mitre.technique})`);

  const output = text('output');
  const outputParts = output ? compileTemplate(output, context.templateFunctions) : [];
  if (typeof outputParts === 'string') err(['output'], outputParts);

  const match = DETECTION_SOURCES.includes(source) ? readMatch(value.match, source, err) : undefined;
  const exceptions = readExceptions(value.exceptions, err);
  const threshold = readThreshold(value.threshold, err);

  const condition = text('condition');
  let expanded = '';
  let parsed: ParseResult | undefined;
  if (condition) {
    try {
      expanded = expandCondition(condition, context);
      for (const name of listVariableReferences(expanded)) if (!context.lists.has(name)) err(['condition'], `unknown list "${name}"`);
      parsed = context.environment.parse(expanded);
      const checked = parsed.check();
      if (!checked.valid) {
        err(['condition'], celProblem(checked.error, context.macros));
        parsed = undefined;
      } else if (checked.type !== 'bool' && checked.type !== 'dyn') {
        err(['condition'], `must evaluate to a bool, not ${checked.type}`);
        parsed = undefined;
      }
    } catch (error) {
      err(['condition'], error instanceof ExpansionError ? error.message : celProblem(error, context.macros));
      parsed = undefined;
    }
  }
  if (DETECTION_SOURCES.includes(source)) {
    // A misspelt field never matches and never errors at run time: refuse it here.
    if (parsed) for (const problem of conditionFieldProblems(expanded, source)) err(['condition'], problem);
    const paths: Array<[Path, FieldPath]> = [
      ...(typeof outputParts === 'string' ? [] : outputParts.flatMap((part): Array<[Path, FieldPath]> => (typeof part === 'string' ? [] : [[['output'], 'path' in part ? part.path : part]]))),
      ...(exceptions ?? []).flatMap((exception, i) => exception.fields.map((field): [Path, FieldPath] => [['exceptions', i, 'fields'], field])),
      ...(threshold ? [...threshold.by.map((field): [Path, FieldPath] => [['threshold', 'by'], field]), ...(threshold.distinct ? [[['threshold', 'distinct'], threshold.distinct] as [Path, FieldPath]] : [])] : []),
    ];
    for (const [field, path] of paths) {
      const problem = fieldPathProblem(path, source);
      if (problem) err(field, problem);
    }
  }
  if (errors.length > before || !parsed || typeof outputParts === 'string' || !isRecord(mitre) || !isSeverity(severity)) return undefined;

  const evaluate = parsed;
  const listValues = Object.fromEntries(context.lists);
  // Most events fail a plain field comparison of the condition: the guard answers those
  // without the CEL interpreter. Only its "false" is trusted (CEL would say false too).
  const guard = compileGuard(context.environment.parse(expanded).ast, context.guardFunctions, { lists: listValues });
  return {
    id,
    title,
    description,
    severity,
    mitre: { tactic: String(mitre.tactic), technique: String(mitre.technique) },
    source,
    condition,
    expandedCondition: expanded,
    output,
    exceptions: exceptions ?? [],
    maturity,
    ...(match ? { match } : {}),
    ...(threshold ? { threshold } : {}),
    file: at.file,
    test: guard ? (event) => (guard(event) === false ? false : (evaluate({ event, lists: listValues }) as unknown)) : (event) => evaluate({ event, lists: listValues }) as unknown,
    outputParts,
  };
}

function readMatch(value: unknown, source: DetectionSource, err: (field: Path, message: string) => void): RuleMatch | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    err(['match'], 'must be a mapping');
    return undefined;
  }
  const match: RuleMatch = {};
  for (const [key, item] of Object.entries(value)) {
    if (!MATCH_KEYS[source].has(key)) {
      err(['match', key], `unknown field for source ${source} (expected ${[...MATCH_KEYS[source]].join(', ')})`);
      continue;
    }
    if (!Array.isArray(item) || item.length === 0 || !item.every((v) => typeof v === 'string')) {
      err(['match', key], 'must be a non-empty list of strings');
      continue;
    }
    match[key as keyof RuleMatch] = item;
  }
  return match;
}

/** Longest window a threshold may use: state is kept per key for this long. */
const MAX_WINDOW_MS = 24 * 3_600_000;
const THRESHOLD_KEYS = new Set(['count', 'window', 'by', 'distinct']);

function readThreshold(value: unknown, err: (field: Path, message: string) => void): RuleThreshold | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    err(['threshold'], 'must be a mapping { count, window, by, distinct? }');
    return undefined;
  }
  let ok = true;
  const fail = (field: string, message: string) => {
    err(['threshold', field], message);
    ok = false;
  };
  for (const key of Object.keys(value)) if (!THRESHOLD_KEYS.has(key)) fail(key, `unknown field (expected ${[...THRESHOLD_KEYS].join(', ')})`);
  const count = value.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 2 || count > 10_000) fail('count', 'must be a whole number from 2 to 10000');
  const windowMs = typeof value.window === 'string' ? parseDuration(value.window) : undefined;
  if (windowMs === undefined || windowMs <= 0 || windowMs > MAX_WINDOW_MS) fail('window', 'must be a duration up to 24h, like 60s, 5m or 1h');
  const by: FieldPath[] = [];
  if (!Array.isArray(value.by) || !value.by.every((field) => typeof field === 'string')) fail('by', 'must be a list of field paths, e.g. [user.username]');
  else
    for (const field of value.by) {
      const path = parseFieldPath(field);
      if (typeof path === 'string') fail('by', path);
      else by.push(path);
    }
  let distinct: FieldPath | undefined;
  if (value.distinct !== undefined) {
    const path = typeof value.distinct === 'string' ? parseFieldPath(value.distinct) : 'must be a field path';
    if (typeof path === 'string') fail('distinct', path);
    else distinct = path;
  }
  if (!ok) return undefined;
  return { count: count as number, windowMs: windowMs!, by, ...(distinct ? { distinct } : {}) };
}

function readExceptions(value: unknown, err: (field: Path, message: string) => void): RuleException[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    err(['exceptions'], 'must be a list of { name, fields, values }');
    return undefined;
  }
  const result: RuleException[] = [];
  value.forEach((item: unknown, i) => {
    const at = (...rest: Path): Path => ['exceptions', i, ...rest];
    if (!isRecord(item) || typeof item.name !== 'string' || !Array.isArray(item.fields) || !Array.isArray(item.values)) {
      err(at(), 'an exception has name (string), fields (list) and values (list of tuples)');
      return;
    }
    const fieldCount = item.fields.length;
    const fields: FieldPath[] = [];
    item.fields.forEach((field: unknown, j) => {
      const path = typeof field === 'string' ? parseFieldPath(field) : 'must be a string';
      if (typeof path === 'string') err(at('fields', j), path);
      else fields.push(path);
    });
    const values: string[][] = [];
    item.values.forEach((tuple: unknown, j) => {
      // A one-field exception may list plain values.
      const row = Array.isArray(tuple) ? tuple : fieldCount === 1 ? [tuple] : undefined;
      if (!row || row.length !== fieldCount || !row.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        err(at('values', j), `must be a tuple of ${fieldCount} value(s), one per field`);
      } else {
        values.push(row.map(String));
      }
    });
    result.push({ name: item.name, fields, values });
  });
  return result;
}

function celProblem(error: unknown, macros: ReadonlyMap<string, string>): string {
  const text = error && typeof error === 'object' && 'summary' in error && typeof error.summary === 'string' ? error.summary : error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const unknown = /Unknown variable: (\w+)/.exec(text);
  if (unknown) {
    const names = [...macros.keys()].sort();
    return `unknown macro or variable "${unknown[1]}" (variables: event, lists; macros: ${names.length ? names.join(', ') : 'none'})`;
  }
  return `CEL: ${text}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every `*.yaml` / `*.yml` file named, or below a named folder (in name order), as sources. */
export function readRuleSources(paths: readonly string[]): { sources: RuleSource[]; errors: RuleLoadError[] } {
  const sources: RuleSource[] = [];
  const errors: RuleLoadError[] = [];
  const visit = (path: string, top: boolean) => {
    try {
      if (statSync(path).isDirectory()) {
        for (const name of readdirSync(path).sort()) visit(join(path, name), false);
      } else if (top || ['.yaml', '.yml'].includes(extname(path).toLowerCase())) {
        sources.push({ file: path, text: readFileSync(path, 'utf8') });
      }
    } catch (error) {
      errors.push({ file: path, message: `cannot read: ${(error as Error).message}` });
    }
  };
  for (const path of paths) visit(path, true);
  return { sources, errors };
}
