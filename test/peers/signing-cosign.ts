/**
 * Cosign signatures in the legacy tag layout, made for tests without our verifier's code:
 * the simple-signing payload is signed by the openssl CLI, and the signature manifest is
 * written as cosign and containers/image write it (OCI manifest at tag `sha256-<hex>.sig`, one
 * `application/vnd.dev.cosign.simplesigning.v1+json` layer per signature, the base64 signature
 * in the `dev.cosignproject.cosign/signature` annotation).
 *
 * Debian bookworm's skopeo 1.9.3 refuses `--sign-by-sigstore-private-key` ("Debian-local change:
 * sigstore disabled"), so skopeo cannot sign here; it still copies sigstore attachments, which
 * the tests use to have an independent implementation re-write what we attach.
 */
import { execFile } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pushBlob, pushManifest, sha256, type SigningRegistry } from './signing-registry.js';

const run = promisify(execFile);

export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

/** The payload cosign and containers/image sign: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md */
export function simpleSigningPayload(dockerReference: string, manifestDigest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': dockerReference },
        image: { 'docker-manifest-digest': manifestDigest },
        type: 'cosign container image signature',
      },
      optional: { creator: 'eksguard test (openssl)' },
    }),
  );
}

export type OpensslScheme = 'ecdsa-sha256' | 'ed25519' | 'rsa-pkcs1-sha256' | 'rsa-pss-sha256';

/** Signs `data` with the openssl CLI (an implementation independent of node:crypto's use in our verifier). */
export async function opensslSign(workDir: string, key: KeyObject, scheme: OpensslScheme, data: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(join(workDir, 'openssl-'));
  const keyPath = join(dir, 'key.pem');
  const dataPath = join(dir, 'data');
  const sigPath = join(dir, 'sig');
  await writeFile(keyPath, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await writeFile(dataPath, data);
  const args =
    scheme === 'ed25519'
      ? ['pkeyutl', '-sign', '-rawin', '-inkey', keyPath, '-in', dataPath, '-out', sigPath]
      : ['dgst', '-sha256', '-sign', keyPath, '-out', sigPath];
  if (scheme === 'rsa-pss-sha256') args.splice(2, 0, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest');
  if (scheme !== 'ed25519') args.push(dataPath);
  await run('openssl', args);
  return readFile(sigPath);
}

export interface AttachedSignature {
  payload: Buffer;
  /** base64, as it goes in the annotation (tests may put anything there). */
  signature: string;
  extraAnnotations?: Record<string, string>;
}

/** Writes the signature manifest for `imageDigest` at `<repository>:sha256-<hex>.sig`. */
export async function attachCosignSignatures(
  registry: SigningRegistry,
  repository: string,
  imageDigest: string,
  signatures: AttachedSignature[],
): Promise<string> {
  const layers = [];
  for (const sig of signatures) {
    const blob = await pushBlob(registry.host, repository, sig.payload);
    layers.push({
      mediaType: SIMPLE_SIGNING,
      digest: blob.digest,
      size: blob.size,
      annotations: { [SIGNATURE_ANNOTATION]: sig.signature, ...sig.extraAnnotations },
    });
  }
  const config = Buffer.from(
    JSON.stringify({ architecture: '', os: '', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } }),
  );
  const configBlob = await pushBlob(registry.host, repository, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configBlob.digest, size: configBlob.size },
      layers,
    }),
  );
  const tag = `${imageDigest.replace(':', '-')}.sig`;
  await pushManifest(registry.host, repository, tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
  return sha256(manifest);
}

/**
 * Copies `from` to `to` with skopeo, sigstore attachments included: containers/image parses our
 * signature manifest and writes its own, so what lands at `to` was written by skopeo.
 */
export async function skopeoCopyWithSignatures(registry: SigningRegistry, from: string, to: string): Promise<void> {
  const dir = await mkdtemp(join(registry.workDir, 'copy-'));
  await writeFile(join(dir, 'registries.yaml'), `docker:\n  ${registry.host}:\n    use-sigstore-attachments: true\n`);
  const args = [
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    '--registries.d',
    dir,
    '--preserve-digests',
    `docker://${registry.host}/${from}`,
    `docker://${registry.host}/${to}`,
  ];
  try {
    await run('/usr/bin/skopeo', args, { env: { ...process.env, HOME: dir } });
  } catch (error) {
    throw new Error(`skopeo ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}
