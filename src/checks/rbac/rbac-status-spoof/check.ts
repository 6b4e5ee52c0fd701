import type { Severity } from '../../../model/index.js';
import { severityRank } from '../../../model/index.js';
import type { Grant } from '../../../analysis/rbac/effective-permissions.js';
import { grantsFor, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { ANY_NAME, type RuleQuery } from '../../../analysis/rbac/rbac-rule.js';
import { reachText } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

interface StatusWrite {
  resource: string;
  severity: Severity;
  effect: string;
  queries: readonly RuleQuery[];
}

const statusWrite = (resource: string, severity: Severity, effect: string): StatusWrite => ({
  resource,
  severity,
  effect,
  queries: [{ verbs: ['update', 'patch'], apiGroup: '', resources: [resource], resourceName: ANY_NAME }],
});

const SUBRESOURCES: readonly StatusWrite[] = [
  statusWrite('services/status', 'medium', 'set LoadBalancer ingress IPs and intercept traffic to them (CVE-2020-8554)'),
  statusWrite('pods/status', 'low', 'fake pod readiness and IPs, steering Service traffic'),
  statusWrite('nodes/status', 'low', 'fake node conditions, capacity and addresses'),
];

/**
 * Status subresources are written by controllers and kubelets; a subject writing them can lie
 * to the rest of the cluster. services/status is medium (a man-in-the-middle for any IP,
 * CVE-2020-8554, even from one namespace); pods/status and nodes/status are low.
 */
export const check = defineSubjectCheck<'spoof'>({
  id: 'rbac-status-spoof',
  title: 'Subject can modify pod, node or service status',
  severity: 'medium',
  area: 'rbac',
  admission: true,
  description:
    'Writing status subresources lets a subject impersonate controllers: a Service status with a chosen LoadBalancer IP captures cluster traffic to that IP, forged pod or node status misroutes traffic and scheduling.',
  remediation: 'Leave status writes to the controllers and kubelets that own them; remove update/patch on */status from user and application roles.',
  messages: {
    spoof: '{{subject}}{{members}} can {{what}}: {{grants}}',
  },
  links: ['https://github.com/kubernetes/kubernetes/issues/97076'],
  detect({ perms, bindings }) {
    const what: string[] = [];
    let severity: Severity | undefined;
    const grants: Grant[] = [];
    for (const { resource, severity: level, effect, queries } of SUBRESOURCES) {
      const found = sortGrants(grantsFor(perms, bindings, queries));
      if (found.length === 0) continue;
      what.push(`write ${resource} ${reachText(reachOf(found))} (${effect})`);
      if (!severity || severityRank(level) > severityRank(severity)) severity = level;
      grants.push(...found);
    }
    if (!severity) return undefined;
    return { messageId: 'spoof', data: { what: what.join('; ') }, grants, severity };
  },
});
