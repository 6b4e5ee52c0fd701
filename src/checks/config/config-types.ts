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
