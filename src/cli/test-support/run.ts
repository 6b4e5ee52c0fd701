import { Readable, Writable } from 'node:stream';
import { runCli } from '../main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A writable that keeps what is written, for a command's stdout or stderr. */
export class Capture extends Writable {
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

/** Waits (bounded) until `capture` shows `pattern`, for a server a test started through the CLI; returns the first group. */
export async function waitForOutput(capture: Capture, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    const match = pattern.exec(capture.text);
    if (match) return match[1] ?? match[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${String(pattern)} in: ${capture.text}`);
}
