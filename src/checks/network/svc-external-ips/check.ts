import { getIn } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { objectTargets, type ObjectTarget } from '../../targets.js';

export const check = defineCheck<ObjectTarget, 'externalIps'>({
  id: 'svc-external-ips',
  title: 'Service with externalIPs',
  severity: 'high',
  area: 'network',
  admission: true,
  description:
    'Nodes route traffic for a Service\'s `spec.externalIPs` to its pods without any check that the address belongs to the Service owner (CVE-2020-8554): whoever can create or edit a Service can intercept traffic to any IP, including other tenants\' or external endpoints. Legitimate uses are rare; block the field with an admission policy (the upstream `DenyServiceExternalIPs` plugin is not configurable on EKS).',
  remediation:
    'Remove `spec.externalIPs`; expose the Service through a load balancer or Ingress, and reject the field cluster-wide with an admission policy (Kyverno, Gatekeeper or a ValidatingAdmissionPolicy).',
  messages: {
    externalIps: 'Service claims external IPs {{ips}}: nodes send traffic for them to its pods (CVE-2020-8554)',
  },
  links: ['https://github.com/kubernetes/kubernetes/issues/97076'],
  targets: (inventory) => objectTargets(inventory, 'Service'),
  evaluate({ object }, context) {
    const ips = getIn(object, ['spec', 'externalIPs']);
    if (!Array.isArray(ips) || ips.length === 0) return;
    const path = ['spec', 'externalIPs'];
    context.fail(
      'externalIps',
      { ips: ips.map(String).join(', ') },
      {
        path,
        fix: {
          kind: 'suggestion',
          description: 'Remove externalIPs and expose the Service another way',
          operations: [{ op: 'remove', path: toJsonPointer(path) }],
        },
      },
    );
  },
});
