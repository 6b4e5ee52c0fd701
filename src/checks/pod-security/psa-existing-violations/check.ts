import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { NO_NAMESPACE_OBJECT } from '../psa-namespaces.js';
import { formatPolicyVersion, namespacePolicy } from '../psa-labels.js';
import { pssControlMessages, type PssControlId } from '../pss-catalogue.js';
import { evaluatePodSecurity } from '../pss-levels.js';

export const check = defineCheck<Workload, PssControlId>({
  id: 'psa-existing-violations',
  title: 'Workload violates its namespace\'s enforced Pod Security level',
  severity: 'medium',
  area: 'pod-security',
  description:
    'Pod Security Admission checks pods when they are created, never the ones already running, and only warns about controllers. A workload that violates the level its namespace enforces (the label was added later, or the level raised) keeps running until its next rollout, rescale or node drain, when its new pods are rejected. The system namespaces are evaluated too: a label there is as binding.',
  remediation:
    'Bring the pod template to the enforced level (the control and field are in the finding), or move the workload to a namespace whose level it needs; do not lower the namespace label.',
  // One message id per Pod Security Standards control: frameworks select findings by control.
  messages: pssControlMessages(
    '{{subject}}{{detail}}, which the {{level}} level enforced on namespace "{{namespace}}" ({{version}}) forbids; its new pods will be rejected{{note}}',
  ),
  options: {
    /** Namespaces whose workloads are not evaluated (PSA exemptions configured on the API server). */
    excludeNamespaces: [],
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (stringListOption(context.options, 'excludeNamespaces').includes(workload.namespace)) return;
    const namespace = context.inventory.get('Namespace', undefined, workload.namespace);
    if (!namespace) return context.notEvaluated(`namespace "${workload.namespace}": ${NO_NAMESPACE_OBJECT}`);
    const policy = namespacePolicy(namespace.metadata?.labels, 'enforce');
    // Without an enforce label (or with privileged) admission checks nothing: nothing to violate.
    if (!policy || policy.level === 'privileged') return;
    const note = policy.problems.length > 0 ? ` (${policy.problems.join('; ')}: admission falls back to restricted at latest)` : '';
    for (const violation of evaluatePodSecurity(workload, policy.level, policy.version)) {
      const subject = violation.container !== undefined ? `container "${violation.container}" ` : '';
      context.fail(violation.control, {
        subject,
        detail: violation.detail,
        level: policy.level,
        namespace: workload.namespace,
        version: formatPolicyVersion(policy.version),
        note,
      }, {
        ...(violation.container !== undefined && { container: violation.container }),
        path: violation.path,
      });
    }
  },
});
