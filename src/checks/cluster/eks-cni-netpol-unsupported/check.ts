import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import { cliName, clusterResourceName } from '../eks-data.js';
import { ENGINE_DAEMONSETS, networkPolicyEngines } from '../network-policy-engines.js';

function engineOption(options: Record<string, unknown>): Record<string, string> {
  const value = options.engineDaemonSets;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ...ENGINE_DAEMONSETS };
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function target(inventory: InventoryView): Target[] {
  const cluster = inventory.aws?.eks?.cluster;
  return [cluster ? { resource: { kind: 'EKSCluster', name: clusterResourceName(cluster, inventory) } } : clusterTarget(inventory)];
}

function policiesText(inventory: InventoryView): string {
  const policies = inventory.ofKind('NetworkPolicy');
  if (policies.length === 0) return 'no NetworkPolicy exists yet';
  const namespaces = new Set(policies.map((policy) => policy.metadata?.namespace ?? 'default'));
  const count = policies.length === 1 ? '1 NetworkPolicy is' : `${policies.length} NetworkPolicies in ${namespaces.size} namespaces are`;
  return `${count} accepted by the API server but not enforced`;
}

export const check = defineCheck<Target, 'noEngine'>({
  id: 'eks-cni-netpol-unsupported',
  title: 'No NetworkPolicy enforcement engine',
  severity: 'high',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Kubernetes stores NetworkPolicy objects whether or not anything enforces them. On EKS the VPC CNI enforces them only with its network policy feature turned on; without it (and without Calico or Cilium) every pod can reach every other pod and namespace isolation exists only on paper. CIS EKS 4.3.1 and 5.4.4.',
  remediation:
    'Turn on VPC CNI network policy: `aws eks update-addon --cluster-name <cluster> --addon-name vpc-cni --configuration-values \'{"enableNetworkPolicy":"true"}\' --resolve-conflicts PRESERVE` (VPC CNI 1.14+, Kubernetes 1.25+), or install Calico or Cilium for policy enforcement.',
  messages: {
    noEngine: 'Nothing enforces NetworkPolicy in cluster "{{cluster}}": {{vpcCni}}, and no {{others}} runs; {{policies}}',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html',
  ],
  options: { engineDaemonSets: { ...ENGINE_DAEMONSETS } },
  targets: (inventory) => target(inventory),
  evaluate(_target, context) {
    const engineDaemonSets = engineOption(context.options);
    const { engines, vpcCniState, missing } = networkPolicyEngines(context.inventory, engineDaemonSets);
    if (engines.length > 0) return;
    if (missing.length > 0) {
      context.notEvaluated(missing.join('; '));
      return;
    }
    const cluster = context.inventory.aws?.eks?.cluster;
    const name = cluster ? cliName(cluster, context.inventory) : (context.inventory.source.cluster ?? 'cluster');
    context.fail('noEngine', {
      cluster: name,
      vpcCni: vpcCniState,
      others: [...new Set(Object.values(engineDaemonSets))].join(' or ') || 'other engine',
      policies: policiesText(context.inventory),
    }, {
      fix: {
        kind: 'suggestion',
        description: `aws eks update-addon --cluster-name ${name} --addon-name vpc-cni --configuration-values '{"enableNetworkPolicy":"true"}' --resolve-conflicts PRESERVE`,
        operations: [{ op: 'add', path: '/configurationValues', value: '{"enableNetworkPolicy":"true"}' }],
      },
    });
  },
});
