/**
 * A Sigstore trusted root (`trusted_root.json`: Fulcio CAs, Rekor and CT log keys, TSAs), as the
 * user gives it. eksguard ships none: the public-good instance's root is distributed through
 * Sigstore's TUF repository (`sigstore/root-signing`, target `trusted_root.json`; `cosign
 * trusted-root create` or `sigstore-js`'s TUF client fetch it), and a private deployment has its own.
 */
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';

export interface TrustedRootMaterial {
  root: TrustedRoot;
}

export function parseTrustedRoot(json: string | Buffer, where = 'trusted root'): TrustedRootMaterial {
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString());
  } catch (error) {
    throw new Error(`${where} is not JSON: ${(error as Error).message}`);
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(doc);
    // Building the trust material parses every key and certificate: fail here, not per image.
    toTrustMaterial(root);
  } catch (error) {
    throw new Error(`${where} is not a Sigstore trusted root: ${(error as Error).message}`);
  }
  if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0) {
    throw new Error(`${where} has no certificate authorities and no transparency logs`);
  }
  return { root };
}

/** Trust material for one verification, with `keyFinder` answering key-based bundles' hints. */
export function trustMaterialFor(root: TrustedRootMaterial | undefined, keyFinder: TrustMaterial['publicKey']): TrustMaterial {
  if (root) return toTrustMaterial(root.root, keyFinder);
  return { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [], publicKey: keyFinder };
}
