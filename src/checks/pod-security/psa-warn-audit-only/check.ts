import { defineCheck } from '../../define-check.js';
import type { NamespaceTarget } from '../../targets.js';
import { addOperation } from '../../../analysis/workload/security-context.js';
import { NAMESPACE_CHECK_OPTIONS, NO_NAMESPACE_OBJECT, labelPath, psaNamespaceTargets } from '../psa-namespaces.js';
import type { PssLevel } from '../pss-catalogue.js';
import { parsePssLevel, psaLevelLabel } from '../psa-labels.js';

export const check = defineCheck<NamespaceTarget, 'warnAuditOnly'>({
  id: 'psa-warn-audit-only',
  title: 'Namespace only warns or audits Pod Security violations',
  severity: 'low',
  area: 'pod-security',
  description:
    'The warn and audit modes of Pod Security Admission report violating pods but admit them. They are the right first step; left without enforce, they protect nothing.',
  remediation:
    'Once the warnings are gone (see psa-existing-violations), add `pod-security.kubernetes.io/enforce` with the level you warn or audit at.',
  messages: {
    warnAuditOnly: 'Namespace "{{namespace}}" sets {{modes}} but no enforce label: violating pods are still admitted',
  },
  options: NAMESPACE_CHECK_OPTIONS,
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces'],
  targets: psaNamespaceTargets,
  evaluate(target, context) {
    if (!target.object) return context.notEvaluated(NO_NAMESPACE_OBJECT);
    const labels = target.object.metadata?.labels ?? {};
    const enforce = psaLevelLabel('enforce');
    if (enforce in labels) return;
    const modes = (['warn', 'audit'] as const).filter((mode) => psaLevelLabel(mode) in labels);
    if (modes.length === 0) return;
    const levels = modes.map((mode) => parsePssLevel(labels[psaLevelLabel(mode)])).filter((level): level is PssLevel => level !== undefined);
    // Enforce what is already watched; the stricter of the two when they differ.
    const level = levels.includes('restricted') ? 'restricted' : levels.includes('baseline') ? 'baseline' : undefined;
    const first = modes[0] as 'warn' | 'audit';
    context.fail('warnAuditOnly', {
      namespace: target.namespace,
      modes: modes.map((mode) => `${mode}=${labels[psaLevelLabel(mode)] ?? ''}`).join(' and '),
    }, {
      path: labelPath(psaLevelLabel(first)),
      ...(level && {
        fix: {
          kind: 'suggestion' as const,
          description: `Enforce the ${level} level the namespace already ${first}s at`,
          operations: [addOperation(target.object, labelPath(enforce), level)],
        },
      }),
    });
  },
});
