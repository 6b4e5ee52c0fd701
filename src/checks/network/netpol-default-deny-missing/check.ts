import { defineCheck } from '../../define-check.js';
import { namespaceTargets, type NamespaceTarget } from '../../targets.js';
import { defaultDenyFor } from '../default-deny.js';
import { directionsOption, excludedNamespaces, joinDirections, policyCollectionGap } from '../network-scope.js';
import { policyCoverage } from '../../../analysis/network/policy-coverage.js';
import { unsupportedNote } from '../unsupported-note.js';

export const check = defineCheck<NamespaceTarget, 'missing'>({
  id: 'netpol-default-deny-missing',
  title: 'No default-deny network policy',
  severity: 'medium',
  area: 'network',
  description:
    'A default-deny policy selects every pod of a namespace (`podSelector: {}`) for a direction and allows nothing, so that a pod added later is isolated until a policy opens what it needs. Ingress and Egress are evaluated separately (option `directions`). Equivalent Cilium policies (`endpointSelector: {}` with `ingress: [{}]`) and Calico policies (`selector: all()` with no rules, or deny-only rules), namespaced or cluster-wide with a selector that depends only on the namespace, count. System namespaces and those in `excludeNamespaces` are skipped.',
  remediation:
    'Add to the namespace: `kind: NetworkPolicy`, `spec: {podSelector: {}, policyTypes: [Ingress, Egress]}` with no `ingress`/`egress` rules, then allow each needed flow (including DNS egress to kube-dns) in further policies.',
  messages: {
    missing:
      'Namespace "{{namespace}}" has no default-deny policy for {{directions}}: a pod that no other policy selects for that direction stays open{{note}}',
  },
  links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
  options: { excludeNamespaces: [], directions: ['Ingress', 'Egress'] },
  requires: (inventory) => policyCollectionGap(inventory),
  targets: (inventory, options) => namespaceTargets(inventory, { exclude: excludedNamespaces(options) }),
  evaluate(target, context) {
    const coverage = policyCoverage(context.inventory);
    const { namespace } = target;
    const labels = coverage.namespaceLabels(namespace);
    const candidates = [...coverage.namespacedPolicies(namespace), ...coverage.clusterWidePolicies];
    const missing = directionsOption(context.options).filter(
      (direction) => !defaultDenyFor(candidates, namespace, labels, direction),
    );
    if (missing.length === 0) return;
    context.fail('missing', {
      namespace,
      directions: joinDirections(missing),
      note: unsupportedNote(coverage.unsupportedFor(namespace)),
    });
  },
});
