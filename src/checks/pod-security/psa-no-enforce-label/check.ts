import { defineCheck } from '../../define-check.js';
import type { NamespaceTarget } from '../../targets.js';
import { addOperation } from '../../../analysis/workload/security-context.js';
import { LABELS_PATH, NAMESPACE_CHECK_OPTIONS, NO_NAMESPACE_OBJECT, labelPath, psaNamespaceTargets } from '../psa-namespaces.js';
import { psaLevelLabel } from '../psa-labels.js';

export const check = defineCheck<NamespaceTarget, 'missing'>({
  id: 'psa-no-enforce-label',
  title: 'Namespace does not enforce a Pod Security Standard',
  severity: 'medium',
  area: 'pod-security',
  description:
    'Pod Security Admission only rejects pods in namespaces labelled pod-security.kubernetes.io/enforce. EKS configures no cluster-wide default, so an unlabelled namespace accepts privileged pods, host namespaces and hostPath mounts from anyone allowed to create pods there.',
  remediation:
    'Label the namespace `pod-security.kubernetes.io/enforce: baseline` (or `restricted`); try it first with the warn and audit modes to see which pods would be rejected.',
  messages: {
    missing: 'Namespace "{{namespace}}" has no {{label}} label, so Pod Security Admission enforces nothing in it{{others}}',
  },
  options: NAMESPACE_CHECK_OPTIONS,
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'],
  targets: psaNamespaceTargets,
  evaluate(target, context) {
    if (!target.object) return context.notEvaluated(NO_NAMESPACE_OBJECT);
    const label = psaLevelLabel('enforce');
    const labels = target.object.metadata?.labels ?? {};
    if (label in labels) return;
    const modes = (['warn', 'audit'] as const).filter((mode) => psaLevelLabel(mode) in labels).map((mode) => `${mode}=${labels[psaLevelLabel(mode)] ?? ''}`);
    context.fail('missing', {
      namespace: target.namespace,
      label,
      others: modes.length > 0 ? ` (only ${modes.join(', ')})` : '',
    }, {
      path: LABELS_PATH,
      // Enforcing rejects new pods that do not meet the level: a person checks the workloads first.
      fix: {
        kind: 'suggestion',
        description: `Enforce the baseline level (check psa-existing-violations and the warn mode first)`,
        operations: [addOperation(target.object, labelPath(label), 'baseline')],
      },
    });
  },
});
