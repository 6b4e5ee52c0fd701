/**
 * The admission webhook benchmark (issue "Admission webhook"): realistic Pod and Deployment
 * reviews over loopback HTTPS at 200, 500 and 1,000 requests/s for `BENCH_WEBHOOK_SECONDS`
 * (default 30) each, against the eksguard webhook and against a bare HTTPS server answering a
 * constant allow (the floor). Each server runs in its own process. Targets: zero errors, p99 ≤
 * 10 ms at 500 requests/s, and p99 ≤ 2× the floor's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { selfSignedCertificate } from '../test/fakes/kube/tls.js';
import { runLoad, type LoadResult } from './webhook-load.js';
import { benchmarkReviews } from './webhook-reviews.js';

const RATES = [200, 500, 1_000];

async function startServer(mode: 'floor' | 'eksguard', certDir: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./webhook-serve.ts', import.meta.url).pathname, mode, certDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const port = (JSON.parse(line) as { port?: number }).port;
    if (port) return { port, child };
  }
  throw new Error(`${mode} server did not start`);
}

async function measure(mode: 'floor' | 'eksguard', certDir: string, seconds: number): Promise<LoadResult[]> {
  const { port, child } = await startServer(mode, certDir);
  const reviews = benchmarkReviews();
  const ca = readFileSync(join(certDir, 'tls.crt'), 'utf8');
  try {
    // A short warm-up so JIT and TLS session setup are not in the figures.
    await runLoad({ port, ca, path: '/validate' }, reviews, 200, 2);
    const results: LoadResult[] = [];
    for (const rate of RATES) results.push(await runLoad({ port, ca, path: '/validate' }, reviews, rate, seconds));
    return results;
  } finally {
    child.kill('SIGTERM');
  }
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

export async function runWebhookBench(): Promise<void> {
  const seconds = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 30);
  const certDir = mkdtempSync(join(tmpdir(), 'eksguard-bench-tls-'));
  const { cert, key } = selfSignedCertificate();
  writeFileSync(join(certDir, 'tls.crt'), cert);
  writeFileSync(join(certDir, 'tls.key'), key, { mode: 0o600 });
  const floor = await measure('floor', certDir, seconds);
  const eksguard = await measure('eksguard', certDir, seconds);

  console.log('');
  console.log(`Admission webhook: Pod and Deployment reviews over loopback HTTPS, ${seconds} s per rate (each server in its own process)`);
  for (const [i, rate] of RATES.entries()) {
    const f = floor[i] as LoadResult;
    const e = eksguard[i] as LoadResult;
    console.log(
      `      ${String(rate).padStart(5)} req/s  eksguard p50 ${ms(e.p50)}  p95 ${ms(e.p95)}  p99 ${ms(e.p99)}  max ${ms(e.max)}  errors ${e.errors}/${e.sent}` +
        `   floor p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  p99 ${ms(f.p99)}  errors ${f.errors}/${f.sent}   p99 ÷ floor ${(e.p99 / f.p99).toFixed(2)}`,
    );
  }
  const at500 = eksguard[1] as LoadResult;
  const floor500 = floor[1] as LoadResult;
  const errors = eksguard.reduce((sum, result) => sum + result.errors, 0);
  console.log(
    `      zero errors: ${verdict(errors === 0)};  p99 at 500 req/s ${ms(at500.p99)} (target ≤ 10 ms: ${verdict(at500.p99 <= 10)});  p99 ÷ floor at 500 req/s ${(at500.p99 / floor500.p99).toFixed(2)} (target ≤ 2: ${verdict(at500.p99 <= 2 * floor500.p99)})`,
  );
}
