/** Whether a policy part is a namespace-wide "deny everything" for a direction. */
import { getIn, isRecord } from '../../inventory/index.js';
import type { Direction, PolicyModel, PolicyPart } from '../../analysis/network/policy-model.js';


function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The part isolates the direction and allows nothing in it (rules absent, empty, or deny-only). */
export function allowsNothing(policy: PolicyModel, part: PolicyPart, direction: Direction): boolean {
  if (!part.directions.has(direction)) return false;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const rules = list(getIn(policy.object, [...part.specPath, key]));
  switch (policy.engine) {
    case 'kubernetes':
      return rules.length === 0;
    case 'cilium':
      // `ingress: [{}]` is Cilium's spelling of "deny all": an empty rule allows nothing.
      return rules.every((rule) => isRecord(rule) && Object.keys(rule).length === 0);
    case 'calico':
      return rules.every((rule) => isRecord(rule) && (rule.action === 'Deny' || rule.action === 'Log'));
  }
}

/** A policy that denies a direction for every pod of a namespace, present and future. */
export function defaultDenyFor(
  policies: readonly PolicyModel[],
  namespace: string,
  namespaceLabels: Readonly<Record<string, string>>,
  direction: Direction,
): PolicyModel | undefined {
  return policies.find(
    (policy) =>
      !policy.unsupported &&
      !policy.hostOnly &&
      policy.parts.some(
        (part) => part.selectsWholeNamespace(namespace, namespaceLabels) && allowsNothing(policy, part, direction),
      ),
  );
}
