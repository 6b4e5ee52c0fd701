import { defineCheck } from '../../define-check.js';
import { addonsMissing, addonTargets, type AddonTarget } from '../addons.js';

/** States an add-on passes through on its own; its health is decided once it settles. */
const TRANSITIONAL = new Set(['CREATING', 'UPDATING', 'DELETING']);

export const check = defineCheck<AddonTarget, 'issue' | 'status'>({
  id: 'eks-addon-unhealthy',
  title: 'Add-on degraded',
  severity: 'low',
  area: 'cluster',
  needs: ['aws'],
  description:
    'An add-on that is DEGRADED or failed to create or update is not running the version and configuration EKS reports: pods may be crash-looping, an IAM role may be missing, or a conflicting self-managed change may block updates, including security updates.',
  remediation:
    'Read the add-on\'s health issues (`aws eks describe-addon --cluster-name <cluster> --addon-name <name>`), fix the cause (IAM permissions, conflicting fields, insufficient replicas), then retry the update.',
  messages: {
    issue: 'Add-on {{addon}} ({{status}}) reports {{code}}: {{message}}{{resources}}',
    status: 'Add-on {{addon}} is {{status}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html'],
  requires: addonsMissing,
  targets: addonTargets,
  evaluate({ addon }, context) {
    const name = addon.addonName ?? 'add-on';
    const status = addon.status ?? 'UNKNOWN';
    const issues = addon.health?.issues ?? [];
    issues.forEach((issue, index) => {
      const resources = issue.resourceIds?.length ? ` (${issue.resourceIds.join(', ')})` : '';
      context.fail('issue', { addon: name, status, code: issue.code ?? 'unknown issue', message: issue.message ?? 'no message', resources }, {
        path: ['health', 'issues', index],
      });
    });
    if (issues.length > 0 || status === 'ACTIVE') return;
    if (TRANSITIONAL.has(status)) {
      context.notEvaluated(`add-on ${name} was ${status} when collected; its health is known once it settles`);
      return;
    }
    context.fail('status', { addon: name, status }, { path: ['status'] });
  },
});
