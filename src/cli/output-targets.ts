import { FORMATS, type Format } from '../report/index.js';
import { UsageError } from './exit-codes.js';

export interface OutputTarget {
  format: Format;
  /** A file path, or `-` for standard output. */
  file: string;
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * `--format F` sets the format of plain `--output FILE`s and of standard output; `--output
 * FORMAT=FILE` picks both, and may be repeated to write several formats in one scan.
 */
export function outputTargets(format: string, outputs: readonly string[]): OutputTarget[] {
  if (!isFormat(format)) throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(', ')})`);
  const targets: OutputTarget[] = outputs.map((output) => {
    const equals = output.indexOf('=');
    if (equals > 0) {
      const named = output.slice(0, equals);
      const file = output.slice(equals + 1);
      if (!isFormat(named)) throw new UsageError(`unknown format "${named}" in --output ${output} (use ${FORMATS.join(', ')})`);
      if (!file) throw new UsageError(`--output ${output} names no file (use ${named}=FILE or ${named}=- for standard output)`);
      return { format: named, file };
    }
    return { format, file: output };
  });
  if (targets.length === 0) targets.push({ format, file: '-' });
  if (targets.filter((target) => target.file === '-').length > 1) {
    throw new UsageError('only one output can go to standard output');
  }
  const files = targets.map((target) => target.file).filter((file) => file !== '-');
  const twice = files.find((file, index) => files.indexOf(file) !== index);
  if (twice) throw new UsageError(`two outputs write the same file ${twice}`);
  return targets;
}
