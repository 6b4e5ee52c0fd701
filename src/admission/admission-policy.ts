import type { EvidencePath, Severity } from '../model/index.js';
import { severityRank } from '../model/index.js';
import { formatPath } from '../inventory/evidence-path.js';
import {
  compileGlob,
  compileGlobs,
  defaultAdmissionConfig,
  isGlob,
  type AdmissionConfig,
  type AdmissionConfigMode,
  type ConfigError,
  type EksguardConfig,
} from '../checks/config/index.js';
import type { AdmissionMode } from './verdict-types.js';

/** Namespaces never judged, whatever the file says: the control plane's own. */
export const ALWAYS_EXCLUDED_NAMESPACES = ['kube-system'] as const;

/** Bound on remembered namespace → rule lookups; a cluster has far fewer namespaces. */
const NAMESPACE_CACHE_LIMIT = 4096;

/**
 * The `admission:` section compiled once for the server: every glob turned into a matcher and
 * every check's mode worked out per namespace rule, so a request costs map lookups.
 */
export interface AdmissionPolicy {
  /** Why a namespace is not judged, or undefined when it is. */
  exclusion(namespace: string | undefined): string | undefined;
  /** What a violation of this check does in this namespace (cluster-scoped: undefined). */
  modeFor(checkId: string, namespace: string | undefined): AdmissionMode;
  /** Whether findings of this severity are judged at all. */
  judges(severity: Severity): boolean;
  /** Labels that exclude a namespace: for the webhook configuration's namespaceSelector. */
  readonly excludeNamespaceLabels: Readonly<Record<string, string>>;
}

export interface AdmissionPolicyOptions {
  /** The webhook's own namespace, always excluded so the webhook can always be repaired. */
  ownNamespace?: string | undefined;
}

/**
 * Compiles the section for the given admission-safe check ids. Precedence, most specific first:
 * the first namespace rule matching the namespace — its `checks` entry for the check; then
 * `admission.checks`; then that rule's `mode`; then `admission.mode`. Within one `checks` map
 * an exact id wins over globs, and among globs the first written wins.
 */
export function compileAdmissionPolicy(
  section: AdmissionConfig | undefined,
  checkIds: readonly string[],
  options: AdmissionPolicyOptions = {},
): AdmissionPolicy {
  const config = section ?? defaultAdmissionConfig();
  const perCheck = checkModeLookup(config.checks);
  const baseModes = new Map(checkIds.map((id) => [id, perCheck(id) ?? config.mode]));
  const rules = config.namespaces.map((rule) => {
    const ruleCheck = checkModeLookup(rule.checks);
    const modes = new Map(checkIds.map((id) => [id, ruleCheck(id) ?? perCheck(id) ?? rule.mode ?? config.mode]));
    return { matches: compileGlobs(rule.match), modes, fallback: rule.mode ?? config.mode };
  });

  const fixed = new Set<string>([...ALWAYS_EXCLUDED_NAMESPACES, ...(options.ownNamespace ? [options.ownNamespace] : [])]);
  const configured = compileGlobs(config.excludeNamespaces);
  const ruleIndex = new Map<string, number>();
  const ruleFor = (namespace: string): (typeof rules)[number] | undefined => {
    let index = ruleIndex.get(namespace);
    if (index === undefined) {
      index = rules.findIndex((rule) => rule.matches(namespace));
      if (ruleIndex.size >= NAMESPACE_CACHE_LIMIT) ruleIndex.clear();
      ruleIndex.set(namespace, index);
    }
    return index < 0 ? undefined : rules[index];
  };
  const minRank = severityRank(config.minSeverity);

  return {
    exclusion(namespace) {
      if (namespace === undefined) return undefined;
      if (fixed.has(namespace)) return `namespace "${namespace}" is always excluded`;
      if (configured(namespace)) return `namespace "${namespace}" is excluded by admission.excludeNamespaces`;
      return undefined;
    },
    modeFor(checkId, namespace) {
      const rule = namespace === undefined ? undefined : ruleFor(namespace);
      if (rule) return rule.modes.get(checkId) ?? rule.fallback;
      return baseModes.get(checkId) ?? config.mode;
    },
    judges: (severity) => severityRank(severity) >= minRank,
    excludeNamespaceLabels: config.excludeNamespaceLabels,
  };
}

/** The mode a `checks` map gives one id: its exact entry, else the first glob matching it. */
function checkModeLookup(entries: Record<string, AdmissionConfigMode>): (id: string) => AdmissionConfigMode | undefined {
  const globs = Object.entries(entries)
    .filter(([pattern]) => isGlob(pattern))
    .map(([pattern, mode]) => ({ matches: compileGlob(pattern), mode }));
  return (id) => (Object.hasOwn(entries, id) ? entries[id] : globs.find((glob) => glob.matches(id))?.mode);
}

/**
 * Problems only visible once it is known which checks run at admission: an id in `admission`
 * that names a check which never runs there (it needs other objects or AWS data), or a glob
 * that matches none that does. Ids naming no check at all are reported by
 * `validateConfigAgainst`, as for the rest of the file.
 */
export function admissionConfigErrors(
  config: Pick<EksguardConfig, 'admission' | 'file' | 'positions'>,
  allChecks: ReadonlyArray<{ id: string; admission?: true }>,
): ConfigError[] {
  const section = config.admission;
  if (!section) return [];
  const known = new Set(allChecks.map((check) => check.id));
  const admissionIds = allChecks.filter((check) => check.admission === true).map((check) => check.id);
  const errors: ConfigError[] = [];
  const check = (pattern: string, path: EvidencePath): void => {
    const key = formatPath(path);
    const fail = (message: string): void => {
      errors.push({ file: config.file, ...config.positions.get(key), path: key, message });
    };
    if (isGlob(pattern)) {
      const matches = compileGlob(pattern);
      if (allChecks.some((candidate) => matches(candidate.id)) && !admissionIds.some(matches)) {
        fail(`"${pattern}" matches no check that runs at admission (see docs/configuration.md#admission)`);
      }
    } else if (known.has(pattern) && !admissionIds.includes(pattern)) {
      fail(
        `${pattern} does not run at admission: it needs more than the object under review (other objects or AWS data); see docs/configuration.md#admission`,
      );
    }
  };
  for (const id of Object.keys(section.checks)) check(id, ['admission', 'checks', id]);
  for (const rule of section.namespaces) {
    for (const id of Object.keys(rule.checks)) check(id, ['admission', 'namespaces', rule.index, 'checks', id]);
  }
  return errors;
}
