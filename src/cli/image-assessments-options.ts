/**
 * The `--scan-images` options of `scan cluster`, `collect` and `scan manifests`, and the hook
 * that attaches the images section to the inventory before the checks run (and before a
 * snapshot is written, so `scan snapshot` reads the same results offline).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { inventoryFromSnapshot, snapshotOf, type Snapshot } from '../inventory/snapshot.js';
import type { ImageAssessments, Inventory } from '../model/index.js';
import { ecrRegion } from '../images/registry/ecr.js';
import { parseImageRef } from '../images/registry/image-ref.js';
import { parsePublicKey, parseTrustedRoot, type VerificationPolicy } from '../images/signatures/index.js';
import { DB_FILE } from '../images/vulns/osv-db.js';
import { openDatabase, ScanCache, type OsvDatabase } from '../images/vulns/index.js';
import { awsEndpoints, clusterSourceOptions, collectToSnapshot, envCredentials, saveSnapshot, type CollectionFlags } from './cluster-source.js';
import { UsageError } from './exit-codes.js';
import { assessImages, DEFAULT_IMAGE_CONCURRENCY, imageReferences, type ImageAssessOptions } from './image-assessments.js';
import { cacheDir, dbDir, registryOptions } from './image-command-options.js';
import type { CliIo } from './io.js';
import { parseWhole } from './option-values.js';
import { progress } from './progress.js';
import type { LoadedSource } from './sources.js';
import { VERSION } from './version.js';

export interface ImageScanFlags {
  scanImages?: boolean;
  imageDb?: string;
  verifyKey?: string[];
  verifyIdentity?: string;
  verifyIssuer?: string;
  trustedRoot?: string;
  imageConcurrency?: string;
}

/** The AWS side of the run, for ECR registries: the cluster scan's profile (the region comes from each registry's host). */
export interface ImageAwsContext {
  region?: string;
  profile?: string;
}

export function addImageScanOptions(command: Command): Command {
  return command
    .option('--scan-images', "read every image the workloads run from its registry: packages, known vulnerabilities (OSV database), and signatures with --verify-key/--verify-identity; each distinct digest once", false)
    .option('--image-db <dir>', 'the vulnerability database `eksguard db update` built (default ~/.eksguard/osv)')
    .option('--verify-key <file>', 'with --scan-images: a trusted cosign public key (PEM); repeatable', (value: string, previous: string[] = []) => [...previous, value])
    .option('--verify-identity <subject>', 'with --scan-images: a trusted keyless signer identity (email or URI SAN), with --verify-issuer and --trusted-root')
    .option('--verify-issuer <url>', 'with --verify-identity: the OIDC issuer of that identity')
    .option('--trusted-root <file>', 'a Sigstore trusted_root.json: required for keyless; makes transparency-log entries required for keys')
    .option('--image-concurrency <n>', `images read at once (default ${DEFAULT_IMAGE_CONCURRENCY})`);
}

function readInput(io: CliIo, file: string, flag: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${(error as Error).message}`);
  }
}

function signaturePolicy(flags: ImageScanFlags, io: CliIo): ImageAssessOptions['signatures'] {
  const keyFiles = flags.verifyKey ?? [];
  const keyless = flags.verifyIdentity !== undefined || flags.verifyIssuer !== undefined;
  if (keyFiles.length === 0 && !keyless) {
    if (flags.trustedRoot) throw new UsageError('--trusted-root needs --verify-key or --verify-identity');
    return undefined;
  }
  const policy: VerificationPolicy = {};
  if (keyFiles.length > 0) {
    policy.keys = keyFiles.map((file) => {
      try {
        return parsePublicKey(readInput(io, file, '--verify-key'));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`--verify-key ${file}: ${(error as Error).message}`);
      }
    });
  }
  const identities: string[] = [];
  if (keyless) {
    if (!flags.verifyIdentity || !flags.verifyIssuer) throw new UsageError('--verify-identity and --verify-issuer go together (the signer identity and its OIDC issuer)');
    if (!flags.trustedRoot) throw new UsageError('keyless verification needs --trusted-root (a Sigstore trusted_root.json; eksguard ships none)');
    policy.identities = [{ subject: flags.verifyIdentity, issuer: flags.verifyIssuer }];
    identities.push(`${flags.verifyIdentity} (${flags.verifyIssuer})`);
  }
  if (flags.trustedRoot) {
    try {
      policy.trustedRoot = parseTrustedRoot(readInput(io, flags.trustedRoot, '--trusted-root'), flags.trustedRoot);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--trusted-root: ${(error as Error).message}`);
    }
  }
  return { policy, keys: keyFiles, identities };
}

/** The database, or none (with a warning) when the default one was never built. */
function openImageDb(flags: ImageScanFlags, io: CliIo): OsvDatabase | undefined {
  const dir = dbDir(io, flags.imageDb);
  if (!flags.imageDb && !existsSync(join(dir, DB_FILE))) {
    io.stderr.write(`eksguard: no vulnerability database in ${dir}: images are read for packages${flags.verifyKey || flags.verifyIdentity ? ' and signatures' : ''} only (run \`eksguard db update\`, or give --image-db)\n`);
    return undefined;
  }
  try {
    return openDatabase(dir);
  } catch (error) {
    throw new UsageError(`--image-db ${dir}: ${(error as Error).message}`);
  }
}

