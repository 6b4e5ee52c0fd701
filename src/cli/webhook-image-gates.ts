/**
 * The image gates of `eksguard webhook serve`, built from `admission.images` of `.eksguard.yaml`:
 * the trusted keys and root read from files next to the configuration, the OSV database opened,
 * and a judge behind a verdict cache that answers each review within `waitMs`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { imageGate } from '../admission/image-gate.js';
import { ImageVerdictCache, type ImageLookupEvent } from '../admission/image-verdict-cache.js';
import type { VerdictGate } from '../admission/verdict-types.js';
import { formatConfigError, type EksguardConfig } from '../checks/config/index.js';
import type { EvidencePath } from '../model/index.js';
import type { ImageGateConfig } from '../checks/config/config-types.js';
import { createImageJudge, type ImageJudge, type JudgePolicy } from '../images/judge.js';
import { ecrCredentials } from '../images/registry/ecr.js';
import { parseImageRef } from '../images/registry/image-ref.js';
import { privateRegistryReason } from '../images/registry/private-address.js';
import { parsePublicKey, parseTrustedRoot, type VerificationPolicy } from '../images/signatures/index.js';
import { openDatabase, type OsvDatabase } from '../images/vulns/index.js';
import { DB_FILE } from '../images/vulns/osv-db.js';
import { UsageError } from './exit-codes.js';
import { homeOf } from './image-command-options.js';
import type { CliIo } from './io.js';

/** A failed lookup (registry down, credentials refused) is tried again after this. */
const ERROR_TTL_MS = 30_000;
/** Distinct image references remembered; a cluster runs a few hundred, a busy one a few thousand. */
const MAX_ENTRIES = 5_000;
/**
 * Background lookups at once: each holds registry connections and, scanning, a layer stream and
 * up to WEBHOOK_LIMITS.maxTotalBytes of extracted files.
 */
const MAX_RUNNING = 4;
/**
 * Longest one lookup may take, all requests together: a registry dripping a byte at a time never
 * trips REGISTRY_TIMEOUT_MS (a stall timer), and would otherwise hold a MAX_RUNNING slot for hours.
 */
export const LOOKUP_DEADLINE_MS = 20_000;
/**
 * Extraction limits for images any pod may name, read in the webhook's own memory: the package
 * databases the scan wants are a few MiB, far below the CLI's limits (512 MiB kept, 8 GiB a layer).
 */
const WEBHOOK_LIMITS = { maxTotalBytes: 64 * 1024 ** 2, maxLayerBytes: 2 * 1024 ** 3 };
const WEBHOOK_MAX_BLOB_BYTES = 2 * 1024 ** 3;
/**
 * Registry calls of a background lookup: shorter than the CLI's 30 s so a hanging registry frees
 * the lookup (and lets it be retried after ERROR_TTL_MS) instead of holding it for minutes.
 */
const REGISTRY_TIMEOUT_MS = 10_000;
const REGISTRY_RETRIES = 1;

export interface ImageGates {
  gate: VerdictGate;
  cache: ImageVerdictCache;
  /** One line for the startup log: what is checked and how. */
  summary: string;
  /** Where lookups are counted (the server's metrics, once it runs). */
  observe(sink: (event: ImageLookupEvent) => void): void;
  close(): void;
}

type ConfigSource = Pick<EksguardConfig, 'admission' | 'file' | 'positions'>;

/** The configuration being wired, and the folders its paths are read against. */
interface Site {
  config: ConfigSource;
  cwd: string;
  /** The configuration file's folder. */
  base: string;
}

const SECTION: EvidencePath = ['admission', 'images'];

/** `file:line:col: path: message`, as configuration errors are written everywhere else (the parser remembers where each file it names sits). */
function configError(site: Site, path: EvidencePath, message: string): UsageError {
  const dotted = path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('').slice(1);
  const { config } = site;
  const position = config.positions.get(dotted);
  return new UsageError(`configuration error: ${formatConfigError({ file: config.file, ...position, path: dotted, message })}`);
}

/** A file the configuration names, parsed; either failure names the file and the configuration line. */
function readConfigured<T>(site: Site, file: string, path: EvidencePath, what: string, parse: (text: string, full: string) => T): T {
  const full = resolve(site.base, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw configError(site, path, `cannot read ${full}: ${(error as Error).message}`);
  }
  try {
    return parse(text, full);
  } catch (error) {
    throw configError(site, path, `${full} is not ${what}: ${(error as Error).message}`);
  }
}

function verificationPolicy(site: Site, signatures: NonNullable<ImageGateConfig['signatures']>): VerificationPolicy {
  const at = [...SECTION, 'signatures'];
  const policy: VerificationPolicy = {};
  if (signatures.keys.length > 0) {
    policy.keys = signatures.keys.map((file, index) => readConfigured(site, file, [...at, 'keys', index], 'a usable public key', (text) => parsePublicKey(text)));
  }
  if (signatures.identities.length > 0) policy.identities = signatures.identities.map((identity) => ({ ...identity }));
  if (signatures.trustedRoot !== undefined) {
    policy.trustedRoot = readConfigured(site, signatures.trustedRoot, [...at, 'trustedRoot'], 'a Sigstore trusted root', (text, full) => parseTrustedRoot(text, full));
  }
  return policy;
}

