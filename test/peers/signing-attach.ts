/**
 * Attestations and Sigstore bundles attached to a test image: DSSE envelopes in cosign's `.att`
 * tag, and bundles as referrers through the OCI tag-schema fallback (distribution 2.8 has no
 * referrers API). Signatures come from the openssl CLI (see signing-cosign.ts).
 */
import type { KeyObject } from 'node:crypto';
import { opensslSign, type OpensslScheme } from './signing-cosign.js';
import { pushBlob, pushManifest, sha256, type SigningRegistry } from './signing-registry.js';

export const DSSE = 'application/vnd.dsse.envelope.v1+json';
export const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', content: Buffer.from('{}') };

export function inTotoStatement(digest: string, predicateType: string, name = 'image'): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name, digest: { sha256: digest.slice(7) } }],
      predicateType,
      predicate: { note: 'eksguard test' },
    }),
  );
}

function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);
}

export async function dsseEnvelope(workDir: string, key: KeyObject, scheme: OpensslScheme, statement: Buffer) {
  const payloadType = 'application/vnd.in-toto+json';
  const sig = await opensslSign(workDir, key, scheme, pae(payloadType, statement));
  return { payloadType, payload: statement.toString('base64'), signatures: [{ keyid: '', sig: sig.toString('base64') }] };
}

async function pushOciManifest(registry: SigningRegistry, repository: string, reference: string, doc: object): Promise<string> {
  return pushManifest(registry.host, repository, reference, Buffer.from(JSON.stringify(doc)), OCI_MANIFEST);
}

/** The `.att` tag: one DSSE layer per envelope given (raw bytes, so tests can break them). */
export async function attachAttestations(registry: SigningRegistry, repository: string, digest: string, envelopes: Buffer[]): Promise<void> {
  const layers = [];
  for (const env of envelopes) {
    const blob = await pushBlob(registry.host, repository, env);
    layers.push({ mediaType: DSSE, digest: blob.digest, size: blob.size, annotations: { predicateType: 'unknown' } });
  }
  const config = await pushBlob(registry.host, repository, Buffer.from(JSON.stringify({ architecture: '', os: '', config: {}, rootfs: { type: 'layers', diff_ids: [] } })));
  await pushOciManifest(registry, repository, `${digest.replace(':', '-')}.att`, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers,
  });
}

/** A bundle as a referrer of `digest`, listed in the fallback index at tag `sha256-<hex>`. */
export async function attachBundleReferrers(registry: SigningRegistry, repository: string, digest: string, bundles: Buffer[]): Promise<void> {
  const empty = await pushBlob(registry.host, repository, EMPTY.content);
  const image = await registry.source.manifest(repository, digest);
  if (!image) throw new Error(`image ${digest} is not in ${repository}`);
  const manifests = [];
  for (const bundle of bundles) {
    const blob = await pushBlob(registry.host, repository, bundle);
    const doc = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_V03,
      config: { mediaType: EMPTY.mediaType, digest: empty.digest, size: empty.size },
      layers: [{ mediaType: BUNDLE_V03, digest: blob.digest, size: blob.size }],
      subject: { mediaType: OCI_MANIFEST, digest, size: image.bytes.length },
    };
    const bytes = Buffer.from(JSON.stringify(doc));
    const pushed = await pushManifest(registry.host, repository, sha256(bytes), bytes, OCI_MANIFEST);
    manifests.push({ mediaType: OCI_MANIFEST, digest: pushed, size: bytes.length, artifactType: BUNDLE_V03 });
  }
  await pushManifest(registry.host, repository, digest.replace(':', '-'), Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests })), OCI_INDEX);
}

/** A key-based v0.3 bundle (public-key hint, no log entries) around a DSSE envelope. */
export function keyBundle(envelope: object, hint: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      mediaType: BUNDLE_V03,
      verificationMaterial: { publicKey: { hint }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
      dsseEnvelope: envelope,
    }),
  );
}
