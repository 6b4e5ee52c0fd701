import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckMeta, ScanResult } from '../model/index.js';
import { renderReport, type AwsContext } from '../report/index.js';
import { UsageError } from './exit-codes.js';
import type { OutputTarget } from './output-targets.js';

export interface WriteOptions {
  includePassed: boolean;
  /** Colour for standard output, decided from the terminal, NO_COLOR and --no-color. */
  colorStdout: boolean;
  toolVersion: string;
  stdout: NodeJS.WritableStream;
  /** Attack paths the table lists. */
  maxPaths?: number;
  /** Account, region and cluster for ASFF. */
  aws?: AwsContext;
  /** The framework chosen with --framework. */
  framework?: string;
}

export function writeOutputs(
  targets: readonly OutputTarget[],
  result: ScanResult,
  catalogue: readonly CheckMeta[],
  options: WriteOptions,
): void {
  for (const target of targets) {
    const toStdout = target.file === '-';
    const text = renderReport(target.format, result, catalogue, {
      includePassed: options.includePassed,
      color: toStdout && options.colorStdout,
      toolVersion: options.toolVersion,
      ...(options.maxPaths !== undefined && { maxPaths: options.maxPaths }),
      ...(options.aws !== undefined && { aws: options.aws }),
      ...(options.framework !== undefined && { framework: options.framework }),
    });
    if (toStdout) {
      options.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    } else {
      try {
        mkdirSync(dirname(target.file), { recursive: true });
        writeFileSync(target.file, text.endsWith('\n') ? text : `${text}\n`);
      } catch (error) {
        throw new UsageError(`cannot write ${target.format} report to ${target.file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function wantsColor(stream: { isTTY?: boolean }, flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
