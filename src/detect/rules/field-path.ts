/**
 * Dotted paths into an event (`user.username`, `objectRef.namespace`), as rule output templates
 * and exceptions name fields. A leading `event.` is optional. A segment that is a whole number
 * indexes a list (`sourceIPs.0`).
 */
export type FieldPath = readonly string[];

const SEGMENT = /^[A-Za-z0-9_\-/]+$/;

/** The segments of a path, or a reason why it is not one. */
export function parseFieldPath(text: string): FieldPath | string {
  const trimmed = text.trim().replace(/^event\./, '');
  if (trimmed === '' || trimmed === 'event') return 'empty field path';
  const segments = trimmed.split('.');
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  return bad === undefined ? segments : `bad field path "${text}" (segments are letters, digits, _ - /)`;
}

export function resolveField(event: unknown, path: FieldPath): unknown {
  let value: unknown = event;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? (/^\d+$/.test(segment) ? value[Number(segment)] : undefined) : (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A field value as output shows it: lists comma-separated, objects as JSON, absent as `<none>`. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '<none>';
  if (Array.isArray(value)) return value.length === 0 ? '<none>' : value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '<none>';
}

/** Functions a template may apply to a field: `{intel_lists(event.sourceIPAddress)}`. */
export type TemplateFunctions = ReadonlyMap<string, (value: unknown) => unknown>;

/** One piece of a compiled output template: literal text, a field, or a function of a field. */
export type TemplatePart = string | FieldPath | { apply: (value: unknown) => unknown; path: FieldPath };

/**
 * Compiles `Exec into {event.objectRef.namespace}/{event.objectRef.name}` once. Placeholders
 * must name `event.` fields; `{{` and `}}` are literal braces.
 */
export function compileTemplate(template: string, functions: TemplateFunctions = new Map()): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('{{', i) || template.startsWith('}}', i)) {
      literal += template[i];
      i += 2;
      continue;
    }
    if (template[i] === '{') {
      const close = template.indexOf('}', i);
      if (close < 0) return `unclosed "{" at offset ${i}`;
      let inner = template.slice(i + 1, close).trim();
      const call = /^([A-Za-z_]\w*)\((.*)\)$/.exec(inner);
      const apply = call ? functions.get(call[1] ?? '') : undefined;
      if (call && !apply) return `unknown function ${call[1]}() in {${inner}}${functions.size ? ` (known: ${[...functions.keys()].join(', ')})` : ''}`;
      if (call) inner = (call[2] ?? '').trim();
      if (!inner.startsWith('event.')) return `placeholder {${inner}} must name an event field, e.g. {event.user.username}`;
      const path = parseFieldPath(inner);
      if (typeof path === 'string') return path;
      if (literal) parts.push(literal);
      literal = '';
      parts.push(apply ? { apply, path } : path);
      i = close + 1;
      continue;
    }
    literal += template[i++];
  }
  if (literal) parts.push(literal);
  return parts;
}

export function renderTemplate(parts: readonly TemplatePart[], event: unknown): string {
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : 'apply' in part ? renderValue(part.apply(resolveField(event, part.path))) : renderValue(resolveField(event, part));
  return out;
}
