import type { EvidencePath, K8sObject } from '../../../model/index.js';
import { refOf, type InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import type { ObjectTarget } from '../../targets.js';
import { DAY_MS, formatAge, numberOption, parseGoDuration, parseTime, scanTime } from '../../recovery/clock.js';

/** Rotated by the cluster (token controller) or by Helm on each release: not user credentials. */
const SKIPPED_TYPES = new Set(['kubernetes.io/service-account-token', 'helm.sh/release.v1']);
const ESO_GROUP = 'external-secrets.io';
/** External Secrets Operator refreshes every hour when `refreshInterval` is not set. */
const ESO_DEFAULT_REFRESH = '1h';

interface LastChange {
  time: number;
  path: EvidencePath;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * When the Secret's data last changed, from metadata alone: the newest `managedFields[].time` of
 * a field manager that owns `data` or `stringData` (managers that only touched labels or
 * annotations did not rotate anything), or the creation time. Without `fieldsV1` in any entry
 * (trimmed input) every entry's time counts.
 */
export function lastDataChange(secret: K8sObject): LastChange | undefined {
  let latest: LastChange | undefined;
  const consider = (time: number | undefined, path: EvidencePath): void => {
    // On a tie the field manager wins: it names who wrote the data.
    if (time !== undefined && (latest === undefined || time >= latest.time)) latest = { time, path };
  };
  consider(parseTime(secret.metadata?.creationTimestamp), ['metadata', 'creationTimestamp']);
  const entries = Array.isArray(secret.metadata?.managedFields) ? secret.metadata.managedFields : [];
  const withFields = entries.some((entry) => record(record(entry)?.fieldsV1) !== undefined);
  entries.forEach((entry, index) => {
    const fields = record(record(entry)?.fieldsV1);
    if (withFields && !(fields && ('f:data' in fields || 'f:stringData' in fields))) return;
    consider(parseTime(record(entry)?.time), ['metadata', 'managedFields', index, 'time']);
  });
  return latest;
}

function externalSecretsByTarget(inventory: InventoryView): Map<string, K8sObject> {
  return inventory.cached('secrets:externalSecretsByTarget', () => {
    const map = new Map<string, K8sObject>();
    for (const externalSecret of inventory.ofKindInGroup('ExternalSecret', ESO_GROUP)) {
      const target = record(record(externalSecret.spec)?.target);
      const name = typeof target?.name === 'string' && target.name !== '' ? target.name : externalSecret.metadata?.name;
      if (name) map.set(`${externalSecret.metadata?.namespace ?? ''}/${name}`, externalSecret);
    }
    return map;
  });
}

/** Whether the ExternalSecret keeps re-reading the value from the store (periodic refresh). */
function refreshes(externalSecret: K8sObject): boolean {
  const spec = record(externalSecret.spec) ?? {};
  const policy = spec.refreshPolicy;
  if (policy === 'CreatedOnce' || policy === 'OnChange') return false;
  const interval = typeof spec.refreshInterval === 'string' ? spec.refreshInterval : ESO_DEFAULT_REFRESH;
  const ms = parseGoDuration(interval);
  return ms !== undefined && ms > 0;
}

export const check = defineCheck<ObjectTarget, 'stale'>({
  id: 'sec-secret-not-rotated',
  title: 'Secret unchanged for longer than the rotation period (default 90 days)',
  severity: 'low',
  area: 'secrets',
  description:
    'A credential that never changes stays valid for anyone who ever copied it. The last change is read from metadata only (managedFields times of managers that own the data, or the creation time), so Secret values are never needed. Service-account tokens and Helm release records are skipped; a Secret kept in sync by an External Secrets `ExternalSecret` with a periodic refresh counts as rotated at the source.',
  remediation:
    'Rotate the credential and update the Secret, or source it from AWS Secrets Manager with automatic rotation through External Secrets Operator or the Secrets Store CSI driver.',
  messages: {
    stale: 'Secret "{{name}}" ({{type}}) has not changed for {{age}} (since {{since}}), longer than the {{max}}-day rotation period{{note}}',
  },
  links: ['https://external-secrets.io/latest/api/externalsecret/'],
  options: { maxAgeDays: 90, now: undefined },
  targets: (inventory) =>
    inventory
      .ofKind('Secret')
      .filter((secret) => !SKIPPED_TYPES.has(typeof secret.type === 'string' ? secret.type : 'Opaque'))
      .map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    const name = object.metadata?.name ?? '';
    const namespace = object.metadata?.namespace ?? '';
    const owner = object.metadata?.ownerReferences?.find((ref) => ref.kind === 'ExternalSecret');
    const externalSecret =
      externalSecretsByTarget(context.inventory).get(`${namespace}/${name}`) ??
      (owner?.name ? context.inventory.get('ExternalSecret', namespace, owner.name) : undefined);
    if (externalSecret && refreshes(externalSecret)) return;
    const change = lastDataChange(object);
    if (!change) {
      return context.notEvaluated('the Secret carries no creationTimestamp or managedFields times (as in a manifest), so its age is unknown');
    }
    const maxDays = numberOption(context.options, 'maxAgeDays', 90);
    const age = scanTime(context.options, context.inventory) - change.time;
    if (age <= maxDays * DAY_MS) return;
    context.fail(
      'stale',
      {
        name,
        type: typeof object.type === 'string' ? object.type : 'Opaque',
        age: formatAge(age),
        since: new Date(change.time).toISOString().slice(0, 10),
        max: maxDays,
        note: externalSecret ? `; ExternalSecret "${externalSecret.metadata?.name ?? ''}" does not refresh it` : '',
      },
      { path: change.path },
    );
  },
});
