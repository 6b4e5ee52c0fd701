import type { EvidencePath } from '../../model/index.js';
import { ADMISSION_CONFIG_MODES, type AdmissionConfigMode, type ImageGateConfig } from './config-types.js';
import { describeValue, type Validator } from './validator.js';

const IMAGES_KEYS = ['signatures', 'vulnerabilities', 'whileUnknown', 'waitMs', 'ttlSeconds', 'allowPrivateRegistries'] as const;
const SIGNATURE_KEYS = ['mode', 'keys', 'identities', 'trustedRoot'] as const;
const IDENTITY_KEYS = ['issuer', 'subject', 'subjectRegExp'] as const;
const VULNERABILITY_KEYS = ['mode', 'minSeverity', 'onlyFixable', 'db'] as const;
const WHILE_UNKNOWN = ['deny', 'warn', 'allow'] as const;
/** The webhook answers within its budget (200 ms by default); image lookups get part of it. */
const DEFAULT_WAIT_MS = 100;
const MAX_WAIT_MS = 10_000;

/**
 * Reads `admission.images`; undefined when absent or when it names no gate. `remember` records
 * where the files it names sit, so the webhook can point at the line of a key it cannot read.
 */
export function readImageGateConfig(
  validator: Validator,
  value: unknown,
  path: EvidencePath,
  remember: (path: EvidencePath) => void = () => undefined,
): ImageGateConfig | undefined {
  if (value === undefined) return undefined;
  const map = validator.map(value, path);
  if (!map) return undefined;
  validator.knownKeys(map, path, IMAGES_KEYS);
  const config: ImageGateConfig = { whileUnknown: 'warn', waitMs: DEFAULT_WAIT_MS, ttlSeconds: 600, allowPrivateRegistries: false };
  const signatures = readSignatures(validator, map.signatures, [...path, 'signatures']);
  if (signatures) {
    config.signatures = signatures;
    remember([...path, 'signatures']);
    signatures.keys.forEach((_, index) => remember([...path, 'signatures', 'keys', index]));
    if (signatures.trustedRoot !== undefined) remember([...path, 'signatures', 'trustedRoot']);
  }
  const vulnerabilities = readVulnerabilities(validator, map.vulnerabilities, [...path, 'vulnerabilities']);
  if (vulnerabilities) {
    config.vulnerabilities = vulnerabilities;
    remember([...path, 'vulnerabilities']);
    if (vulnerabilities.db !== undefined) remember([...path, 'vulnerabilities', 'db']);
  }
  if (map.whileUnknown !== undefined) {
    if ((WHILE_UNKNOWN as readonly unknown[]).includes(map.whileUnknown)) config.whileUnknown = map.whileUnknown as ImageGateConfig['whileUnknown'];
    else validator.fail([...path, 'whileUnknown'], `must be one of ${WHILE_UNKNOWN.join(', ')}, not ${describeValue(map.whileUnknown)}`);
  }
  const waitMs = wholeNumber(validator, map.waitMs, [...path, 'waitMs'], 0, MAX_WAIT_MS);
  if (waitMs !== undefined) config.waitMs = waitMs;
  const ttl = wholeNumber(validator, map.ttlSeconds, [...path, 'ttlSeconds'], 1, 7 * 86_400);
  if (ttl !== undefined) config.ttlSeconds = ttl;
  config.allowPrivateRegistries = validator.boolean(map.allowPrivateRegistries, [...path, 'allowPrivateRegistries']) ?? false;
  if (!config.signatures && !config.vulnerabilities) {
    validator.fail(path, 'needs `signatures`, `vulnerabilities` or both: image gates that check nothing are a mistake');
    return undefined;
  }
  return config;
}

