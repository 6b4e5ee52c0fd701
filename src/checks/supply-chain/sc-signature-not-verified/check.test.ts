import { describe, expect, it } from 'vitest';
import { describeCheck, scanCase, type CheckCase, type CheckCases } from '../../test-support/check-tester.js';
import { image, scanned, WEB_DIGEST } from '../test-support/images.js';
import { check } from './check.js';

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - { name: web, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3" }
        - { name: proxy, image: "nginx:1.27" }
`;

const KYVERNO_ENFORCE = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: verify-images }
spec:
  validationFailureAction: Audit
  rules:
    - name: verify-signature
      match: { any: [{ resources: { kinds: [Pod] } }] }
      verifyImages:
        - imageReferences: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/*"]
          failureAction: Enforce
          attestors:
            - entries:
                - keys:
                    publicKeys: |-
                      -----BEGIN PUBLIC KEY-----
                      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8nXRh950IZbRj8Ra/N9sbqOPZrfM
                      5/KAQN0/KjHcorm/J5yctVd7iEcnessRQjU917hmKO6JWVGHpDguIyakZA==
                      -----END PUBLIC KEY-----
`;

const SIGSTORE = `
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed-by-ci }
spec:
  images: [{ glob: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/**" }]
  authorities:
    - keyless:
        url: https://fulcio.sigstore.dev
        identities: [{ issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main" }]
`;

const signed = (signers: string[]) => ({ verified: true, signers });
const POLICY = { keys: ['cosign.pub (SHA256:3Tq8…)'], identities: [] };

/** The admission half judges clusters (and their snapshots) only: every case here is one. */
function ofCluster(cases: CheckCases): CheckCases {
  const cluster = (testCase: CheckCase): CheckCase => ({ ...testCase, source: { type: 'cluster', ...testCase.source } });
  return { ...cases, pass: cases.pass.map(cluster), fail: cases.fail.map(cluster), ...(cases.notEvaluated ? { notEvaluated: cases.notEvaluated.map(cluster) } : {}) };
}

describeCheck(check, ofCluster({
  pass: [
    {
      name: 'Kyverno verifyImages enforced per entry, no image scan',
      yaml: `${WEB}---${KYVERNO_ENFORCE}`,
    },
    {
      name: 'Sigstore policy-controller enforcing in an opted-in namespace, and every running image verified',
      source: { type: 'cluster' },
      images: scanned(
        [
          image({ digest: WEB_DIGEST, references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'], signature: signed(['cosign.pub (SHA256:3Tq8…)']) }),
          image({ references: ['nginx:1.27'], signature: signed(['cosign.pub (SHA256:3Tq8…)']) }),
        ],
        { signatures: POLICY },
      ),
      yaml: `${WEB}---${SIGSTORE}---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { policy.sigstore.dev/include: "true" } }
`,
    },
    {
      name: 'a Ratify constraint (deny by default)',
      yaml: `${WEB}---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: RatifyVerification
metadata: { name: ratify-constraint }
spec:
  match: { kinds: [{ apiGroups: [""], kinds: [Pod] }] }
`,
    },
    {
      name: 'the eksguard webhook with its signature gate in enforce',
      yaml: `${WEB}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: eksguard-webhook.eksguard }
webhooks:
  - name: validate.eksguard.dev
    clientConfig: { service: { namespace: eksguard, name: eksguard-webhook, path: /validate } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: eksguard-webhook-config, namespace: eksguard }
data:
  .eksguard.yaml: |
    admission:
      images:
        signatures: { mode: enforce }
`,
    },
  ],
  fail: [
    {
      name: 'no admission at all, signatures not checked',
      yaml: WEB,
      expect: [
        {
          resource: 'Cluster/cluster',
          message:
            'No admission controller denies images whose signature does not verify; the signatures of the images running now were not checked either',
        },
      ],
    },
    {
      name: 'verifiers that only audit or warn, and policies nobody opted into',
      yaml: `${WEB}---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: audit-only }
spec:
  rules: [{ name: r, match: { any: [{ resources: { kinds: [Pod] } }] }, verifyImages: [{ imageReferences: ["*"] }] }]
---${SIGSTORE}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: eksguard-webhook.eksguard }
webhooks: [{ name: validate.eksguard.dev, clientConfig: { service: { namespace: eksguard, name: eksguard-webhook } } }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: eksguard-webhook-config, namespace: eksguard }
data:
  .eksguard.yaml: "admission: { images: { signatures: { mode: warn } } }"
`,
      expect: [
        {
          resource: 'Cluster/cluster',
          message:
            'found but not enforcing: Kyverno ClusterPolicy audit-only (in Audit mode), Sigstore policy-controller ClusterImagePolicy signed-by-ci (no namespace is labelled policy.sigstore.dev/include=true), eksguard webhook eksguard-webhook.eksguard (signature gate in warn mode)',
        },
      ],
    },
    {
      name: 'an unsigned image and one signed by an untrusted identity, under enforcing admission',
      source: { type: 'cluster' },
      images: scanned(
        [
          image({ digest: WEB_DIGEST, references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'], signature: { verified: false, reason: 'no signature', signers: [] } }),
          image({
            references: ['nginx:1.27'],
            signature: { verified: false, reason: 'no trusted signer', signers: ['mallory@example.com (https://accounts.google.com)'] },
          }),
        ],
        { signatures: POLICY },
      ),
      yaml: `${WEB}---${KYVERNO_ENFORCE}`,
      expect: [
        { resource: 'Deployment/shop/web', container: 'web', path: 'spec.template.spec.containers[0].image', message: 'which is not signed (no signature); trusted: key cosign.pub' },
        { container: 'proxy', path: 'spec.template.spec.containers[1].image', message: 'signed only by mallory@example.com (https://accounts.google.com), none of them trusted' },
      ],
    },
    {
      name: 'hostile signer lists are cut, escape characters dropped',
      source: { type: 'cluster' },
      images: scanned(
        [image({ references: ['nginx:1.27'], signature: { verified: false, signers: Array.from({ length: 1000 }, (_, i) => `\u001b[2Jkey-${i}`) } })],
        { signatures: POLICY },
      ),
      yaml: `${WEB.replace(/.*shop\/web.*\n/, '')}---${KYVERNO_ENFORCE}`,
      expect: [{ container: 'proxy', message: /signed only by \[2Jkey-0, \[2Jkey-1, \[2Jkey-2, \[2Jkey-3, \[2Jkey-4 and 995 more, none/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'signatures that could not be checked, an unreadable image, and an image the scan missed',
      source: { type: 'cluster' },
      images: scanned(
        [
          image({ digest: WEB_DIGEST, references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'], signature: { verified: false, signers: [], error: 'registry timed out' } }),
          image({ digest: undefined, references: ['nginx:1.27'], error: 'registry answered 401 Unauthorized' }),
        ],
        { signatures: POLICY },
      ),
      // No enforcing admission: the cluster half fails, which a not-evaluated case allows.
      yaml: `${WEB}---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: ops }
spec: { containers: [{ name: sh, image: "busybox:1.36" }] }
`,
      expect: [
        { container: 'web', message: 'the signature of image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3" could not be checked: registry timed out' },
        { container: 'proxy', message: 'could not be read: registry answered 401 Unauthorized' },
        { resource: 'Pod/ops/debug', container: 'sh', message: 'image "busybox:1.36" was not scanned' },
      ],
    },
  ],
}));

describe('sc-signature-not-verified on manifests', () => {
  it('leaves the cluster half out: a folder of manifests does not show which admission controllers run', () => {
    expect(scanCase(check, { name: 'manifests', yaml: WEB }).results).toEqual([]);
  });
});
