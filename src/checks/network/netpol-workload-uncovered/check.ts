import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { isSystemNamespace } from '../../targets.js';
import { directionsOption, excludedNamespaces, joinDirections, policyCollectionGap } from '../network-scope.js';
import { isHostNetwork, policyCoverage } from '../../../analysis/network/policy-coverage.js';
import { unsupportedNote } from '../unsupported-note.js';

export const check = defineCheck<Workload, 'uncovered'>({
  id: 'netpol-workload-uncovered',
  title: 'Workload not selected by any network policy',
  severity: 'medium',
  area: 'network',
  description:
    'A pod that no network policy selects for a direction is not isolated in that direction: it accepts connections from anywhere (Ingress) or may connect anywhere (Egress). Ingress and Egress are evaluated separately with exact selector semantics: `podSelector: {}`, `matchExpressions`, the `policyTypes` defaults (Egress only when egress rules exist), Cilium endpoint selectors (`spec`/`specs[]`, clusterwide policies, `enableDefaultDeny`) and Calico selectors (namespaced and global). One finding per pod template names the uncovered directions. Host-network pods are left out (network policies never apply to them), as are system namespaces and those in `excludeNamespaces`, like the namespace-level policy checks.',
  remediation:
    'Add a default-deny policy to the namespace, or a policy whose selector matches this pod template for the uncovered direction, then allow the flows it needs.',
  messages: {
    uncovered: 'Pod template is not selected by any network policy for {{directions}}: {{consequence}}{{note}}',
  },
  links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#isolated-and-non-isolated-pods'],
  options: { excludeNamespaces: [], directions: ['Ingress', 'Egress'] },
  requires: (inventory) => policyCollectionGap(inventory),
  targets: (inventory, options) => {
    const excluded = excludedNamespaces(options);
    return inventory
      .workloads()
      .filter((workload) => !isHostNetwork(workload) && !isSystemNamespace(workload.namespace, excluded));
  },
  evaluate(workload, context) {
    const coverage = policyCoverage(context.inventory);
    const uncovered = directionsOption(context.options).filter(
      (direction) => coverage.selecting(workload, direction).length === 0,
    );
    if (uncovered.length === 0) return;
    const consequence = uncovered
      .map((direction) =>
        direction === 'Ingress' ? 'it accepts connections from any pod or address' : 'it may connect to any pod or address',
      )
      .join(', and ');
    const hasLabels = workload.podMetadata.labels !== undefined;
    context.fail(
      'uncovered',
      {
        directions: joinDirections(uncovered),
        consequence,
        note: unsupportedNote(coverage.unsupportedFor(workload.namespace)),
      },
      { path: hasLabels ? [...workload.podMetadataPath, 'labels'] : workload.podMetadataPath },
    );
  },
});
