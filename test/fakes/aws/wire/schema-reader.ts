/**
 * Reads requests as the SDK serialises them back into the API-reference shape, driven by the
 * operation's input schema: query-protocol form fields (`Filter.1.Value.1`,
 * `ResourceArns.member.1`), REST-JSON labels, query strings and `jsonName` bodies, JSON-RPC bodies.
 */
import { NormalizedSchema } from '@smithy/core/schema';

type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];
export type Input = Record<string, unknown>;

function scalar(ns: NormalizedSchema, text: string): unknown {
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isTimestampSchema()) return new Date(Number.isNaN(Number(text)) ? text : Number(text) * 1000).toISOString();
  return text;
}

function hasPrefix(keys: Iterable<string>, prefix: string): boolean {
  for (const key of keys) if (key === prefix || key.startsWith(`${prefix}.`)) return true;
  return false;
}

/**
 * `ec2` switches to the EC2 dialect: keys from `ec2QueryName` (else the capitalised name) and
 * lists always flattened (`GroupId.1`), where awsQuery writes `GroupIds.member.1`.
 */
export function fromQueryParams(schema: SchemaRef, params: Map<string, string>, ec2: boolean): Input {
  const read = (ns: NormalizedSchema, prefix: string): unknown => {
    if (ns.isStructSchema()) {
      const out: Input = {};
      for (const [name, member] of ns.structIterator()) {
        const traits = member.getMergedTraits();
        let key = (traits.xmlName) ?? name;
        if (ec2) key = (traits.ec2QueryName as string | undefined) ?? key.charAt(0).toUpperCase() + key.slice(1);
        const full = prefix ? `${prefix}.${key}` : key;
        if (!hasPrefix(params.keys(), full)) continue;
        out[name] = read(member, full);
      }
      return out;
    }
    if (ns.isListSchema()) {
      const item = ns.getValueSchema();
      const itemName = (item.getMergedTraits().xmlName) ?? 'member';
      const flat = ec2 || Boolean(ns.getMergedTraits().xmlFlattened);
      const values: unknown[] = [];
      for (let index = 1; ; index += 1) {
        const key = flat ? `${prefix}.${index}` : `${prefix}.${itemName}.${index}`;
        if (!hasPrefix(params.keys(), key)) break;
        values.push(read(item, key));
      }
      return values;
    }
    if (ns.isMapSchema()) {
      const out: Input = {};
      for (let index = 1; ; index += 1) {
        const base = ns.getMergedTraits().xmlFlattened ? `${prefix}.${index}` : `${prefix}.entry.${index}`;
        const key = params.get(`${base}.key`);
        if (key === undefined) break;
        out[key] = read(ns.getValueSchema(), `${base}.value`);
      }
      return out;
    }
    const text = params.get(prefix);
    return text === undefined ? undefined : scalar(ns, text);
  };
  return (read(NormalizedSchema.of(schema), '') as Input | undefined) ?? {};
}

export function fromJsonBody(schema: SchemaRef, value: unknown, useJsonName: boolean): unknown {
  const ns = NormalizedSchema.of(schema);
  if (value === undefined || value === null) return undefined;
  if (ns.isListSchema() && Array.isArray(value)) return value.map((entry) => fromJsonBody(ns.getValueSchema(), entry, useJsonName));
  if (ns.isMapSchema() && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Input).map(([key, entry]) => [key, fromJsonBody(ns.getValueSchema(), entry, useJsonName)]),
    );
  }
  if (ns.isStructSchema() && typeof value === 'object') {
    const out: Input = {};
    for (const [name, member] of ns.structIterator()) {
      const jsonName = member.getMergedTraits().jsonName;
      const key = useJsonName && typeof jsonName === 'string' ? jsonName : name;
      const entry = fromJsonBody(member, (value as Input)[key], useJsonName);
      if (entry !== undefined) out[name] = entry;
    }
    return out;
  }
  return value;
}

/** REST-JSON: labels from the path, `httpQuery` members from the query string, the rest from the body. */
export function fromRestRequest(
  schema: SchemaRef,
  labels: Record<string, string>,
  query: URLSearchParams,
  body: unknown,
): Input {
  const ns = NormalizedSchema.of(schema);
  const out = (fromJsonBody(ns, body ?? {}, true) as Input | undefined) ?? {};
  for (const [name, member] of ns.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.httpLabel) {
      const label = labels[name];
      if (label !== undefined) out[name] = label;
    } else if (typeof traits.httpQuery === 'string') {
      const values = query.getAll(traits.httpQuery);
      if (values.length === 0) continue;
      out[name] = member.isListSchema()
        ? values.map((text) => scalar(member.getValueSchema(), text))
        : scalar(member, values[0] as string);
    }
  }
  return out;
}