function readSignatures(validator: Validator, value: unknown, path: EvidencePath): ImageGateConfig['signatures'] {
  if (value === undefined) return undefined;
  const map = validator.map(value, path);
  if (!map) return undefined;
  validator.knownKeys(map, path, SIGNATURE_KEYS);
  const keys = validator.stringList(map.keys, [...path, 'keys']) ?? [];
  const identities = readIdentities(validator, map.identities, [...path, 'identities']);
  const trustedRoot = validator.string(map.trustedRoot, [...path, 'trustedRoot']);
  if (keys.length === 0 && identities.length === 0) {
    validator.fail(path, 'needs `keys` or `identities`: who must have signed the images');
    return undefined;
  }
  if (identities.length > 0 && trustedRoot === undefined) {
    validator.fail([...path, 'trustedRoot'], 'is required with `identities`: keyless signatures are verified against a Sigstore trusted root');
  }
  const signatures: NonNullable<ImageGateConfig['signatures']> = { mode: readMode(validator, map.mode, [...path, 'mode']), keys, identities };
  if (trustedRoot !== undefined) signatures.trustedRoot = trustedRoot;
  return signatures;
}

function readIdentities(validator: Validator, value: unknown, path: EvidencePath): NonNullable<ImageGateConfig['signatures']>['identities'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    validator.fail(path, `must be a list of { issuer, subject | subjectRegExp }, not ${describeValue(value)}`);
    return [];
  }
  const identities: NonNullable<ImageGateConfig['signatures']>['identities'] = [];
  value.forEach((item: unknown, index) => {
    const itemPath = [...path, index];
    const map = validator.map(item, itemPath);
    if (!map) return;
    validator.knownKeys(map, itemPath, IDENTITY_KEYS);
    const issuer = validator.string(map.issuer, [...itemPath, 'issuer']);
    const subject = validator.string(map.subject, [...itemPath, 'subject']);
    const subjectRegExp = validator.string(map.subjectRegExp, [...itemPath, 'subjectRegExp']);
    if (issuer === undefined) validator.fail(itemPath, 'needs `issuer`: the OIDC issuer that vouched for the signer');
    if ((subject === undefined) === (subjectRegExp === undefined)) validator.fail(itemPath, 'needs exactly one of `subject` and `subjectRegExp`');
    if (subjectRegExp !== undefined) {
      try {
        new RegExp(subjectRegExp);
      } catch (error) {
        validator.fail([...itemPath, 'subjectRegExp'], `is not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    if (issuer === undefined || (subject === undefined) === (subjectRegExp === undefined)) return;
    identities.push({ issuer, ...(subject !== undefined ? { subject } : { subjectRegExp }) });
  });
  return identities;
}

function readVulnerabilities(validator: Validator, value: unknown, path: EvidencePath): ImageGateConfig['vulnerabilities'] {
  if (value === undefined) return undefined;
  const map = validator.map(value, path);
  if (!map) return undefined;
  validator.knownKeys(map, path, VULNERABILITY_KEYS);
  const vulnerabilities: NonNullable<ImageGateConfig['vulnerabilities']> = {
    mode: readMode(validator, map.mode, [...path, 'mode']),
    minSeverity: validator.severity(map.minSeverity, [...path, 'minSeverity']) ?? 'critical',
    onlyFixable: validator.boolean(map.onlyFixable, [...path, 'onlyFixable']) ?? false,
  };
  const db = validator.string(map.db, [...path, 'db']);
  if (db !== undefined) vulnerabilities.db = db;
  return vulnerabilities;
}

/** A gate without a mode enforces: it was configured to keep images out. */
function readMode(validator: Validator, value: unknown, path: EvidencePath): AdmissionConfigMode {
  if (value === undefined) return 'enforce';
  if ((ADMISSION_CONFIG_MODES as readonly unknown[]).includes(value)) return value as AdmissionConfigMode;
  validator.fail(path, `must be one of ${ADMISSION_CONFIG_MODES.join(', ')}, not ${describeValue(value)}`);
  return 'enforce';
}

function wholeNumber(validator: Validator, value: unknown, path: EvidencePath, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  validator.fail(path, `must be a whole number from ${min} to ${max}, not ${describeValue(value)}`);
  return undefined;
}
