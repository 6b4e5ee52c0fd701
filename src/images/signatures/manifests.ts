/** Reading signature-carrying manifests and their small blobs, hostile input in mind. */
import { DIGEST, isRecord, parseJson, sha256Digest } from './encoding.js';
import { LIMITS } from './limits.js';
import type { Descriptor, SignatureSource } from './source.js';

export interface ParsedManifest {
  digest: string;
  artifactType?: string;
  configMediaType?: string;
  layers: Descriptor[];
}

/** A descriptor as the spec requires it (media type, sha256 digest, non-negative size), or an error naming the field. */
export function readDescriptor(value: unknown, where: string): Descriptor | string {
  if (!isRecord(value)) return `${where} is not an object`;
  const { mediaType, digest, size, artifactType, annotations } = value;
  if (typeof mediaType !== 'string') return `${where}.mediaType is missing`;
  if (typeof digest !== 'string' || !DIGEST.test(digest)) return `${where}.digest is not a sha256 digest`;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return `${where}.size is not a size`;
  const descriptor: Descriptor = { mediaType, digest, size };
  if (typeof artifactType === 'string') descriptor.artifactType = artifactType;
  if (annotations !== undefined) {
    if (!isRecord(annotations)) return `${where}.annotations is not an object`;
    const strings: Record<string, string> = {};
    for (const [k, v] of Object.entries(annotations)) {
      if (typeof v !== 'string') return `${where}.annotations["${k}"] is not a string`;
      strings[k] = v;
    }
    descriptor.annotations = strings;
  }
  return descriptor;
}

/**
 * The manifest at `reference`, `undefined` when absent; throws with the reason when it is too
 * large, not JSON, or not an image manifest.
 */
export async function fetchManifest(source: SignatureSource, repository: string, reference: string): Promise<ParsedManifest | undefined> {
  const fetched = await source.manifest(repository, reference);
  if (!fetched) return undefined;
  const where = `manifest ${repository}:${reference}`;
  if (fetched.bytes.length > LIMITS.manifestBytes) throw new Error(`${where} is over ${LIMITS.manifestBytes} bytes`);
  const parsed = parseJson(fetched.bytes, where);
  if ('error' in parsed) throw new Error(parsed.error);
  const doc = parsed.value;
  if (!isRecord(doc) || !Array.isArray(doc.layers)) throw new Error(`${where} has no layers array (not an image manifest)`);
  if (doc.layers.length > LIMITS.entries) throw new Error(`${where} has ${doc.layers.length} layers, over ${LIMITS.entries}`);
  const layers: Descriptor[] = [];
  for (const [i, layer] of doc.layers.entries()) {
    const d = readDescriptor(layer, `${where} layers[${i}]`);
    if (typeof d === 'string') throw new Error(d);
    layers.push(d);
  }
  const config = isRecord(doc.config) ? doc.config : {};
  return {
    digest: sha256Digest(fetched.bytes),
    artifactType: typeof doc.artifactType === 'string' ? doc.artifactType : undefined,
    configMediaType: typeof config.mediaType === 'string' ? config.mediaType : undefined,
    layers,
  };
}

/** A blob named by a descriptor, refused over `cap` and checked against its digest (a registry may lie). */
export async function fetchBlob(source: SignatureSource, repository: string, descriptor: Descriptor, cap: number): Promise<Buffer> {
  if (descriptor.size > cap) throw new Error(`blob ${descriptor.digest} declares ${descriptor.size} bytes, over the ${cap}-byte cap`);
  const bytes = await source.blob(repository, descriptor.digest, cap);
  if (bytes.length > cap) throw new Error(`blob ${descriptor.digest} is over the ${cap}-byte cap`);
  if (sha256Digest(bytes) !== descriptor.digest) throw new Error(`blob ${descriptor.digest} does not match its digest`);
  return bytes;
}

/** `sha256:<hex>` → the cosign tag for it: `sha256-<hex>.sig`, `.att`. */
export const cosignTag = (digest: string, suffix: 'sig' | 'att'): string => `${digest.replace(':', '-')}.${suffix}`;
