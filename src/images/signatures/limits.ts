/**
 * Caps on what a registry can make us read: signature manifests, payloads and bundles are small
 * in practice (a few KiB), so anything far larger is hostile or broken and is refused unread.
 */
export const LIMITS = {
  /** A signature, attestation or referrer manifest. */
  manifestBytes: 4 * 1024 * 1024,
  /** A simple-signing payload. */
  payloadBytes: 256 * 1024,
  /** A DSSE envelope or Sigstore bundle (attestation predicates such as SBOMs can be large). */
  envelopeBytes: 16 * 1024 * 1024,
  /** Signatures per signature manifest, referrers considered per image. */
  entries: 64,
} as const;
