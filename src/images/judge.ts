/**
 * The image judge the admission webhook asks about each image reference: the digest it resolves
 * to, whether a trusted key or identity signed it, and its known vulnerabilities.
 */
import type { Severity } from '../model/index.js';
import { RegistrySource } from './registry/registry-source.js';
import { signatureSource } from './registry/signature-source.js';
import { ManifestMemo, openImage, scanImage, type ScanImageOptions } from './scan-image.js';
import { verifyImage, type ImageVerification, type VerificationPolicy } from './signatures/index.js';
import type { OsvDatabase, ScanCache } from './vulns/index.js';

/** What the judge found about one image reference. */
export interface ImageVerdict {
  /** The manifest digest the reference resolved to. */
  digest?: string;
  /** Present when signatures are checked. */
  signature?: { verified: boolean; reason?: string; signers?: string[] };
  /** Present when vulnerabilities are checked: every match, any severity. */
  vulnerabilities?: { id: string; severity: Severity; package: string; fixedVersions: string[] }[];
  /** The image could not be judged (registry unreachable, authentication, unreadable layers). */
  error?: string;
}

/** Looks an image up: pulls what it needs from the registry, verifies, scans. Slow; the webhook caches it. */
export interface ImageJudge {
  /** `signal` stops every registry read of this lookup (the webhook's deadline). */
  judge(image: string, signal?: AbortSignal): Promise<ImageVerdict>;
}

export interface JudgePolicy {
  /** Signatures are checked when given. */
  signatures?: VerificationPolicy;
  /** Vulnerabilities are matched when given. */
  vulnerabilities?: { db: OsvDatabase; cache?: ScanCache };
  /** Registry access: credentials, platform, size limits, timeouts. */
  registry?: Omit<ScanImageOptions, 'db' | 'cache'>;
}

/** Who signed, as an admission message names them: the key id, or identity and issuer. */
function signersOf(result: ImageVerification): string[] {
  const names = result.signatures
    .filter((s) => s.verified)
    .map((s) => s.keyId ?? (s.identity ? `${s.identity}${s.issuer ? ` (${s.issuer})` : ''}` : s.kind));
  return [...new Set(names)];
}

function signatureVerdict(result: ImageVerification): NonNullable<ImageVerdict['signature']> {
  if (result.verified) return { verified: true, signers: signersOf(result) };
  // A registry fault is the likelier cause of "no signature" than its absence: say both.
  const reason = [result.reason ?? 'no signature verified', ...result.errors].join('; ');
  return { verified: false, reason };
}

export function createImageJudge(policy: JudgePolicy): ImageJudge {
  return {
    async judge(image, signal) {
      const registryOptions = signal ? { ...policy.registry, signal } : policy.registry;
      let digest: string | undefined;
      try {
        const opened = await openImage(image, registryOptions);
        const source = new ManifestMemo(opened.source);
        digest = (await source.manifest()).digest;
        const verdict: ImageVerdict = { digest };
        if (policy.signatures) {
          if (!(opened.source instanceof RegistrySource)) throw new Error(`${image}: signatures are read from registries only`);
          const result = await verifyImage(signatureSource(opened.source.client), opened.ref.repository, digest, policy.signatures);
          verdict.signature = signatureVerdict(result);
        }
        if (policy.vulnerabilities) {
          const scan = await scanImage({ source, ref: opened.ref }, { ...registryOptions, ...policy.vulnerabilities });
          verdict.vulnerabilities = scan.vulnerabilities.map((v) => ({ id: v.id, severity: v.severity, package: v.package.name, fixedVersions: v.fixedVersions }));
        }
        return verdict;
      } catch (error) {
        return { ...(digest ? { digest } : {}), error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
