import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { defineCheck } from '../../define-check.js';
import type { NamespaceTarget } from '../../targets.js';
import { NAMESPACE_CHECK_OPTIONS, NO_NAMESPACE_OBJECT, labelPath, psaNamespaceTargets } from '../psa-namespaces.js';
import { psaLevelLabel } from '../psa-labels.js';

export const check = defineCheck<NamespaceTarget, 'privileged'>({
  id: 'psa-enforce-privileged',
  title: 'Namespace enforces the privileged level',
  severity: 'high',
  area: 'pod-security',
  description:
    'pod-security.kubernetes.io/enforce: privileged explicitly allows everything: privileged containers, host namespaces, hostPath. On an application namespace it usually outlives the one workload that needed it, and turns "can create pods" into "can take the node".',
  remediation:
    'Enforce `baseline` or `restricted` on the namespace; move the workloads that need privileges to a dedicated, tightly controlled namespace.',
  messages: {
    privileged: 'Namespace "{{namespace}}" enforces the privileged level: any pod is admitted, privileged ones included',
  },
  options: NAMESPACE_CHECK_OPTIONS,
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#privileged'],
  targets: psaNamespaceTargets,
  evaluate(target, context) {
    if (!target.object) return context.notEvaluated(NO_NAMESPACE_OBJECT);
    const label = psaLevelLabel('enforce');
    if (target.object.metadata?.labels?.[label] !== 'privileged') return;
    const path = labelPath(label);
    context.fail('privileged', { namespace: target.namespace }, {
      path,
      fix: {
        kind: 'suggestion',
        description: 'Enforce the baseline level (check psa-existing-violations first)',
        operations: [{ op: 'replace', path: toJsonPointer(path), value: 'baseline' }],
      },
    });
  },
});
