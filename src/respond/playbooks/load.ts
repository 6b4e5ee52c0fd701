/**
 * `playbooks.yaml` → a validated PlaybookSet, or every problem with file:line:column and the
 * field path. Nothing is defaulted silently but what DEFAULT_GUARDRAILS documents.
 */
import { LineCounter, parseDocument } from 'yaml';
import { isSeverity, type Severity } from '../../model/index.js';
import { ACTION_KINDS, type ActionKind, type ActionSpec, type ResponseAction } from '../actions/types.js';
import { parseDurationMs } from './duration.js';
import { DEFAULT_GUARDRAILS, PLAYBOOKS_API_VERSION, PLAYBOOKS_KIND, type Guardrails, type NotifierConfig, type Playbook, type PlaybookMatch, type PlaybookSet } from './types.js';
import { FieldReader, plainValue, type Field, type PlaybookProblem } from './yaml-fields.js';

export type ActionValidators = Record<ActionKind, Pick<ResponseAction, 'validate'>>;

export type PlaybookLoad = { ok: true; set: PlaybookSet } | { ok: false; problems: PlaybookProblem[] };

const TOP_FIELDS = ['apiVersion', 'kind', 'playbooks', 'guardrails', 'notifiers'];
const PLAYBOOK_FIELDS = ['name', 'match', 'actions', 'allowProtectedNamespaces', 'minHealthyReplicas'];
const MATCH_FIELDS = ['rules', 'severities', 'minSeverity', 'namespaces', 'excludeNamespaces'];
const GUARDRAIL_FIELDS = ['protectedNamespaces', 'excludedNamespaces', 'minHealthyReplicas', 'rateLimit', 'dedupWindow'];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Way above any sane setting; a typo like `100000` is refused rather than disabling the limit in effect. */
const MAX_RATE = 10_000;

/** `file:line:column: path: message`, one line per problem. */
export function formatProblems(file: string, problems: readonly PlaybookProblem[]): string {
  return problems
    .map((problem) => `${file}${problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : ''}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`)
    .join('\n');
}

