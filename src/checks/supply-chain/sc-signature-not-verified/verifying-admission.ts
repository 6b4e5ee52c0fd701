/**
 * Admission controllers that verify image signatures, read from their own policy objects: what
 * counts is a policy that denies an unverified image, not one that only audits or warns.
 * - Kyverno: a ClusterPolicy rule with `verifyImages`, enforced by the entry's `failureAction`
 *   or else the policy's `validationFailureAction` (default Audit); an ImageValidatingPolicy
 *   (`policies.kyverno.io`) whose `validationActions` include Deny.
 * - Sigstore policy-controller: a ClusterImagePolicy (`policy.sigstore.dev`) in mode `enforce`
 *   (the default); it applies only in namespaces labelled `policy.sigstore.dev/include: "true"`.
 * - Ratify: a Gatekeeper constraint of kind RatifyVerification whose `enforcementAction` is deny
 *   (the default).
 * - eksguard's own webhook: its ValidatingWebhookConfiguration (`validate.eksguard.dev`) and a
 *   ConfigMap beside it whose `.eksguard.yaml` sets `admission.images.signatures.mode: enforce`.
 */
import { parse } from 'yaml';
import type { InventoryView } from '../../../inventory/index.js';

export interface AdmissionVerifier {
  /** `Kyverno ClusterPolicy verify-images`. */
  name: string;
  /** Denies unverified images (true), or only audits or warns (false, with why). */
  enforcing: boolean;
  why?: string;
}

const EKSGUARD_WEBHOOK = 'validate.eksguard.dev';
const EKSGUARD_CONFIG = '.eksguard.yaml';
const SIGSTORE_INCLUDE = 'policy.sigstore.dev/include';

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A policy field as text for a message; a non-string (a hand-made object) is named by its type. */
function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value;
}

function isEnforce(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'enforce';
}

function kyvernoClusterPolicies(inventory: InventoryView): AdmissionVerifier[] {
  return inventory.ofKindInGroup('ClusterPolicy', 'kyverno.io').flatMap((policy) => {
    const spec = record(policy.spec) ?? {};
    const entries = list(spec.rules).flatMap((rule) => list(record(rule)?.verifyImages)).map(record).filter((entry) => entry !== undefined);
    if (entries.length === 0) return [];
    // failureAction on the verifyImages entry (Kyverno 1.13+) wins over the policy-wide setting.
    const enforcing = entries.some((entry) => (entry.failureAction !== undefined ? isEnforce(entry.failureAction) : isEnforce(spec.validationFailureAction)));
    const verifier: AdmissionVerifier = { name: `Kyverno ClusterPolicy ${policy.metadata?.name ?? '?'}`, enforcing };
    if (!enforcing) verifier.why = 'in Audit mode';
    return [verifier];
  });
}

function kyvernoImageValidatingPolicies(inventory: InventoryView): AdmissionVerifier[] {
  return inventory.ofKindInGroup('ImageValidatingPolicy', 'policies.kyverno.io').map((policy) => {
    const actions = list(record(policy.spec)?.validationActions);
    // Kyverno's default when validationActions is left out is Deny.
    const enforcing = actions.length === 0 || actions.includes('Deny');
    const verifier: AdmissionVerifier = { name: `Kyverno ImageValidatingPolicy ${policy.metadata?.name ?? '?'}`, enforcing };
    if (!enforcing) verifier.why = `validationActions ${actions.map(fieldText).join(', ')}`;
    return verifier;
  });
}

function sigstorePolicies(inventory: InventoryView): AdmissionVerifier[] {
  const policies = inventory.ofKindInGroup('ClusterImagePolicy', 'policy.sigstore.dev');
  if (policies.length === 0) return [];
  const included = inventory.ofKind('Namespace').some((namespace) => namespace.metadata?.labels?.[SIGSTORE_INCLUDE] === 'true');
  return policies.map((policy) => {
    const mode = record(policy.spec)?.mode ?? 'enforce';
    const verifier: AdmissionVerifier = { name: `Sigstore policy-controller ClusterImagePolicy ${policy.metadata?.name ?? '?'}`, enforcing: mode === 'enforce' && included };
    if (mode !== 'enforce') verifier.why = `mode ${fieldText(mode)}`;
    else if (!included) verifier.why = `no namespace is labelled ${SIGSTORE_INCLUDE}=true`;
    return verifier;
  });
}

function ratifyConstraints(inventory: InventoryView): AdmissionVerifier[] {
  return inventory.ofKindInGroup('RatifyVerification', 'constraints.gatekeeper.sh').map((constraint) => {
    const action = record(constraint.spec)?.enforcementAction ?? 'deny';
    const verifier: AdmissionVerifier = { name: `Ratify constraint ${constraint.metadata?.name ?? '?'}`, enforcing: action === 'deny' };
    if (action !== 'deny') verifier.why = `enforcementAction ${fieldText(action)}`;
    return verifier;
  });
}

/** The mode of eksguard's signature gate in a `.eksguard.yaml`, if it has one (a gate without a mode enforces). */
function signatureGateMode(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    const signatures = record(record(record(parse(text, { maxAliasCount: 0 }))?.admission)?.images)?.signatures;
    return signatures === undefined ? undefined : (record(signatures)?.mode ?? 'enforce');
  } catch {
    return undefined;
  }
}

function eksguardWebhooks(inventory: InventoryView): AdmissionVerifier[] {
  return inventory.ofKindInGroup('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io').flatMap((configuration) => {
    const webhook = list(configuration.webhooks).map(record).find((entry) => entry?.name === EKSGUARD_WEBHOOK);
    if (!webhook) return [];
    const namespace = record(record(webhook.clientConfig)?.service)?.namespace;
    const modes = typeof namespace === 'string'
      ? (inventory.byNamespace('ConfigMap').get(namespace) ?? []).map((map) => signatureGateMode(record(map.data)?.[EKSGUARD_CONFIG])).filter((mode) => mode !== undefined)
      : [];
    const enforcing = modes.includes('enforce');
    const verifier: AdmissionVerifier = { name: `eksguard webhook ${configuration.metadata?.name ?? '?'}`, enforcing };
    if (!enforcing) verifier.why = modes.length > 0 ? `signature gate in ${modes.map(fieldText).join(', ')} mode` : 'no signature gate configured';
    return [verifier];
  });
}

export function admissionVerifiers(inventory: InventoryView): AdmissionVerifier[] {
  return inventory.cached('supply-chain:signature-admission', () => [
    ...kyvernoClusterPolicies(inventory),
    ...kyvernoImageValidatingPolicies(inventory),
    ...sigstorePolicies(inventory),
    ...ratifyConstraints(inventory),
    ...eksguardWebhooks(inventory),
  ]);
}
