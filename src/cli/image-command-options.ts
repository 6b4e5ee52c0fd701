/**
 * What the image and db commands share: where the vulnerability database and the scan cache
 * live, registry access from flags and environment, and the mapping of image errors to exit 2.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { isImageError } from '../images/registry/errors.js';
import { parsePlatform } from '../images/registry/platform.js';
import type { ScanImageOptions } from '../images/scan-image.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface RegistryFlags {
  platform?: string;
  insecure: boolean;
}

export function homeOf(io: CliIo): string {
  return io.env.HOME ?? homedir();
}

/** `--db DIR`, else ~/.eksguard/osv. */
export function dbDir(io: CliIo, flag: string | undefined): string {
  return flag ? resolve(io.cwd, flag) : join(homeOf(io), '.eksguard', 'osv');
}

export function cacheDir(io: CliIo): string {
  return join(homeOf(io), '.eksguard', 'cache');
}

export function addRegistryOptions(command: Command): Command {
  return command
    .option('--platform <os/arch>', 'the platform to pick from a multi-platform image (default linux/amd64)')
    .option('--insecure', 'plain http for a registry that is not on loopback (loopback registries always use http)', false);
}

/**
 * Registry access from the flags: the platform, plain http when asked, and Docker's
 * config.json as `DOCKER_CONFIG` or HOME of the command's environment name it.
 */
export function registryOptions(io: CliIo, flags: RegistryFlags): Omit<ScanImageOptions, 'db' | 'cache'> {
  let platform;
  try {
    platform = flags.platform ? parsePlatform(flags.platform) : undefined;
  } catch (error) {
    throw new UsageError(`--platform: ${(error as Error).message}`);
  }
  const dockerConfig = join(io.env.DOCKER_CONFIG ?? join(homeOf(io), '.docker'), 'config.json');
  return {
    ...(platform ? { platform } : {}),
    ...(flags.insecure ? { insecure: true } : {}),
    dockerConfig: existsSync(dockerConfig) ? dockerConfig : false,
  };
}

/** `oci:DIR` and local paths are read relative to the command's working directory. */
export function imageTarget(io: CliIo, target: string): string {
  const prefix = ['oci:', 'docker-archive:'].find((p) => target.startsWith(p));
  if (prefix) {
    const rest = target.slice(prefix.length);
    return rest.startsWith('/') ? target : `${prefix}${resolve(io.cwd, rest)}`;
  }
  return /^\.\.?\//.test(target) ? resolve(io.cwd, target) : target;
}

/** Image faults (unreachable registry, missing image, broken layer) are input errors: exit 2 with their message. */
export async function asInputError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isImageError(error)) throw new UsageError(error.message);
    throw error;
  }
}

/** Writes `text` to `-o FILE`, or standard output. */
export function writeText(io: CliIo, output: string | undefined, text: string, what: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (!output || output === '-') {
    io.stdout.write(body);
    return;
  }
  const file = resolve(io.cwd, output);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  } catch (error) {
    throw new UsageError(`cannot write ${what} to ${file}: ${(error as Error).message}`);
  }
}