export function loadPlaybooks(text: string, file: string, actions: ActionValidators): PlaybookLoad {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const position = error.linePos?.[0];
        return { path: '', message: `not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, ...(position ? { line: position.line, column: position.col } : {}) };
      }),
    };
  }
  const reader = new FieldReader(lines);
  const root = reader.map({ path: '', node: doc.contents }, TOP_FIELDS);
  if (!root) return { ok: false, problems: reader.problems };

  for (const [key, expected] of [['apiVersion', PLAYBOOKS_API_VERSION], ['kind', PLAYBOOKS_KIND]] as const) {
    const field = required(reader, root, key, { path: '', node: doc.contents });
    const value = field ? reader.string(field) : undefined;
    if (field && value !== undefined && value !== expected) reader.problem(field, `must be ${expected}, not "${value}"`);
  }

  const notifiersField = root.get('notifiers');
  const notifiers = notifiersField ? readNotifiers(reader, notifiersField) : {};
  const guardrailsField = root.get('guardrails');
  const guardrails = guardrailsField ? readGuardrails(reader, guardrailsField) : { ...DEFAULT_GUARDRAILS };

  const playbooks: Playbook[] = [];
  const playbooksField = required(reader, root, 'playbooks', { path: '', node: doc.contents });
  const items = playbooksField ? reader.list(playbooksField) : undefined;
  if (playbooksField && items?.length === 0) reader.problem(playbooksField, 'must list at least one playbook');
  const names = new Set<string>();
  for (const item of items ?? []) {
    const playbook = readPlaybook(reader, item, actions, notifiers);
    if (!playbook) continue;
    if (names.has(playbook.name)) reader.problem(item, `playbook name "${playbook.name}" is used twice`);
    names.add(playbook.name);
    playbooks.push(playbook);
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  return { ok: true, set: { file, playbooks, guardrails, notifiers } };
}

function required(reader: FieldReader, fields: Map<string, Field>, key: string, parent: Field): Field | undefined {
  const field = fields.get(key);
  if (!field) reader.problem(parent, `${parent.path ? `${parent.path}.` : ''}${key} is required`);
  return field;
}

function readPlaybook(reader: FieldReader, item: Field, actions: ActionValidators, notifiers: Record<string, NotifierConfig>): Playbook | undefined {
  const fields = reader.map(item, PLAYBOOK_FIELDS);
  if (!fields) return undefined;
  const before = reader.problems.length;
  const nameField = required(reader, fields, 'name', item);
  const name = nameField ? reader.string(nameField) : undefined;
  if (nameField && name !== undefined && !NAME.test(name)) reader.problem(nameField, 'must be lower-case letters, digits and dashes (it names the playbook in the trail)');
  const matchField = required(reader, fields, 'match', item);
  const match = matchField ? readMatch(reader, matchField) : undefined;
  const actionsField = required(reader, fields, 'actions', item);
  const list = actionsField ? reader.list(actionsField) : undefined;
  if (actionsField && list?.length === 0) reader.problem(actionsField, 'must list at least one action');
  const specs = (list ?? []).map((field) => readAction(reader, field, actions, notifiers)).filter((spec): spec is ActionSpec => spec !== undefined);
  const allowField = fields.get('allowProtectedNamespaces');
  const allowProtectedNamespaces = allowField ? reader.boolean(allowField) : false;
  const minField = fields.get('minHealthyReplicas');
  const minHealthyReplicas = minField ? reader.integer(minField, 0, 1000) : undefined;
  if (reader.problems.length > before || name === undefined || !match) return undefined;
  return { name, match, actions: specs, allowProtectedNamespaces: allowProtectedNamespaces ?? false, ...(minHealthyReplicas !== undefined ? { minHealthyReplicas } : {}) };
}

function readMatch(reader: FieldReader, field: Field): PlaybookMatch | undefined {
  const fields = reader.map(field, MATCH_FIELDS);
  if (!fields) return undefined;
  const match: PlaybookMatch = {};
  const lists = { rules: 'rules', namespaces: 'namespaces', excludeNamespaces: 'excludeNamespaces' } as const;
  for (const key of Object.values(lists)) {
    const listField = fields.get(key);
    if (!listField) continue;
    const values = reader.strings(listField);
    if (values?.length === 0) reader.problem(listField, 'must not be empty (leave the field out to match all)');
    else if (values) match[key] = values;
  }
  const severitiesField = fields.get('severities');
  if (severitiesField) {
    const values = reader.strings(severitiesField);
    if (values && values.length === 0) reader.problem(severitiesField, 'must not be empty (leave the field out to match all)');
    const severities = values?.filter((value): value is Severity => isSeverity(value));
    if (values && severities && severities.length !== values.length) reader.problem(severitiesField, 'severities are critical, high, medium, low and info');
    else if (severities && severities.length > 0) match.severities = severities;
  }
  const minField = fields.get('minSeverity');
  if (minField) {
    const value = reader.string(minField);
    if (value !== undefined && !isSeverity(value)) reader.problem(minField, 'must be critical, high, medium, low or info');
    else if (value !== undefined) match.minSeverity = value;
    if (severitiesField) reader.problem(minField, 'give severities or minSeverity, not both');
  }
  return match;
}

function readAction(reader: FieldReader, field: Field, actions: ActionValidators, notifiers: Record<string, NotifierConfig>): ActionSpec | undefined {
  const fields = reader.anyKeys(field);
  if (!fields) return undefined;
  const kindField = fields.get('action');
  if (!kindField) {
    reader.problem(field, `action is required (one of: ${ACTION_KINDS.join(', ')})`);
    return undefined;
  }
  const kind = reader.string(kindField);
  if (kind === undefined) return undefined;
  if (!(ACTION_KINDS as readonly string[]).includes(kind)) {
    reader.problem(kindField, `unknown action "${kind}" (expected one of: ${ACTION_KINDS.join(', ')})`);
    return undefined;
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of fields) if (key !== 'action') params[key] = plainValue(value.node);
  const problems = actions[kind as ActionKind].validate(params);
  for (const message of problems) {
    // Point at the parameter the message names, when it starts with one.
    const key = [...fields.keys()].find((name) => name !== 'action' && (message === name || message.startsWith(`${name}:`) || message.startsWith(`${name}.`) || message.startsWith(`${name} `)));
    if (key && message.startsWith(`${key}:`)) reader.problem(fields.get(key)!, message.slice(key.length + 1).trim());
    else reader.problem(key ? fields.get(key)! : field, message);
  }
  if (kind === 'notify' && typeof params.notifier === 'string' && !(params.notifier in notifiers)) {
    reader.problem(fields.get('notifier')!, `no notifier "${params.notifier}" under notifiers${Object.keys(notifiers).length ? ` (have: ${Object.keys(notifiers).join(', ')})` : ''}`);
  }
  return problems.length > 0 ? undefined : { action: kind as ActionKind, params };
}

function readGuardrails(reader: FieldReader, field: Field): Guardrails {
  const guardrails: Guardrails = { ...DEFAULT_GUARDRAILS, rateLimit: { ...DEFAULT_GUARDRAILS.rateLimit } };
  const fields = reader.map(field, GUARDRAIL_FIELDS);
  if (!fields) return guardrails;
  const protectedField = fields.get('protectedNamespaces');
  const protectedNamespaces = protectedField ? reader.strings(protectedField) : undefined;
  if (protectedNamespaces) guardrails.protectedNamespaces = protectedNamespaces;
  const excludedField = fields.get('excludedNamespaces');
  const excludedNamespaces = excludedField ? reader.strings(excludedField) : undefined;
  if (excludedNamespaces) guardrails.excludedNamespaces = excludedNamespaces;
  const minField = fields.get('minHealthyReplicas');
  const min = minField ? reader.integer(minField, 0, 1000) : undefined;
  if (min !== undefined) guardrails.minHealthyReplicas = min;
  const rateField = fields.get('rateLimit');
  const rate = rateField ? reader.map(rateField, ['actions', 'per']) : undefined;
  if (rateField && rate) {
    const actionsField = required(reader, rate, 'actions', rateField);
    const perField = required(reader, rate, 'per', rateField);
    const actions = actionsField ? reader.integer(actionsField, 1, MAX_RATE) : undefined;
    const per = perField ? duration(reader, perField) : undefined;
    if (actions !== undefined && per !== undefined && perField) guardrails.rateLimit = { actions, perMs: per, per: reader.string(perField)! };
  }
  const dedupField = fields.get('dedupWindow');
  const dedup = dedupField ? duration(reader, dedupField, true) : undefined;
  if (dedup !== undefined && dedupField) {
    guardrails.dedupWindowMs = dedup;
    guardrails.dedupWindow = reader.string(dedupField) ?? '0';
  }
  return guardrails;
}

function duration(reader: FieldReader, field: Field, allowZero = false): number | undefined {
  const text = reader.string(field);
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || (ms === 0 && !allowZero)) {
    reader.problem(field, `must be a duration like 30s, 10m, 1h or 1d${allowZero ? ' (0s turns it off)' : ''}, not "${text}"`);
    return undefined;
  }
  return ms;
}

function readNotifiers(reader: FieldReader, field: Field): Record<string, NotifierConfig> {
  const out: Record<string, NotifierConfig> = {};
  const entries = reader.anyKeys(field);
  for (const [name, entry] of entries ?? []) {
    if (!NAME.test(name)) reader.problem(entry, 'notifier names are lower-case letters, digits and dashes');
    const fields = reader.map(entry, ['type', 'url', 'path']);
    if (!fields) continue;
    const typeField = required(reader, fields, 'type', entry);
    const type = typeField ? reader.string(typeField) : undefined;
    if (type === 'webhook') {
      if (fields.has('path')) reader.problem(fields.get('path')!, 'a webhook notifier takes url, not path');
      const urlField = required(reader, fields, 'url', entry);
      const url = urlField ? reader.string(urlField) : undefined;
      // The URL may be the credential (Slack, Teams): problems never quote it.
      if (urlField && url !== undefined && !url.startsWith('env:') && !/^https?:\/\/[^\s/]+/.test(url)) reader.problem(urlField, 'must be an http(s) URL or env:VARIABLE');
      if (url !== undefined) out[name] = { type, url };
    } else if (type === 'file') {
      if (fields.has('url')) reader.problem(fields.get('url')!, 'a file notifier takes path, not url');
      const pathField = required(reader, fields, 'path', entry);
      const path = pathField ? reader.string(pathField) : undefined;
      if (path !== undefined) out[name] = { type, path };
    } else if (typeField && type !== undefined) {
      reader.problem(typeField, `unknown notifier type "${type}" (expected webhook or file)`);
    }
  }
  return out;
}
