import { defineCheck } from '../../define-check.js';
import { objectTargets, type ObjectTarget } from '../../targets.js';
import { EffectivePermissions } from '../../../analysis/rbac/effective-permissions.js';
import { takeoverCapabilities, takeoverCapabilitiesOf } from '../../../analysis/rbac/capabilities.js';
import { bindingPrefixes, ignoredBinding } from '../../rbac/subject-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
/** Labels of the legacy token tracker and cleaner (Kubernetes 1.26+ / 1.29+). */
const LAST_USED = 'kubernetes.io/legacy-token-last-used';
const INVALID_SINCE = 'kubernetes.io/legacy-token-invalid-since';

/**
 * A Secret of type kubernetes.io/service-account-token holds a token that never expires and
 * survives the pods using it. Tokens the cleaner already invalidated (label
 * legacy-token-invalid-since) pass. High when the service account can take over the cluster
 * (effective permissions, groups included), medium otherwise. Only metadata is read: the token
 * itself is never looked at or printed.
 */
export const check = defineCheck<ObjectTarget, 'legacy'>({
  id: 'legacy-sa-token-secret',
  title: 'Long-lived service account token Secret',
  severity: 'medium',
  area: 'identity',
  description:
    'Service account token Secrets hold tokens without expiry: copied once (from a backup, a CI log, a GitOps repository), they work until the Secret is deleted. Pods get short-lived projected tokens since Kubernetes 1.22.',
  remediation:
    'Delete the Secret; clients should request short-lived tokens (TokenRequest, `kubectl create token`, projected volumes), or use IRSA / EKS Pod Identity for AWS access.',
  messages: {
    legacy: 'Secret {{namespace}}/{{name}} holds a non-expiring token for ServiceAccount {{namespace}}/{{account}}{{power}}{{used}}',
  },
  links: ['https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets'],
  requires(inventory) {
    const failed = inventory.errors.find((error) => error.source === 'kubernetes' && /(^|\/)secrets$/.test(error.resource ?? ''));
    return failed ? `Secrets could not be listed (${failed.resource ?? failed.operation}: ${failed.message})` : undefined;
  },
  // Only token Secrets are evaluated: a pass per Opaque Secret would say nothing.
  targets: (inventory) => objectTargets(inventory, 'Secret').filter((target) => target.object.type === TOKEN_TYPE),
  evaluate(target, context) {
    const secret = target.object;
    const labels = secret.metadata?.labels ?? {};
    if (labels[INVALID_SINCE]) return;
    const namespace = secret.metadata?.namespace ?? 'default';
    const account = secret.metadata?.annotations?.[SA_NAME] ?? '(unnamed)';
    const perms = EffectivePermissions.of(context.inventory);
    const prefixes = bindingPrefixes({ ignoreBindingPrefixes: ['eks:'] });
    const bindings = perms
      .bindingsOf({ kind: 'ServiceAccount', namespace, name: account }, { inherited: true })
      .filter((binding) => !ignoredBinding(binding, prefixes));
    const hits = takeoverCapabilities(perms, bindings, takeoverCapabilitiesOf(context.inventory));
    context.fail(
      'legacy',
      {
        namespace,
        name: secret.metadata?.name ?? '',
        account,
        power: hits.length > 0 ? `, an account that can ${listText(hits.map((hit) => hit.capability.label), 3)}` : '',
        used: labels[LAST_USED] ? ` (last used ${labels[LAST_USED]})` : '',
      },
      { path: ['type'], severity: hits.length > 0 ? 'high' : 'medium' },
    );
  },
});
