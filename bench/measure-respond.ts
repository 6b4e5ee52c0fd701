/** One respond command in a fresh process, so peak RSS belongs to it alone. Prints JSON. */
import { Readable, Writable } from 'node:stream';
import { runCli } from '../src/cli/main.js';

class Discard extends Writable {
  bytes = 0;
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

const args = process.argv.slice(2);
const stdout = new Discard();
const stderr = new Discard();
const started = performance.now();
const code = await runCli(args, { stdout, stderr, stdin: Readable.from([]), env: { HOME: process.env.HOME ?? '/tmp' }, cwd: process.cwd() });
const ms = performance.now() - started;
console.log(JSON.stringify({ code, ms, stdoutBytes: stdout.bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
