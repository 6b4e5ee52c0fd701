import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { openRules } from '../../../analysis/network/open-rules.js';
import { policyCoverage } from '../../../analysis/network/policy-coverage.js';
import type { PolicyModel } from '../../../analysis/network/policy-model.js';

interface PolicyTarget extends Target {
  policy: PolicyModel;
}

export const check = defineCheck<PolicyTarget, 'open'>({
  id: 'netpol-allow-all',
  title: 'Network policy rule allows all traffic',
  severity: 'low',
  area: 'network',
  admission: true,
  description:
    'A rule with neither a peer nor a port restriction (`ingress: [{}]`, `egress: [{}]`), or whose peer is every pod of every namespace (`namespaceSelector: {}`) or every address (`ipBlock: 0.0.0.0/0` without `except`), on every port, cancels the isolation the policy gives in that direction. Cilium (`fromEntities`/`toEntities: all|world`, `0.0.0.0/0` CIDRs without `toPorts`) and Calico (`Allow` rules without protocol, ports or a remote restriction) are read the same way. Rules restricted to some ports are not reported, nor rules of a direction the policy does not isolate (Kubernetes ignores them).',
  remediation: 'Replace the rule with peers and ports for the flows actually needed, or delete the policy if isolation is not wanted.',
  messages: {
    open: '{{policy}} has an {{direction}} rule that allows {{what}} on every port',
  },
  links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic'],
  targets: (inventory) =>
    policyCoverage(inventory)
      .policies.filter((policy) => !policy.hostOnly && !policy.unsupported)
      .map((policy) => ({ resource: policy.resource, object: policy.object, policy })),
  evaluate({ policy }, context) {
    for (const rule of openRules(policy)) {
      context.fail(
        'open',
        { policy: policy.label, direction: rule.direction, what: rule.what },
        {
          path: rule.path,
          fix: {
            kind: 'suggestion',
            description: 'Remove this rule or peer, then allow the needed flows explicitly',
            operations: [{ op: 'remove', path: toJsonPointer(rule.path) }],
          },
        },
      );
    }
  },
});
