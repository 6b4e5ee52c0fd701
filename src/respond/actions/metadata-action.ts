/** `label` and `annotate`: set keys on the pod an alert names, reversibly. */
import type { Alert } from '../../model/index.js';
import { podOf } from './alert-target.js';
import { assertValid, getObject, sendAll, skip } from './common.js';
import { metadataPatch } from './metadata-patch.js';
import { metadataMapProblems } from './names.js';
import { describeTarget, objectPath, targetOf } from './paths.js';
import { PATCH_TYPES, type ActionContext, type ActionSpec, type PlannedAction, type ResponseAction, type SkippedAction } from './types.js';

export function metadataAction(kind: 'label' | 'annotate', field: 'labels' | 'annotations'): ResponseAction {
  const validate = (params: Record<string, unknown>): string[] => {
    const unknown = Object.keys(params).filter((key) => key !== field).map((key) => `${key}: unknown setting for ${kind} (it takes ${field})`);
    if (!(field in params)) return [`${field}: required`, ...unknown];
    return [...metadataMapProblems(field, params[field]), ...unknown];
  };
  return {
    kind,
    validate,
    async plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction> {
      assertValid(kind, validate(spec.params));
      const wanted = spec.params[field] as Record<string, string>;
      const named = podOf(alert);
      if (!named.ok) return skip(kind, named.why);
      const target = targetOf('Pod', named.value.name, named.value.namespace);
      const path = objectPath('Pod', named.value.name, named.value.namespace);
      const pod = await getObject(context.client, path);
      if (!pod) return skip(kind, `${describeTarget(target)} does not exist (any more)`, target);
      const patch = metadataPatch(pod, field, wanted);
      if (!patch) return skip(kind, `${describeTarget(target)} already has these ${field}`, target);
      const shown = patch.changed.map((key) => (field === 'labels' ? `${key}=${wanted[key]}` : key)).join(', ');
      return {
        action: kind,
        target,
        description: `${kind} ${describeTarget(target)} with ${shown}`,
        facts: { namespace: named.value.namespace },
        before: pod,
        requests: [{ method: 'PATCH', path, contentType: PATCH_TYPES.json, body: patch.apply }],
        undo: [{ method: 'PATCH', path, contentType: PATCH_TYPES.json, body: patch.undo }],
      };
    },
    apply: (plan, context) => sendAll(context.client, plan.requests),
  };
}
