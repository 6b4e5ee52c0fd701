/**
 * One `eksguard fleet scan` in a fresh process, so wall time and peak RSS belong to it alone.
 * Its JSON summary (stdout) and its progress (stderr) are kept in memory and not printed: the
 * last line printed is this process's measurement as JSON, with the summary's counts and the
 * end of stderr for a run that went wrong.
 */
import { Readable, Writable } from 'node:stream';
import { runCli } from '../src/cli/main.js';
import type { FleetSummary } from '../src/fleet/index.js';

class Collect extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

const stdout = new Collect();
const stderr = new Collect();
const started = performance.now();
const code = await runCli(process.argv.slice(2), { stdout, stderr, stdin: Readable.from([]), env: process.env, cwd: process.cwd() });
const ms = performance.now() - started;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

let summary: Pick<FleetSummary, 'discovered' | 'scanned' | 'failed'> | undefined;
try {
  const parsed = JSON.parse(stdout.text) as FleetSummary;
  summary = { discovered: parsed.discovered, scanned: parsed.scanned, failed: parsed.failed };
} catch {
  // No summary: the run failed before its end; stderr says why.
}
const progressLines = stderr.text.split('\n').filter((line) => /^\[\s*\d+\/\d+\] /.test(line)).length;
console.log(JSON.stringify({ code, ms, peakRssMb, summary, progressLines, stderrTail: stderr.text.slice(-2000) }));
