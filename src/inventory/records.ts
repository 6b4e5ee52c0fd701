/** A JSON object (a mapping): not null, not a list. Objects read from YAML, JSON or an API. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
