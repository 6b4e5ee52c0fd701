import { defineCheck } from '../../define-check.js';
import { accountIdOf } from '../../cluster/eks-data.js';
import { detectorTargets, detectorUnread, findFeatures, guardDutyMissing, regionText, type DetectorTarget } from '../../cluster/guardduty.js';

export const check = defineCheck<DetectorTarget, 'noDetector' | 'suspended' | 'auditLogsOff'>({
  id: 'mon-guardduty-eks-audit',
  title: 'GuardDuty EKS Protection (audit logs) off',
  severity: 'medium',
  area: 'logging',
  needs: ['aws'],
  description:
    'GuardDuty EKS Protection reads the cluster\'s Kubernetes audit log independently of control-plane logging and raises findings for known attack patterns: anonymous access, exec into kube-system pods, privileged pods, credential access, known malicious IPs. Off, nobody is watching the API for them.',
  remediation:
    'Enable the EKS_AUDIT_LOGS feature of the region\'s detector: `aws guardduty update-detector --detector-id <id> --features \'[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]\'` (in an organization, from the GuardDuty delegated administrator, with auto-enable for members).',
  messages: {
    noDetector: 'GuardDuty is not enabled in {{region}} for account {{account}}: no detector watches the audit log of the cluster',
    suspended: 'GuardDuty detector {{detector}} is suspended: no EKS audit log monitoring',
    auditLogsOff: 'GuardDuty detector {{detector}} has EKS audit log monitoring (EKS_AUDIT_LOGS) {{status}}',
  },
  links: ['https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html'],
  requires: guardDutyMissing,
  targets: detectorTargets,
  evaluate({ detector }, context) {
    const { inventory } = context;
    if (!detector) {
      context.fail('noDetector', { region: regionText(inventory), account: accountIdOf(inventory) ?? 'unknown' }, {
        fix: { kind: 'suggestion', description: `aws guardduty create-detector --enable --features '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]'`, operations: [] },
      });
      return;
    }
    const unread = detectorUnread(inventory, detector);
    if (unread) {
      context.notEvaluated(unread);
      return;
    }
    const id = detector.DetectorId;
    if (detector.Status === 'DISABLED') {
      context.fail('suspended', { detector: id }, { path: ['Status'] });
      return;
    }
    const fix = {
      kind: 'suggestion' as const,
      description: `aws guardduty update-detector --detector-id ${id} --features '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]'`,
      operations: [],
    };
    const [found] = findFeatures(detector, ['EKS_AUDIT_LOGS']);
    if (found) {
      if (found.feature.Status !== 'ENABLED') context.fail('auditLogsOff', { detector: id, status: found.feature.Status ?? 'unset' }, { path: found.path, fix });
      return;
    }
    // Detectors described without Features: the deprecated DataSources field still answers.
    const legacy = detector.DataSources?.Kubernetes?.AuditLogs?.Status;
    if (legacy === 'ENABLED') return;
    const path = legacy === undefined ? ['Features'] : ['DataSources', 'Kubernetes', 'AuditLogs', 'Status'];
    context.fail('auditLogsOff', { detector: id, status: legacy ?? 'not listed' }, { path, fix });
  },
});
