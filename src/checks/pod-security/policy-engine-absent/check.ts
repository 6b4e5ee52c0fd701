import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import { namespacePolicy } from '../psa-labels.js';

/** CRDs whose presence means the engine is installed and can be given policies. */
const ENGINE_CRDS: Record<string, string> = {
  'clusterpolicies.kyverno.io': 'Kyverno',
  'policies.kyverno.io': 'Kyverno',
  'validatingpolicies.policies.kyverno.io': 'Kyverno',
  'constrainttemplates.templates.gatekeeper.sh': 'Gatekeeper',
  'clusteradmissionpolicies.policies.kubewarden.io': 'Kubewarden',
};

/** Policy objects by API group and kind. */
const ENGINE_OBJECTS: ReadonlyArray<{ group: string; kind: string; engine: string }> = [
  { group: 'kyverno.io', kind: 'ClusterPolicy', engine: 'Kyverno' },
  { group: 'kyverno.io', kind: 'Policy', engine: 'Kyverno' },
  { group: 'policies.kyverno.io', kind: 'ValidatingPolicy', engine: 'Kyverno' },
  { group: 'templates.gatekeeper.sh', kind: 'ConstraintTemplate', engine: 'Gatekeeper' },
  { group: 'policies.kubewarden.io', kind: 'ClusterAdmissionPolicy', engine: 'Kubewarden' },
];

/** Resources whose listing, had it failed, could hide an engine. */
const RELEVANT_RESOURCES = [
  'namespaces',
  'customresourcedefinitions',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'clusterpolicies',
  'constrainttemplates',
];

/** The first admission policy mechanism found, described for the record. */
export function admissionPolicyMechanism(inventory: InventoryView): string | undefined {
  for (const namespace of inventory.ofKind('Namespace')) {
    const policy = namespacePolicy(namespace.metadata?.labels, 'enforce');
    if (policy && policy.level !== 'privileged') return `Pod Security Admission enforces ${policy.level} on namespace "${namespace.metadata?.name ?? ''}"`;
  }
  for (const crd of inventory.ofKind('CustomResourceDefinition')) {
    const engine = ENGINE_CRDS[crd.metadata?.name ?? ''];
    if (engine) return `${engine} is installed (CRD ${crd.metadata?.name ?? ''})`;
  }
  for (const { group, kind, engine } of ENGINE_OBJECTS) {
    const found = inventory.ofKindInGroup(kind, group)[0];
    if (found) return `${engine} ${kind} "${found.metadata?.name ?? ''}"`;
  }
  // A ValidatingAdmissionPolicy does nothing until a binding points at it.
  const policies = new Set(
    inventory.ofKindInGroup('ValidatingAdmissionPolicy', 'admissionregistration.k8s.io').map((policy) => policy.metadata?.name),
  );
  for (const binding of inventory.ofKindInGroup('ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io')) {
    const spec = binding.spec as { policyName?: unknown } | undefined;
    if (typeof spec?.policyName === 'string' && policies.has(spec.policyName)) {
      return `ValidatingAdmissionPolicy "${spec.policyName}" bound by "${binding.metadata?.name ?? ''}"`;
    }
  }
  return undefined;
}

export const check = defineCheck<Target, 'absent'>({
  id: 'policy-engine-absent',
  title: 'No admission policy mechanism',
  severity: 'medium',
  area: 'pod-security',
  description:
    'Without Pod Security Admission enforcing on some namespace, a policy engine (Kyverno, Gatekeeper, Kubewarden) or a bound ValidatingAdmissionPolicy, nothing stops a privileged or host-mounting pod at admission: every hardening rule depends on each author getting each manifest right.',
  remediation:
    'Enforce Pod Security Standards with namespace labels (`pod-security.kubernetes.io/enforce`), and/or deploy Kyverno, Gatekeeper or ValidatingAdmissionPolicies for the rules PSA cannot express.',
  messages: {
    absent: 'No admission policy mechanism: no namespace enforces a Pod Security level, and no Kyverno, Gatekeeper, Kubewarden or bound ValidatingAdmissionPolicy was found',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'],
  targets: (inventory) => [clusterTarget(inventory)],
  evaluate(_target, context) {
    const { inventory } = context;
    if (admissionPolicyMechanism(inventory)) return;
    if (inventory.source.type !== 'cluster') {
      return context.notEvaluated('manifests do not show how the cluster admits pods; scan the cluster to decide');
    }
    const failed = inventory.errors.filter((error) => {
      const text = `${error.resource ?? ''} ${error.operation}`.toLowerCase();
      return error.source === 'kubernetes' && RELEVANT_RESOURCES.some((resource) => text.includes(resource));
    });
    if (failed.length > 0) {
      return context.notEvaluated(`could not list ${failed.map((error) => error.resource ?? error.operation).join(', ')}: ${failed[0]?.message ?? ''}`);
    }
    context.fail('absent');
  },
});
