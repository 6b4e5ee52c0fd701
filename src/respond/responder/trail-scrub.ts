/**
 * The trail keeps objects as served, minus what could hold a credential: container environment
 * values (often a password or token written inline) and kubectl's last-applied-configuration
 * annotation, which repeats them. Nothing the undo needs lives there.
 */

const SCRUBBED = '(not recorded)';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scrubContainers(containers: unknown): unknown {
  if (!Array.isArray(containers)) return containers;
  return containers.map((container: unknown) => {
    if (!isRecord(container) || !Array.isArray(container.env)) return container;
    const env = container.env.map((entry: unknown) => (isRecord(entry) && 'value' in entry ? { ...entry, value: SCRUBBED } : entry));
    return { ...container, env };
  });
}

function scrubPodSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out: Record<string, unknown> = { ...spec };
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) if (key in out) out[key] = scrubContainers(out[key]);
  return out;
}

/** A copy of the value with credentials-bearing fields replaced; lists and nested objects (Status details, lists of objects) included. */
export function scrubForTrail(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubForTrail);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = { ...value };
  if (isRecord(out.metadata) && isRecord(out.metadata.annotations) && LAST_APPLIED in out.metadata.annotations) {
    out.metadata = { ...out.metadata, annotations: { ...out.metadata.annotations, [LAST_APPLIED]: SCRUBBED } };
  }
  if (isRecord(out.spec)) {
    const spec: Record<string, unknown> = scrubPodSpec(out.spec) as Record<string, unknown>;
    if (isRecord(spec.template) && isRecord(spec.template.spec)) spec.template = { ...spec.template, spec: scrubPodSpec(spec.template.spec) };
    out.spec = spec;
  }
  if (Array.isArray(out.items)) out.items = out.items.map(scrubForTrail);
  return out;
}
