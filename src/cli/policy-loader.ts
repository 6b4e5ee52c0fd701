import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { DataSource, ExpiredException } from '../model/index.js';
import { BUILT_IN_CHECKS, type AnyCheck, type EnginePolicy } from '../checks/index.js';
import {
  buildPolicy,
  defaultConfig,
  formatConfigError,
  readConfigFile,
  selectChecks,
  validateConfigAgainst,
  type ConfigError,
  type EksguardConfig,
  type FailOn,
} from '../checks/config/index.js';
import { loadCustomChecks } from '../checks/custom/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

export const DEFAULT_CONFIG_FILE = '.eksguard.yaml';

export interface PolicyRequest {
  configFile?: string | undefined;
  /** false for --no-baseline. */
  baseline: boolean;
  only?: string[] | undefined;
  skip?: string[] | undefined;
  now?: Date;
  /** Data the input has beyond Kubernetes objects; unset means everything may be there. */
  available?: readonly DataSource[];
}

export interface LoadedPolicy {
  /** The checks selected to run. */
  checks: AnyCheck[];
  /** Built-in and custom checks, selected or not. */
  allChecks: AnyCheck[];
  engine: Pick<EnginePolicy, 'options' | 'severity' | 'waiverFor'>;
  expiredExceptions: ExpiredException[];
  failOn?: FailOn;
  config: EksguardConfig;
}

function fail(errors: readonly ConfigError[]): never {
  throw new UsageError(`configuration errors:\n  ${errors.map(formatConfigError).join('\n  ')}`);
}

/**
 * The configuration in force (`--config`, else `.eksguard.yaml` in the working directory, else
 * defaults), its custom checks, and the selection. Any configuration error stops the scan:
 * scanning with a policy the user did not write would make its results meaningless.
 */
export function loadPolicy(request: PolicyRequest, io: CliIo): LoadedPolicy {
  const implicit = resolve(io.cwd, DEFAULT_CONFIG_FILE);
  const file = request.configFile ? resolve(io.cwd, request.configFile) : existsSync(implicit) ? implicit : undefined;
  let config = defaultConfig();
  if (file) {
    if (!existsSync(file)) throw new UsageError(`configuration file ${request.configFile ?? file} does not exist`);
    const read = readConfigFile(file);
    if (read.errors.length > 0) fail(read.errors);
    config = read.config;
    // Waivers name their source; the path as seen from where eksguard runs reads best.
    const shown = relative(io.cwd, file);
    if (shown && !shown.startsWith('..') && !isAbsolute(shown)) config.file = shown;
  }
  const custom = file ? loadCustomChecks(config.customChecks, dirname(file)) : { checks: [], errors: [] };
  if (custom.errors.length > 0) fail(custom.errors);
  const clash = custom.checks.find((check) => BUILT_IN_CHECKS.some((builtIn) => builtIn.id === check.id));
  if (clash) throw new UsageError(`custom check ${clash.id} has the id of a built-in check`);
  const allChecks = [...BUILT_IN_CHECKS, ...custom.checks];
  const known = allChecks.map((check) => (check.options ? { id: check.id, options: check.options } : check.id));
  const configErrors = validateConfigAgainst(config, known);
  if (configErrors.length > 0) fail(configErrors);
  const selection = selectChecks(allChecks, config, { only: request.only, skip: request.skip });
  if (selection.unknown.length > 0 && (request.only || request.skip)) {
    throw new UsageError(`unknown check id(s): ${selection.unknown.join(', ')} (see eksguard checks list)`);
  }
  const available = request.available;
  if (available && !request.only) {
    selection.checks = selection.checks.filter((check) => (check.needs ?? []).every((need) => available.includes(need)));
  }
  // Without a fixed date, exceptions expire against the clock at each use: `webhook serve` runs for weeks.
  const built = buildPolicy(config, { now: request.now ?? (() => new Date()), baseline: request.baseline ? undefined : false });
  const loaded: LoadedPolicy = {
    checks: selection.checks,
    allChecks,
    engine: built.policy,
    expiredExceptions: built.expiredExceptions,
    config,
  };
  if (config.failOn) loaded.failOn = config.failOn;
  return loaded;
}
