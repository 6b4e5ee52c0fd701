import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { workloadCollectionGap } from '../network-scope.js';
import { policyCoverage } from '../../../analysis/network/policy-coverage.js';
import type { PolicyModel } from '../../../analysis/network/policy-model.js';

interface PolicyTarget extends Target {
  policy: PolicyModel;
}

export const check = defineCheck<PolicyTarget, 'dangling' | 'empty'>({
  id: 'netpol-dangling',
  title: 'Network policy selects no pods',
  severity: 'low',
  area: 'network',
  description:
    'A policy whose selector matches no pod template protects nothing, usually after labels were renamed; the flows it was meant to restrict are open. Kubernetes, Cilium and Calico policies are evaluated with the same selector semantics as coverage. A policy that selects every pod of a namespace (`podSelector: {}`, `endpointSelector: {}`, `all()`) is never reported: it applies to pods yet to come. Host-network pods do not count, as no policy applies to them. On a manifest scan only the scanned workloads are seen.',
  remediation: 'Fix the selector to match the intended pods\' labels, or delete the policy.',
  messages: {
    dangling: '{{policy}} selects no pod: no pod template in {{scope}} matches its selector',
    empty: '{{policy}} has no rule with a pod selector, so it selects nothing',
  },
  links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/'],
  requires: (inventory) => workloadCollectionGap(inventory),
  targets: (inventory) =>
    policyCoverage(inventory)
      .policies.filter((policy) => !policy.hostOnly)
      .map((policy) => ({ resource: policy.resource, object: policy.object, policy })),
  evaluate({ policy }, context) {
    if (policy.unsupported) {
      context.notEvaluated(`${policy.label}: ${policy.unsupported}`);
      return;
    }
    const coverage = policyCoverage(context.inventory);
    if (coverage.selected(policy).length > 0) return;
    const namespaces = policy.namespace !== undefined ? [policy.namespace] : context.inventory.namespaceNames();
    const appliesToWholeNamespace = policy.parts.some((part) =>
      namespaces.some((namespace) => part.selectsWholeNamespace(namespace, coverage.namespaceLabels(namespace))),
    );
    if (appliesToWholeNamespace) return;
    const [first] = policy.parts;
    if (!first) {
      context.fail('empty', { policy: policy.label }, { path: ['spec'] });
      return;
    }
    const scope = policy.namespace !== undefined ? `namespace "${policy.namespace}"` : 'the cluster';
    context.fail('dangling', { policy: policy.label, scope }, { path: first.selectorPath });
  },
});
