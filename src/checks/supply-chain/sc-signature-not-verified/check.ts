import type { Target } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { defineCheck, type CheckContext } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import { containerImages } from '../container-images.js';
import { imageIndex, listText, shown } from '../image-assessments.js';
import { admissionVerifiers } from './verifying-admission.js';

type MessageId = 'noAdmission' | 'unsigned' | 'untrusted';

/** The cluster (admission), or one workload (the signatures of the images it runs). */
interface SignatureTarget extends Target {
  workload?: Workload;
}

const SHOWN = 5;

function trustedText(inventory: InventoryView): string {
  const policy = inventory.images?.signatures;
  const trusted = [...(policy?.keys ?? []).map((key) => `key ${shown(key)}`), ...(policy?.identities ?? []).map((identity) => shown(identity, 120))];
  return trusted.length > 0 ? listText(trusted.slice(0, SHOWN), SHOWN, trusted.length) : 'no key or identity';
}

function evaluateAdmission(context: CheckContext<MessageId>): void {
  const verifiers = admissionVerifiers(context.inventory);
  if (verifiers.some((verifier) => verifier.enforcing)) return;
  const found = verifiers.map((verifier) => `${verifier.name} (${verifier.why ?? 'not enforcing'})`);
  const checked = context.inventory.images?.signatures !== undefined;
  context.fail('noAdmission', {
    found: found.length > 0 ? `; found but not enforcing: ${listText(found.slice(0, SHOWN), SHOWN, found.length)}` : '',
    running: checked
      ? ''
      : '; the signatures of the images running now were not checked either (scan with --scan-images and a trusted key or identity)',
  });
}

function evaluateWorkload(workload: Workload, context: CheckContext<MessageId>): void {
  const index = imageIndex(context.inventory);
  for (const { ref, reference, path } of containerImages(workload, context)) {
    const where = { container: ref.name, path };
    const image = index.find(reference);
    const named = `image "${shown(reference.raw, 200)}"`;
    if (!image) {
      context.notEvaluated(`Container "${ref.name}": ${named} was not scanned`, where);
      continue;
    }
    const signature = image.signature;
    if (!signature) {
      const why = image.error !== undefined ? `could not be read: ${shown(image.error, 300)}` : 'had its signature left unchecked';
      context.notEvaluated(`Container "${ref.name}": ${named} ${why}`, where);
      continue;
    }
    if (signature.error !== undefined) {
      context.notEvaluated(`Container "${ref.name}": the signature of ${named} could not be checked: ${shown(signature.error, 300)}`, where);
      continue;
    }
    if (signature.verified) continue;
    const data = { container: ref.name, image: shown(reference.raw, 200), trusted: trustedText(context.inventory) };
    if (signature.signers.length === 0) {
      context.fail('unsigned', { ...data, reason: shown(signature.reason ?? 'no signature', 200) }, where);
    } else {
      const signers = signature.signers.slice(0, SHOWN).map((signer) => shown(signer, 120));
      context.fail('untrusted', { ...data, signers: listText(signers, SHOWN, signature.signers.length) }, where);
    }
  }
}

export const check = defineCheck<SignatureTarget, MessageId>({
  id: 'sc-signature-not-verified',
  title: 'Image signatures not verified',
  severity: 'medium',
  area: 'supply-chain',
  description:
    'Two halves of one control. Admission (evaluated on cluster and snapshot scans: a folder of manifests cannot show which admission controllers run): no admission controller denies images whose signature does not verify — a Kyverno ClusterPolicy with `verifyImages` in Enforce (per-entry `failureAction`, else `validationFailureAction`; Audit is the default), a Kyverno ImageValidatingPolicy with `validationActions: [Deny]`, a Sigstore policy-controller ClusterImagePolicy in `enforce` mode with some namespace labelled `policy.sigstore.dev/include=true`, a Ratify (Gatekeeper) RatifyVerification constraint with `enforcementAction: deny`, or the eksguard webhook with `admission.images.signatures.mode: enforce`. Without one, anyone who can deploy can run any image, whatever today\'s images are. Running images (only when `--scan-images` verified signatures under trusted keys or identities): one finding per container whose image is unsigned, or signed only by keys or identities that are not trusted; an image whose signature could not be checked (registry unreachable) is not evaluated. The admission half is kept even when signatures were checked: the scan sees the images running now, admission decides the next ones.',
  remediation:
    'Sign images in CI (cosign sign, keyless with the CI\'s OIDC identity or with a KMS key), and enforce verification at admission: a Kyverno `verifyImages` rule in Enforce, a Sigstore policy-controller ClusterImagePolicy, Ratify, or the eksguard webhook\'s signature gate in enforce mode. Rebuild and sign, or replace, images that do not verify.',
  messages: {
    noAdmission: 'No admission controller denies images whose signature does not verify{{found}}{{running}}',
    unsigned: 'Container "{{container}}" runs "{{image}}", which is not signed ({{reason}}); trusted: {{trusted}}',
    untrusted: 'Container "{{container}}" runs "{{image}}", signed only by {{signers}}, none of them trusted ({{trusted}})',
  },
  links: [
    'https://kyverno.io/docs/policy-types/cluster-policy/verify-images/',
    'https://docs.sigstore.dev/policy-controller/overview/',
    'https://ratify.dev/docs/quickstarts/quickstart-manifest-signing/',
    'https://aws.github.io/aws-eks-best-practices/security/docs/image/',
  ],
  targets(inventory) {
    // Which admission controllers a cluster runs is a fact about the cluster: a folder of one
    // application's manifests cannot show it, so manifest scans judge only the images.
    const cluster: SignatureTarget[] = inventory.source.type === 'cluster' ? [clusterTarget(inventory)] : [];
    if (!inventory.images?.signatures) return cluster;
    return [...cluster, ...inventory.workloads().map((workload): SignatureTarget => ({ resource: workload.resource, object: workload.object, workload }))];
  },
  evaluate(target, context) {
    if (target.workload) evaluateWorkload(target.workload, context);
    else evaluateAdmission(context);
  },
});