/** ECR registries: static keys from the environment, else the profile's credentials, resolved once and only when an ECR image is run. */
async function ecrCredentialsFor(references: readonly string[], aws: ImageAwsContext, io: CliIo): Promise<AwsCredentialIdentity | undefined> {
  const fromEnv = envCredentials(io.env, aws.profile);
  if (fromEnv || aws.profile === undefined) return fromEnv;
  const usesEcr = references.some((reference) => {
    try {
      return ecrRegion(parseImageRef(reference).registry) !== undefined;
    } catch {
      return false;
    }
  });
  if (!usesEcr) return undefined;
  const sts = new STSClient({ ...(aws.region ? { region: aws.region } : {}), profile: aws.profile });
  try {
    return await sts.config.credentials();
  } finally {
    sts.destroy();
  }
}

export interface ImageScanPlan {
  /** The images section for this inventory; registry faults are recorded in it, never thrown. */
  assess(inventory: Pick<Inventory, 'objects'>): Promise<ImageAssessments>;
  close(): void;
}

/**
 * Checks the image flags before any collection starts (a typo in a key path should not cost a
 * ten-minute collection); undefined without --scan-images.
 */
export function prepareImageScan(flags: ImageScanFlags, io: CliIo, aws: ImageAwsContext): ImageScanPlan | undefined {
  if (!flags.scanImages) {
    const given = [flags.imageDb && '--image-db', flags.verifyKey && '--verify-key', flags.verifyIdentity && '--verify-identity', flags.imageConcurrency && '--image-concurrency'].filter(Boolean);
    if (given.length > 0) throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'needs' : 'need'} --scan-images`);
    return undefined;
  }
  const concurrency = flags.imageConcurrency === undefined ? DEFAULT_IMAGE_CONCURRENCY : parseWhole(flags.imageConcurrency, '--image-concurrency', 1, 32);
  const signatures = signaturePolicy(flags, io);
  const registry = registryOptions(io, { insecure: false });
  const db = openImageDb(flags, io);
  const cache = new ScanCache(cacheDir(io));
  const endpoint = awsEndpoints(io.env).ecr;
  return {
    async assess(inventory) {
      const references = imageReferences(inventory);
      const credentials = await ecrCredentialsFor(references, aws, io);
      const status = progress(io.stderr);
      let images: ImageAssessments;
      try {
        images = await assessImages(references, {
          registry: { ...registry, ecr: { ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) } },
          ...(db ? { db } : {}),
          cache,
          ...(signatures ? { signatures } : {}),
          concurrency,
          onProgress: (text) => status.update(text),
        });
      } finally {
        status.done();
      }
      const unread = images.images.filter((image) => image.error !== undefined).length;
      io.stderr.write(
        `eksguard: images: ${references.length} references, ${images.images.length - unread} images scanned${unread > 0 ? `, ${unread} could not be read (their containers are not evaluated)` : ''}\n`,
      );
      return images;
    },
    close() {
      db?.close();
    },
  };
}

/**
 * `collect`: the cluster's snapshot, with the images section when asked. The images are attached
 * to the inventory and the snapshot made again from it, so its canonical form is the usual one.
 */
export async function collectSnapshotWithImages(flags: CollectionFlags & ImageScanFlags, io: CliIo): Promise<Awaited<ReturnType<typeof collectToSnapshot>>> {
  const options = clusterSourceOptions(flags, io.env);
  const plan = prepareImageScan(flags, io, { region: options.region, ...(options.profile !== undefined ? { profile: options.profile } : {}) });
  const collected = await collectToSnapshot(flags, io);
  if (!plan) return collected;
  try {
    collected.collection.inventory.images = await plan.assess(collected.collection.inventory);
  } finally {
    plan.close();
  }
  const snapshot: Snapshot = snapshotOf(collected.collection.inventory, { toolVersion: VERSION });
  return { ...collected, snapshot };
}

/** `scan cluster --scan-images`: as the cluster source, through the same snapshot `collect --scan-images` writes. */
export async function loadClusterSourceWithImages(flags: CollectionFlags & ImageScanFlags, io: CliIo): Promise<LoadedSource> {
  const { options, snapshot } = await collectSnapshotWithImages(flags, io);
  if (flags.saveSnapshot) saveSnapshot(flags.saveSnapshot, snapshot);
  const { inventory, inputErrors } = inventoryFromSnapshot(snapshot, `cluster ${options.name}`);
  return { input: { inventory, inputErrors }, collectionErrors: inventory.errors };
}

/** `scan manifests --scan-images`: the images the manifests name, attached in place. */
export async function attachManifestImages(source: LoadedSource, flags: ImageScanFlags, io: CliIo): Promise<boolean> {
  const plan = prepareImageScan(flags, io, {});
  if (!plan) return false;
  try {
    source.input.inventory.images = await plan.assess(source.input.inventory);
  } finally {
    plan.close();
  }
  return true;
}
