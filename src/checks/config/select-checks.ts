import type { EksguardConfig } from './config-types.js';
import { compileGlob, compileGlobs } from './glob.js';

/** `--checks` and `--skip-checks` from the command line. */
export interface SelectionOverrides {
  only?: readonly string[];
  skip?: readonly string[];
}

export interface Selection<C> {
  checks: C[];
  /** Ids and globs (from the lists in force) that name no check, in the order written. */
  unknown: string[];
}

/**
 * The checks to run. `only` (--checks) replaces the configuration's `enable` and `disable`: what
 * the command line names runs. `skip` (--skip-checks) replaces `disable`. Otherwise `enable`
 * (when present) picks the checks and `disable` removes some of them.
 */
export function selectChecks<C extends { id: string }>(
  checks: readonly C[],
  config: Pick<EksguardConfig, 'checks'>,
  overrides: SelectionOverrides = {},
): Selection<C> {
  const include = overrides.only ?? config.checks.enable;
  const exclude = overrides.skip ?? (overrides.only ? [] : config.checks.disable);
  const included = include ? compileGlobs(include) : () => true;
  const excluded = compileGlobs(exclude);
  const ids = checks.map((check) => check.id);
  const unknown = [...new Set([...(include ?? []), ...exclude])].filter((pattern) => !ids.some(compileGlob(pattern)));
  return { checks: checks.filter((check) => included(check.id) && !excluded(check.id)), unknown };
}
