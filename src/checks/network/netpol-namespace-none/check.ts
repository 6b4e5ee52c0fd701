import { defineCheck } from '../../define-check.js';
import { namespaceTargets, type NamespaceTarget } from '../../targets.js';
import { excludedNamespaces, policyCollectionGap } from '../network-scope.js';
import { policyCoverage } from '../../../analysis/network/policy-coverage.js';
import { unsupportedNote } from '../unsupported-note.js';

export const check = defineCheck<NamespaceTarget, 'none'>({
  id: 'netpol-namespace-none',
  title: 'Namespace has no NetworkPolicy',
  severity: 'medium',
  area: 'network',
  description:
    'Without any network policy in a namespace, its pods accept connections from every pod and address and may connect anywhere: one compromised pod can reach every other. Kubernetes NetworkPolicy, Cilium and Calico policies all count, including cluster-wide ones (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy) that select pods of the namespace. System namespaces and those in `excludeNamespaces` are skipped. On a manifest scan only the policies in the scanned files are seen.',
  remediation:
    'Add a default-deny policy to the namespace (`podSelector: {}` with `policyTypes: [Ingress, Egress]` and no rules), then allow the flows each workload needs.',
  messages: {
    none: 'Namespace "{{namespace}}" has no network policy: its pods accept connections from anywhere and may connect anywhere{{note}}',
  },
  links: [
    'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
    'https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html',
  ],
  options: { excludeNamespaces: [] },
  requires: (inventory) => policyCollectionGap(inventory),
  targets: (inventory, options) => namespaceTargets(inventory, { exclude: excludedNamespaces(options) }),
  evaluate(target, context) {
    const coverage = policyCoverage(context.inventory);
    const { namespace } = target;
    if (coverage.namespacedPolicies(namespace).some((policy) => !policy.hostOnly)) return;
    const labels = coverage.namespaceLabels(namespace);
    const coveredClusterWide = coverage.clusterWidePolicies.some(
      (policy) =>
        !policy.hostOnly &&
        (policy.parts.some((part) => part.selectsWholeNamespace(namespace, labels)) ||
          coverage.selected(policy).some((workload) => workload.namespace === namespace)),
    );
    if (coveredClusterWide) return;
    context.fail('none', { namespace, note: unsupportedNote(coverage.unsupportedFor(namespace)) });
  },
});
