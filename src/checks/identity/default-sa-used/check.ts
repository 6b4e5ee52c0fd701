import type { Target } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { stringListOption } from '../../targets.js';
import { EffectivePermissions, serviceAccountOf, type SubjectBinding } from '../../../analysis/rbac/effective-permissions.js';
import { describeGrants } from '../../../analysis/rbac/grant-text.js';
import { hasProjectedToken, mountsServiceAccountToken } from '../../../analysis/rbac/service-account-token.js';
import { bindingPrefixes, ignoredBinding, rbacRequires, subjectTarget, unresolvedReason } from '../../rbac/subject-check.js';
import type { SubjectRef } from '../../../analysis/rbac/subjects.js';

interface DefaultSaTarget extends Target {
  workload?: Workload;
  subject?: SubjectRef;
}

/** Roles the API server binds to every service account: they grant nothing worth a finding. */
const DEFAULT_ROLES = ['system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:service-account-issuer-discovery'];

/**
 * Two sides of one rule (CIS 4.1.5 / 5.1.5):
 * - a workload running as its namespace's `default` service account with the token mounted
 *   (the pod's automountServiceAccountToken, else the ServiceAccount's, else true; a projected
 *   token volume always mounts one). Without a token the default account gives the pod nothing.
 *   The fix sets automountServiceAccountToken: false and is a safe patch when the default
 *   account holds nothing beyond the Kubernetes defaults (directly or through its groups);
 * - a `default` service account named by a binding: every pod that does not pick its own account
 *   receives that permission.
 */
export const check = defineCheck<DefaultSaTarget, 'workload' | 'bound'>({
  id: 'default-sa-used',
  title: 'Default service account used by pods or granted permissions',
  severity: 'medium',
  area: 'identity',
  description:
    'The default service account is shared by every pod of a namespace that names no other. Pods using its token cannot be told apart in audit logs, and any permission given to it silently reaches all of them.',
  remediation:
    'Create a ServiceAccount per workload and set serviceAccountName; set automountServiceAccountToken: false on pods and on default ServiceAccounts that do not call the API; bind roles to dedicated service accounts only.',
  messages: {
    workload: '{{workload}} runs as the default ServiceAccount of namespace {{namespace}} with its token mounted{{grants}}',
    bound: 'The default ServiceAccount of namespace {{namespace}} is granted permissions that every pod without its own service account receives: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
  options: { excludeNamespaces: [], ignoreBindingPrefixes: ['eks:'] },
  targets(inventory, options) {
    const exclude = stringListOption(options, 'excludeNamespaces');
    const perms = EffectivePermissions.of(inventory);
    const workloads: DefaultSaTarget[] = inventory
      .workloads()
      .filter((workload) => !exclude.includes(workload.namespace))
      .map((workload) => ({ resource: workload.resource, object: workload.object, workload }));
    const accounts: DefaultSaTarget[] = perms
      .subjects()
      .filter((subject) => subject.kind === 'ServiceAccount' && subject.name === 'default' && !exclude.includes(subject.namespace ?? ''))
      .map((subject) => subjectTarget(subject, perms));
    return [...workloads, ...accounts];
  },
  evaluate(target, context) {
    const perms = EffectivePermissions.of(context.inventory);
    const prefixes = bindingPrefixes(context.options);
    if (target.workload) return evaluateWorkload(target.workload, context.inventory, perms, prefixes, context);
    if (!target.subject) return;
    const missing = rbacRequires(context.inventory);
    if (missing) return context.notEvaluated(missing);
    const direct = perms.bindingsOf(target.subject).filter((binding) => !ignoredBinding(binding, prefixes) && !isDefaultRole(binding));
    const grants = direct.flatMap((binding) => binding.role.rules.map((rule) => ({ binding, rule })));
    const primary = grants[0];
    if (primary) {
      context.fail(
        'bound',
        { namespace: target.subject.namespace ?? '', grants: describeGrants(grants) },
        {
          object: primary.binding.object,
          path: ['subjects', primary.binding.subjectIndex],
          fix: {
            kind: 'suggestion',
            description: `Bind a dedicated ServiceAccount instead: replace subjects[${primary.binding.subjectIndex}] of ${primary.binding.kind} ${primary.binding.name}`,
            operations: [{ op: 'remove', path: `/subjects/${primary.binding.subjectIndex}` }],
          },
        },
      );
    }
    for (const unresolved of perms.unresolvedOf(target.subject)) {
      if (!ignoredBinding(unresolved, prefixes)) context.notEvaluated(unresolvedReason(unresolved));
    }
  },
});

function isDefaultRole(binding: SubjectBinding): boolean {
  return binding.role.kind === 'ClusterRole' && DEFAULT_ROLES.includes(binding.role.name);
}

function evaluateWorkload(
  workload: Workload,
  inventory: InventoryView,
  perms: EffectivePermissions,
  prefixes: readonly string[],
  context: Parameters<(typeof check)['evaluate']>[1],
): void {
  const account = serviceAccountOf(workload);
  if (account.name !== 'default') return;
  const saObject = inventory.get('ServiceAccount', workload.namespace, 'default');
  if (!mountsServiceAccountToken(workload, saObject)) return;
  const spec = workload.podSpec;
  const field = spec.serviceAccountName === undefined && spec.serviceAccount === 'default' ? 'serviceAccount' : 'serviceAccountName';
  const held = perms
    .bindingsOf(account, { inherited: true })
    .filter((binding) => !ignoredBinding(binding, prefixes) && !isDefaultRole(binding));
  const grants = held.flatMap((binding) => binding.role.rules.map((rule) => ({ binding, rule })));
  const tokenField = [...workload.podSpecPath, 'automountServiceAccountToken'];
  const safe = held.length === 0 && perms.unresolvedOf(account, { inherited: true }).length === 0 && !hasProjectedToken(workload);
  context.fail(
    'workload',
    {
      workload: `${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`,
      namespace: workload.namespace,
      grants: grants.length > 0 ? `, and that account holds: ${describeGrants(grants, account)}` : '',
    },
    {
      path: [...workload.podSpecPath, field],
      severity: grants.length > 0 ? 'high' : 'medium',
      fix: {
        kind: safe ? 'patch' : 'suggestion',
        description: safe
          ? 'Stop mounting the default service account token (the account holds no permissions)'
          : 'Give the workload its own ServiceAccount (serviceAccountName), or stop mounting the token if it does not call the API',
        operations: [
          {
            op: spec.automountServiceAccountToken === undefined ? 'add' : 'replace',
            path: toJsonPointer(tokenField),
            value: false,
          },
        ],
      },
    },
  );
}
