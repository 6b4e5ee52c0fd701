/**
 * The shape shared by RBAC checks: one target per subject (user, group, service account), one
 * finding per subject and check, located at the binding's `subjects[i]` that gives the
 * permission, naming the granting role and binding and the workloads running as the subject.
 * A binding whose role cannot be resolved makes the subject "not evaluated", never a pass.
 */
import type { CheckMeta, Severity, Target } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { refKey, refOf } from '../../inventory/index.js';
import { defineCheck, type Check } from '../define-check.js';
import { stringListOption } from '../targets.js';
import { EffectivePermissions, type Grant, type SubjectBinding, type UnresolvedBinding } from '../../analysis/rbac/effective-permissions.js';
import { bindingLabel, describeGrants, listText } from '../../analysis/rbac/grant-text.js';
import { DEFAULT_IGNORED_BINDING_PREFIXES, isControlPlaneSubject } from '../../analysis/rbac/system-subjects.js';
import { groupMembersHint, subjectKey, subjectLabel, subjectResource, type SubjectRef } from '../../analysis/rbac/subjects.js';

export interface SubjectTarget extends Target {
  subject: SubjectRef;
}

/** Options every per-subject check accepts. */
export const SUBJECT_OPTIONS: Record<string, unknown> = {
  /** Report the control plane's own subjects too (see system-subjects.ts). */
  includeControlPlaneSubjects: false,
  /** Subject keys to leave out, `*` as wildcard: `User:alice`, `ServiceAccount:monitoring/*`. */
  ignoreSubjects: [],
  /** Bindings managed by the platform, by name prefix. */
  ignoreBindingPrefixes: [...DEFAULT_IGNORED_BINDING_PREFIXES],
};

export interface SubjectView {
  subject: SubjectRef;
  perms: EffectivePermissions;
  /** The subject's bindings (with implied groups for `inherited` checks), ignored ones removed. */
  bindings: readonly SubjectBinding[];
  options: Record<string, unknown>;
  inventory: InventoryView;
}

export interface SubjectFinding<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  /** Evidence, the primary grant first: the finding points at its binding's subject entry. */
  grants: readonly Grant[];
  severity?: Severity;
}

export interface SubjectCheckSpec<MessageId extends string> extends CheckMeta<MessageId> {
  /** Evaluate effective permissions, with the groups every SA/user is implicitly in. */
  inherited?: boolean;
  /** Which subjects this check looks at (default: all). */
  appliesTo?: (subject: SubjectRef, perms: EffectivePermissions) => boolean;
  detect: (view: SubjectView) => SubjectFinding<MessageId> | undefined;
}

/**
 * Builds a per-subject check. Messages may use `{{subject}}`, `{{grants}}` (granting roles and
 * bindings) and `{{members}}` (workloads running as the SA, or who a group covers).
 */
export function defineSubjectCheck<MessageId extends string>(
  spec: SubjectCheckSpec<MessageId>,
): Check<SubjectTarget, MessageId> {
  const { inherited = false, appliesTo, detect, ...meta } = spec;
  return defineCheck<SubjectTarget, MessageId>({
    ...meta,
    options: { ...SUBJECT_OPTIONS, ...(meta.options ?? {}) },
    requires: rbacRequires,
    targets(inventory, options) {
      const perms = EffectivePermissions.of(inventory);
      const targets = subjectTargets(inventory, options, inherited ? 'all' : 'bound');
      return appliesTo ? targets.filter((target) => appliesTo(target.subject, perms)) : targets;
    },
    evaluate(target, context) {
      const perms = EffectivePermissions.of(context.inventory);
      const prefixes = bindingPrefixes(context.options);
      const all = perms.bindingsOf(target.subject, { inherited });
      const bindings = all.some((binding) => ignoredBinding(binding, prefixes))
        ? all.filter((binding) => !ignoredBinding(binding, prefixes))
        : all;
      const finding = detect({ subject: target.subject, perms, bindings, options: context.options, inventory: context.inventory });
      if (finding && finding.grants.length > 0) {
        const primary = finding.grants[0] as Grant;
        const data = {
          subject: subjectLabel(target.subject),
          grants: describeGrants(finding.grants, target.subject),
          members: membersText(target.subject, perms),
          ...finding.data,
        };
        const path = ['subjects', primary.binding.subjectIndex];
        context.fail(finding.messageId, data, {
          object: primary.binding.object,
          path,
          ...(finding.severity ? { severity: finding.severity } : {}),
          fix: {
            kind: 'suggestion',
            description: `In ${bindingLabel(primary.binding)}: remove subjects[${primary.binding.subjectIndex}] (${subjectLabel(primary.binding.subject)}), or bind a narrower role`,
            operations: [{ op: 'remove', path: `/subjects/${primary.binding.subjectIndex}` }],
            target: refOf(primary.binding.object),
          },
        });
      }
      for (const unresolved of dedupeUnresolved(perms.unresolvedOf(target.subject, { inherited }), prefixes)) {
        context.notEvaluated(unresolvedReason(unresolved));
      }
    },
  });
}

