import type { ExpiredException, Waiver } from '../../model/index.js';
import type { EnginePolicy, WaiverQuery } from '../engine.js';
import type { ConfigException, EksguardConfig } from './config-types.js';
import { EKS_BASELINE, type BaselineException } from './eks-baseline.js';
import { compileGlobs, type Matcher } from './glob.js';
import { compileSelector, identitiesOf, type QueryMatcher } from './resource-selector.js';

export interface PolicyOptions {
  /**
   * The date exceptions expire against: an instant (a scan, read once), or a clock read each
   * time an exception with an `expires` date is consulted, so a long-running webhook stops
   * applying one the day after its date without a restart.
   */
  now: Date | (() => Date);
  /**
   * The command line's say on the baseline: false (`--no-baseline`) turns it off; true or
   * undefined leaves the file's `baseline` in charge, so a flag that defaults to true never
   * overrides `baseline: false` in the file.
   */
  baseline?: boolean;
}

export interface BuiltPolicy {
  policy: Pick<EnginePolicy, 'options' | 'severity' | 'waiverFor'>;
  /** Exceptions past their date: they no longer apply, and say so once each. */
  expiredExceptions: ExpiredException[];
}

interface Rule {
  checks: Matcher;
  resource: QueryMatcher;
  waiver: Waiver;
  /** Last day (YYYY-MM-DD) the rule applies. */
  expires?: string;
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The engine policy of a configuration: option and severity overrides, and the waiver lookup
 * over the file's exceptions (first, so the user's own reason is shown) and the EKS baseline.
 */
export function buildPolicy(config: EksguardConfig, options: PolicyOptions): BuiltPolicy {
  const clock = options.now;
  const today = typeof clock === 'function' ? () => dayOf(clock()) : ((day: string) => () => day)(dayOf(clock));
  const startDay = today();
  const expiredExceptions: ExpiredException[] = [];
  const rules: Rule[] = [];
  for (const exception of config.exceptions) {
    if (exception.expires !== undefined && exception.expires < startDay) {
      expiredExceptions.push({
        checkId: exception.checks.join(', '),
        reason: exception.reason,
        expires: exception.expires,
        source: config.file,
      });
      continue;
    }
    rules.push(configRule(exception, config.file));
  }
  if (options.baseline !== false && config.baseline) rules.push(...EKS_BASELINE.map(baselineRule));

  const waiverFor = (query: WaiverQuery): Waiver | undefined => {
    const candidates = rules.filter((rule) => rule.checks(query.checkId));
    if (candidates.length === 0) return undefined;
    const identities = identitiesOf(query.resource, query.object);
    return candidates.find((rule) => (rule.expires === undefined || rule.expires >= today()) && rule.resource(query, identities))?.waiver;
  };
  return {
    policy: { options: config.checks.options, severity: config.checks.severity, waiverFor },
    expiredExceptions,
  };
}

function configRule(exception: ConfigException, source: string): Rule {
  const waiver: Waiver = { reason: exception.reason, source };
  const rule: Rule = { checks: compileGlobs(exception.checks), resource: compileSelector(exception.resources), waiver };
  if (exception.expires !== undefined) waiver.expires = rule.expires = exception.expires;
  return rule;
}

/**
 * Exact kind, namespace and name of the resource itself. Owner references are not followed:
 * anyone who can create a pod can claim aws-node as its owner, and a pod that runs what its
 * owner's template says is already evaluated as the owner.
 */
function baselineRule(entry: BaselineException): Rule {
  const checks = new Set(entry.checks);
  return {
    checks: (id) => checks.has(id),
    resource: (query, identities) => {
      if (entry.containers && (query.container === undefined || !entry.containers.includes(query.container))) {
        return false;
      }
      return identities.slice(0, 1).some(
        (identity) =>
          identity.kind === entry.kind &&
          identity.name === entry.name &&
          identity.namespace !== undefined &&
          entry.namespaces.includes(identity.namespace),
      );
    },
    waiver: { reason: `${entry.component}: ${entry.reason}`, source: 'baseline' },
  };
}
