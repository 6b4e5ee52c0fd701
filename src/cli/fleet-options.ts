/**
 * What `fleet discover` and `fleet scan` share: reading fleet.yaml, the caller's AWS access
 * (environment keys and endpoint overrides, as for `collect`), and the numbers flags override.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FleetConfigError, LIMITS, parseFleetConfig, type AwsAccess, type FleetConfig } from '../fleet/index.js';
import { awsEndpoints, envCredentials } from './cluster-source.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { parseWhole } from './option-values.js';

export interface FleetFlags {
  config?: string;
  concurrency?: string;
  timeout?: string;
  retries?: string;
}

export function loadFleetConfig(file: string | undefined, io: CliIo): FleetConfig {
  if (!file) throw new UsageError('--config <file> is required (the fleet file: accounts, regions, clusters; see docs/schemas/fleet-config.md)');
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read fleet file ${file}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseFleetConfig(text, file);
  } catch (error) {
    if (error instanceof FleetConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The flags win over the file's `scan` section. */
export function applyFlags(config: FleetConfig, flags: FleetFlags): FleetConfig['scan'] {
  const scan = { ...config.scan };
  if (flags.concurrency !== undefined) scan.concurrency = parseWhole(flags.concurrency, '--concurrency', 1, LIMITS.concurrency);
  if (flags.timeout !== undefined) scan.timeoutSeconds = parseWhole(flags.timeout, '--timeout', 1, LIMITS.timeoutSeconds);
  if (flags.retries !== undefined) scan.retries = parseWhole(flags.retries, '--retries', 0, LIMITS.retries);
  return scan;
}

/** The caller's credentials (environment keys, else the SDK chain) and endpoint overrides. */
export function callerAccess(io: CliIo): AwsAccess {
  const endpoints = awsEndpoints(io.env);
  const credentials = envCredentials(io.env, undefined);
  return {
    ...(credentials ? { credentials } : {}),
    endpoints: { ...(endpoints.sts ? { sts: endpoints.sts } : {}), ...(endpoints.eks ? { eks: endpoints.eks } : {}) },
  };
}

/** Retry notices on stderr: the run goes on, but a person watching sees why it is slow. */
export function retryNotice(io: CliIo): (what: string, attempt: number, message: string, delayMs: number) => void {
  return (what, attempt, message, delayMs) => {
    io.stderr.write(`eksguard: ${what}: attempt ${attempt} failed (${message}); retrying in ${(delayMs / 1000).toFixed(1)} s\n`);
  };
}