/** Why RBAC cannot be evaluated at all on this inventory, if so. */
export function rbacRequires(inventory: InventoryView): string | undefined {
  const failed = inventory.errors.find(
    (error) => error.source === 'kubernetes' && /(^|\/)(cluster)?role(binding)?s$/.test(error.resource ?? ''),
  );
  if (failed) return `RBAC objects could not be collected (${failed.resource ?? failed.operation}: ${failed.message})`;
  if (inventory.source.type === 'cluster' && !inventory.hasKind('ClusterRole')) {
    return 'RBAC objects (ClusterRoles) were not collected from the cluster';
  }
  return undefined;
}

/**
 * Subject targets, shared by every check run with the same subject options. By default only
 * subjects named by a binding that is not ignored: a service account no binding names holds no
 * permission of its own, and thousands of them would each add a pass per check to the report.
 * `all` keeps every known subject (for checks on effective permissions through groups).
 */
export function subjectTargets(
  inventory: InventoryView,
  options: Record<string, unknown>,
  scope: 'bound' | 'all' = 'bound',
): readonly SubjectTarget[] {
  const prefixes = bindingPrefixes(options);
  const key = JSON.stringify([scope, options.includeControlPlaneSubjects === true, stringListOption(options, 'ignoreSubjects'), prefixes]);
  return inventory.cached(`rbac:subject-targets:${key}`, () => {
    const perms = EffectivePermissions.of(inventory);
    const excluded = subjectFilter(options);
    const named = (subject: SubjectRef): boolean =>
      perms.bindingsOf(subject).some((binding) => !ignoredBinding(binding, prefixes)) ||
      perms.unresolvedOf(subject).some((binding) => !ignoredBinding(binding, prefixes));
    return perms
      .subjects()
      .filter((subject) => !excluded(subject) && (scope === 'all' || named(subject)))
      .map((subject) => subjectTarget(subject, perms));
  });
}

/** Whether the options leave a subject out: control plane (by default) or `ignoreSubjects`. */
export function subjectFilter(options: Record<string, unknown>): (subject: SubjectRef) => boolean {
  const includeControlPlane = options.includeControlPlaneSubjects === true;
  const ignore = stringListOption(options, 'ignoreSubjects').map(globToRegExp);
  return (subject) => {
    if (!includeControlPlane && isControlPlaneSubject(subject)) return true;
    const key = subjectKey(subject);
    return ignore.some((pattern) => pattern.test(key));
  };
}

export function subjectTarget(subject: SubjectRef, perms: EffectivePermissions): SubjectTarget {
  const target: SubjectTarget = { subject, resource: subjectResource(subject) };
  const object = perms.serviceAccountObject(subject);
  if (object) target.object = object;
  return target;
}

export function bindingPrefixes(options: Record<string, unknown>): string[] {
  return Array.isArray(options.ignoreBindingPrefixes)
    ? stringListOption(options, 'ignoreBindingPrefixes')
    : [...DEFAULT_IGNORED_BINDING_PREFIXES];
}

export function ignoredBinding(binding: { name: string }, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => binding.name.startsWith(prefix));
}

/** ` (runs Deployment shop/web)` for an SA with workloads; who a built-in group covers. */
export function membersText(subject: SubjectRef, perms: EffectivePermissions): string {
  if (subject.kind === 'Group') {
    const hint = groupMembersHint(subject.name);
    return hint ? ` (${hint})` : '';
  }
  const workloads = perms.workloadsOf(subject).map((workload) => refKey(workload.resource));
  return workloads.length > 0 ? ` (runs ${listText(workloads, 3)})` : '';
}

function dedupeUnresolved(unresolved: readonly UnresolvedBinding[], prefixes: readonly string[]): readonly UnresolvedBinding[] {
  if (unresolved.length === 0) return unresolved;
  const seen = new Set<string>();
  return unresolved.filter((entry) => {
    if (ignoredBinding(entry, prefixes)) return false;
    const key = `${entry.kind}/${entry.namespace ?? ''}/${entry.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function unresolvedReason(entry: UnresolvedBinding): string {
  return `${bindingLabel(entry)} binds ${subjectLabel(entry.subject)} to a role that cannot be resolved (${entry.reason}): what it grants is unknown`;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