function database(site: Site, io: CliIo, db: string | undefined): OsvDatabase {
  const path = db === undefined ? [...SECTION, 'vulnerabilities'] : [...SECTION, 'vulnerabilities', 'db'];
  const dir = db === undefined ? join(homeOf(io), '.eksguard', 'osv') : resolve(site.base, db);
  if (!existsSync(join(dir, DB_FILE))) {
    throw configError(site, path, `no vulnerability database in ${dir}: run \`eksguard db update${db === undefined ? '' : ` --db ${dir}`}\` first (the vulnerability gate needs it)`);
  }
  try {
    return openDatabase(dir);
  } catch (error) {
    throw configError(site, path, `cannot open the vulnerability database in ${dir}: ${(error as Error).message}`);
  }
}

/**
 * The judge as the webhook runs it. Pods name their images freely, and the image readers also
 * open `oci:DIR`, `docker-archive:FILE` and local paths: the webhook must never read its own file
 * system on a requester's word, nor (unless allowed) call loopback, link-local or private
 * addresses. Each lookup gets the cache's deadline signal, passed down to every registry request.
 */
export function webhookJudge(policy: JudgePolicy, allowPrivateRegistries: boolean): ImageJudge {
  const judge = createImageJudge(policy);
  return {
    judge(image, signal) {
      if (/^(oci:|docker-archive:|\.{0,2}\/)/.test(image)) return Promise.resolve({ error: `${image} is not a registry reference` });
      if (!allowPrivateRegistries) {
        let registry: string;
        try {
          registry = parseImageRef(image).registry;
        } catch (error) {
          return Promise.resolve({ error: error instanceof Error ? error.message : String(error) });
        }
        const reason = privateRegistryReason(registry);
        if (reason) return Promise.resolve({ error: `registry ${registry} is refused: ${reason} (admission.images.allowPrivateRegistries is false)` });
      }
      return judge.judge(image, signal);
    },
  };
}

/**
 * The gates `admission.images` asks for, or undefined when the section is absent. Startup errors
 * (unreadable key, missing database) are UsageErrors naming the file and the configuration line:
 * a webhook that silently dropped a gate would admit what it was set up to keep out.
 */
export function imageGatesFrom(config: ConfigSource, io: CliIo): ImageGates | undefined {
  const images = config.admission?.images;
  if (!images) return undefined;
  const site: Site = { config, cwd: io.cwd, base: config.file ? dirname(resolve(io.cwd, config.file)) : io.cwd };
  const dockerConfig = join(io.env.DOCKER_CONFIG ?? join(homeOf(io), '.docker'), 'config.json');
  const registry: NonNullable<JudgePolicy['registry']> = {
    // One ECR provider for every lookup, so its token (valid 12 hours) is fetched once, not per image.
    credentials: ecrCredentials(),
    ecr: false,
    // Present at startup, then read at each lookup: a rotated Secret is picked up without a restart.
    dockerConfig: existsSync(dockerConfig) ? dockerConfig : false,
    timeoutMs: REGISTRY_TIMEOUT_MS,
    retries: REGISTRY_RETRIES,
    limits: WEBHOOK_LIMITS,
    maxBlobBytes: WEBHOOK_MAX_BLOB_BYTES,
  };
  const policy: JudgePolicy = { registry };
  if (images.signatures) policy.signatures = verificationPolicy(site, images.signatures);
  let db: OsvDatabase | undefined;
  if (images.vulnerabilities) {
    db = database(site, io, images.vulnerabilities.db);
    policy.vulnerabilities = { db };
  }
  let sink: ((event: ImageLookupEvent) => void) | undefined;
  const cache = new ImageVerdictCache(webhookJudge(policy, images.allowPrivateRegistries), {
    ttlMs: images.ttlSeconds * 1000,
    errorTtlMs: ERROR_TTL_MS,
    maxEntries: MAX_ENTRIES,
    maxRunning: MAX_RUNNING,
    deadlineMs: LOOKUP_DEADLINE_MS,
    onEvent: (event) => sink?.(event),
  });
  const gate = imageGate(cache, {
    ...(images.signatures ? { signatures: { mode: images.signatures.mode } } : {}),
    ...(images.vulnerabilities ? { vulnerabilities: { mode: images.vulnerabilities.mode, minSeverity: images.vulnerabilities.minSeverity, onlyFixable: images.vulnerabilities.onlyFixable } } : {}),
    whileUnknown: images.whileUnknown,
    waitMs: images.waitMs,
  });
  const checked = [
    images.signatures ? `signatures (${images.signatures.mode}, ${images.signatures.keys.length} keys, ${images.signatures.identities.length} identities)` : '',
    images.vulnerabilities && db ? `vulnerabilities ${images.vulnerabilities.minSeverity} and above (${images.vulnerabilities.mode}, database ${db.version}, ${db.recordCount} records)` : '',
  ].filter(Boolean);
  return {
    gate,
    cache,
    summary: `image gates: ${checked.join(', ')}; while unknown ${images.whileUnknown}, wait ${images.waitMs} ms, cached ${images.ttlSeconds} s${images.allowPrivateRegistries ? ', private registries allowed' : ''}`,
    observe(next) {
      sink = next;
    },
    close() {
      db?.close();
    },
  };
}
