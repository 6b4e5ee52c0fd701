import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { PSS_CONTROLS, pssControlMessages, type PssControlId } from '../pss-catalogue.js';
import { evaluatePodSecurity, type PssViolation } from '../pss-levels.js';

/**
 * Every control a pod template breaks, each at the level that defines it: Baseline controls as
 * the baseline level decides them (an unset seccomp profile is fine there), Restricted ones as
 * the restricted level does (its seccomp and capabilities rules replace Baseline's).
 */
function violationsOf(workload: Workload): PssViolation[] {
  const restrictedOnly = evaluatePodSecurity(workload, 'restricted').filter((violation) => PSS_CONTROLS[violation.control].level === 'restricted');
  return [...evaluatePodSecurity(workload, 'baseline'), ...restrictedOnly];
}

export const check = defineCheck<Workload, PssControlId>({
  id: 'pss-workload-violations',
  title: 'Workload breaks a Pod Security Standards control',
  severity: 'info',
  area: 'pod-security',
  // The workload checks already judge these fields, with their own severities: these results
  // decide the pss framework and are listed only in scans narrowed to it.
  evidenceOnly: true,
  description:
    "Every workload's pod template measured against each control of the Pod Security Standards (Baseline and Restricted, latest policy version) with the evaluator Pod Security Admission uses, whatever level its namespace enforces: one finding per control and field it breaks. It is the record the `pss` compliance framework is decided from; the risk of each setting is rated by the workload checks (wl-privileged, wl-host-pid, …), so its findings are informational.",
  remediation:
    'Bring the pod template to the level the namespace should enforce (the control and field are in the finding), then label the namespace `pod-security.kubernetes.io/enforce` with that level.',
  // One message id per control: the pss framework maps each control to its findings.
  messages: pssControlMessages('{{subject}}{{detail}}, which the {{level}} level of the Pod Security Standards forbids'),
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const violation of violationsOf(workload)) {
      context.fail(violation.control, {
        subject: violation.container !== undefined ? `container "${violation.container}" ` : '',
        detail: violation.detail,
        level: violation.level,
      }, {
        ...(violation.container !== undefined && { container: violation.container }),
        path: violation.path,
      });
    }
  },
});
