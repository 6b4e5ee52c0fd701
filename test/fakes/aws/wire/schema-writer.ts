/**
 * Writes response bodies the way the real services put them on the wire, driven by the SDK's
 * own Smithy schemas: member names, `jsonName` and `xmlName` traits, list item names, flattened
 * lists and timestamp formats all come from the service model, so an EC2 `SecurityGroups` is
 * written as `<securityGroupInfo><item>…` and a GuardDuty `DetectorId` as `detectorId`, exactly
 * as AWS sends them. Values are given in the shape of the AWS API reference (the SDK's shape),
 * timestamps as ISO-8601 strings or Dates.
 */
import { NormalizedSchema } from '@smithy/core/schema';
import { determineTimestampFormat } from '@smithy/core/protocols';

type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

const EPOCH_SECONDS = 7;
const HTTP_DATE = 6;

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

function timestampText(ns: NormalizedSchema, value: unknown, defaultFormat: 5 | 7): string | number | undefined {
  const date = toDate(value);
  if (!date) return undefined;
  const format = determineTimestampFormat(ns, {
    timestampFormat: { useTrait: true, default: defaultFormat },
    httpBindings: false,
  });
  if (format === EPOCH_SECONDS) return date.getTime() / 1000;
  if (format === HTTP_DATE) return date.toUTCString();
  return date.toISOString().replace('.000Z', 'Z');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** JSON protocols: restJson1 uses `jsonName`, awsJson1_1 does not; timestamps default to epoch seconds. */
export function toJsonValue(schema: SchemaRef, value: unknown, useJsonName: boolean): unknown {
  const ns = NormalizedSchema.of(schema);
  if (value === undefined || value === null) return undefined;
  if (ns.isTimestampSchema()) return timestampText(ns, value, EPOCH_SECONDS);
  if (ns.isBlobSchema()) return Buffer.from(value as Uint8Array | string).toString('base64');
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return undefined;
    const item = ns.getValueSchema();
    return value.map((entry) => toJsonValue(item, entry, useJsonName));
  }
  if (ns.isMapSchema()) {
    if (!isRecord(value)) return undefined;
    const item = ns.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJsonValue(item, entry, useJsonName)]));
  }
  if (ns.isStructSchema()) {
    if (!isRecord(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const traits = member.getMergedTraits();
      // Members bound to the HTTP message (headers, status) never travel in the body.
      if (traits.httpHeader || traits.httpResponseCode || traits.httpPrefixHeaders) continue;
      const written = toJsonValue(member, value[name], useJsonName);
      if (written === undefined) continue;
      const key = useJsonName && typeof traits.jsonName === 'string' ? traits.jsonName : name;
      out[key] = written;
    }
    return out;
  }
  return value;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

function element(name: string, inner: string): string {
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

/** The children of one XML element holding `value` (query and EC2 protocols). */
export function toXmlContent(schema: SchemaRef, value: unknown): string | undefined {
  const ns = NormalizedSchema.of(schema);
  if (value === undefined || value === null) return undefined;
  if (ns.isTimestampSchema()) {
    const text = timestampText(ns, value, 5);
    return text === undefined ? undefined : escapeXml(String(text));
  }
  if (ns.isBlobSchema()) return Buffer.from(value as Uint8Array | string).toString('base64');
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return undefined;
    const item = ns.getValueSchema();
    const itemName = (item.getMergedTraits().xmlName) ?? 'member';
    return value.map((entry) => element(itemName, toXmlContent(item, entry) ?? '')).join('');
  }
  if (ns.isMapSchema()) {
    if (!isRecord(value)) return undefined;
    const item = ns.getValueSchema();
    return Object.entries(value)
      .map(([key, entry]) => element('entry', element('key', escapeXml(key)) + element('value', toXmlContent(item, entry) ?? '')))
      .join('');
  }
  if (ns.isStructSchema()) {
    if (!isRecord(value)) return undefined;
    let out = '';
    for (const [name, member] of ns.structIterator()) {
      const memberValue = value[name];
      if (memberValue === undefined || memberValue === null) continue;
      const tag = (member.getMemberTraits().xmlName) ?? name;
      if (member.isListSchema() && member.getMergedTraits().xmlFlattened && Array.isArray(memberValue)) {
        const item = member.getValueSchema();
        out += memberValue.map((entry) => element(tag, toXmlContent(item, entry) ?? '')).join('');
        continue;
      }
      const inner = toXmlContent(member, memberValue);
      if (inner !== undefined) out += element(tag, inner);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return escapeXml(String(value));
  }
  return escapeXml(JSON.stringify(value));
}
