import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { defineCheck } from '../../define-check.js';
import type { NamespaceTarget } from '../../targets.js';
import { NAMESPACE_CHECK_OPTIONS, NO_NAMESPACE_OBJECT, labelPath, psaNamespaceTargets } from '../psa-namespaces.js';
import { namespacePolicy, parsePolicyVersion, psaVersionLabel } from '../psa-labels.js';
import { POLICY_CHANGES } from '../pss-catalogue.js';

export const check = defineCheck<NamespaceTarget, 'old'>({
  id: 'psa-version-pinned-old',
  title: 'Pod Security enforce version pinned to an old release',
  severity: 'low',
  area: 'pod-security',
  description:
    'pod-security.kubernetes.io/enforce-version freezes the standard at an older Kubernetes release: controls added since (host probes, newer capability and seccomp rules) are not enforced. Pinning is a migration aid; a pin left behind silently weakens the namespace as the cluster is upgraded.',
  remediation:
    'Set `pod-security.kubernetes.io/enforce-version: latest` (or remove the label), after checking the workloads with the warn mode at latest.',
  messages: {
    old: 'Namespace "{{namespace}}" pins enforce-version {{version}} (older than {{minimum}}); it misses: {{missed}}',
  },
  options: {
    ...NAMESPACE_CHECK_OPTIONS,
    /** Pins older than this policy version are reported; `latest` always passes. */
    minimumVersion: 'v1.30',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces'],
  targets: psaNamespaceTargets,
  evaluate(target, context) {
    if (!target.object) return context.notEvaluated(NO_NAMESPACE_OBJECT);
    const minimumOption = typeof context.options.minimumVersion === 'string' ? context.options.minimumVersion : 'v1.30';
    const minimum = parsePolicyVersion(minimumOption);
    if (!minimum) return context.notEvaluated(`option minimumVersion "${minimumOption}" is not a policy version such as v1.30`);
    const labels = target.object.metadata?.labels;
    const policy = namespacePolicy(labels, 'enforce');
    // A pin only matters when something is enforced; an unparsable one falls back to latest.
    if (!policy || policy.level === 'privileged' || policy.problems.length > 0 || policy.version.latest) return;
    if (policy.version.minor >= minimum.minor) return;
    const label = psaVersionLabel('enforce');
    const path = labelPath(label);
    const missed = POLICY_CHANGES.filter((change) => change.minor > policy.version.minor).map((change) => `${change.change} (v1.${change.minor})`);
    context.fail('old', {
      namespace: target.namespace,
      version: labels?.[label] ?? '',
      minimum: minimumOption,
      missed: missed.length > 0 ? missed.join('; ') : 'no control changes we know of',
    }, {
      path,
      fix: {
        kind: 'suggestion',
        description: 'Enforce the latest version of the standard (check with the warn mode first)',
        operations: [{ op: 'replace', path: toJsonPointer(path), value: 'latest' }],
      },
    });
  },
});
