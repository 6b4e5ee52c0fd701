import type { Severity } from '../../model/index.js';
import type { SourcePosition } from './yaml-source.js';

/** Which findings an exception covers: every field given must match. */
export interface ResourceSelector {
  /** Kind, exact or glob (`DaemonSet`). */
  kind?: string;
  /** Namespace glob; a cluster-scoped resource never matches a namespace selector. */
  namespace?: string;
  /** Name glob (`node-exporter*`). */
  name?: string;
  /** Labels that must all be present with these exact values. */
  labels?: Record<string, string>;
  /** Container name glob; findings about no container in particular never match it. */
  container?: string;
}

export interface ConfigException {
  /** Check ids or globs; `*` is every check. */
  checks: string[];
  /** Absent: every resource. */
  resources?: ResourceSelector;
  reason: string;
  /** Last day (YYYY-MM-DD, UTC) the exception applies. */
  expires?: string;
  /** Its index in the file's `exceptions` list, so later errors point at the right entry. */
  index?: number;
}

export type FailOn = Severity | 'none';

/** What the admission webhook does with a violation (see docs/configuration.md#admission). */
export const ADMISSION_CONFIG_MODES = ['enforce', 'warn', 'audit'] as const;
export type AdmissionConfigMode = (typeof ADMISSION_CONFIG_MODES)[number];

/** Namespaces (names or globs) that judge differently from the default. */
export interface AdmissionNamespaceRule {
  match: string[];
  /** Replaces `admission.mode` for checks `admission.checks` does not name. */
  mode?: AdmissionConfigMode;
  /** Per check (ids or globs) in these namespaces: wins over everything else. */
  checks: Record<string, AdmissionConfigMode>;
  /** Its index in `admission.namespaces`, so later errors point at the right entry. */
  index: number;
}

/** The `admission:` section: how the webhook treats each check's violations. */
export interface AdmissionConfig {
  mode: AdmissionConfigMode;
  /** Per check, ids or globs, in file order. */
  checks: Record<string, AdmissionConfigMode>;
  /** First matching rule applies. */
  namespaces: AdmissionNamespaceRule[];
  /** Names or globs never judged (kube-system and the webhook's own namespace always are not). */
  excludeNamespaces: string[];
  /** Enforced by the API server through the webhook's namespaceSelector, not by the server. */
  excludeNamespaceLabels: Record<string, string>;
  /** Findings below this severity are not judged at admission. */
  minSeverity: Severity;
  /** `admission.images`: the image signature and vulnerability gates, when configured. */
  images?: ImageGateConfig;
}

/**
 * `admission.images` (see docs/configuration.md#image-gates). Paths are resolved against the
 * configuration file's folder.
 */
export interface ImageGateConfig {
  signatures?: {
    mode: AdmissionConfigMode;
    /** Public key files (PEM): cosign key-based signatures. */
    keys: string[];
    /** Keyless signers: Fulcio certificate issuer and subject (exact, or a regular expression). */
    identities: { issuer: string; subject?: string; subjectRegExp?: string }[];
    /** Sigstore trusted_root.json, required for keyless signatures. */
    trustedRoot?: string;
  };
  vulnerabilities?: {
    mode: AdmissionConfigMode;
    minSeverity: Severity;
    onlyFixable: boolean;
    /** The OSV database folder built by `eksguard db update` (default ~/.eksguard/osv). */
    db?: string;
  };
  /** While an image's verdict is not known yet (cold cache, slow registry). */
  whileUnknown: 'deny' | 'warn' | 'allow';
  /** How long one review may wait for image lookups. */
  waitMs: number;
  /** How long a verdict is trusted before the image is looked up again. */
  ttlSeconds: number;
  /**
   * Read images from registries on loopback, link-local or private address literals (or
   * `localhost`). Off by default: a pod could otherwise make the webhook call internal services.
   */
  allowPrivateRegistries: boolean;
}

/** `admission:` when the file has none: warn on every finding of low severity or above. */
export function defaultAdmissionConfig(): AdmissionConfig {
  return { mode: 'warn', checks: {}, namespaces: [], excludeNamespaces: [], excludeNamespaceLabels: {}, minSeverity: 'low' };
}

export interface EksguardConfig {
  /** The file the configuration was read from; exceptions from it name it as their source. */
  file: string;
  checks: {
    /** When present, only these checks run (ids or globs). */
    enable?: string[];
    disable: string[];
    severity: Record<string, Severity>;
    options: Record<string, Record<string, unknown>>;
  };
  /** Apply the built-in EKS platform exceptions (default true). */
  baseline: boolean;
  exceptions: ConfigException[];
  /** Files or folders of custom checks, as written (relative to the configuration file). */
  customChecks: string[];
  /** Default for `--fail-on`. */
  failOn?: FailOn;
  /** The `admission:` section, when the file has one (else `defaultAdmissionConfig()`). */
  admission?: AdmissionConfig;
  /**
   * Where each value sits in the file, by dotted path (`exceptions[0].checks[1]`), so problems
   * found later (unknown check ids) still name file:line:column.
   */
  positions: ReadonlyMap<string, SourcePosition>;
}

/** The configuration in force when there is no `.eksguard.yaml`. */
export function defaultConfig(file = ''): EksguardConfig {
  return {
    file,
    checks: { disable: [], severity: {}, options: {} },
    baseline: true,
    exceptions: [],
    customChecks: [],
    positions: new Map(),
  };
}
