import { Readable, Writable } from 'node:stream';
import { runCli } from '../main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Runs the CLI in-process with captured output, optional stdin and environment. */
export async function run(
  args: string[],
  options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {},
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  stdout.isTTY = options.tty ?? false;
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
