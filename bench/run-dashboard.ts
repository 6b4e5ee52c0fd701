/**
 * The dashboard benchmark (issue "Compliance reports, HTML report, scan history and the web
 * dashboard"): a store of 50 scans × 20,000 findings, `eksguard serve` on it in its own process,
 * and the findings view's API requests timed over loopback HTTP, cold (first request of each
 * kind) and warm (median and worst of repeats). Target: every findings-view answer ≤ 300 ms.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dashboardStore } from './dashboard-store.js';

const TARGET_MS = 300;
const REPEATS = 15;
const CLI = new URL('./serve-cli.ts', import.meta.url).pathname;

async function startServe(db: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = createInterface({ input: child.stderr });
  for await (const line of lines) {
    const match = /dashboard on (http:\/\/\S+?)\/?$/.exec(line);
    if (match) return { url: match[1]!, stop: () => child.kill('SIGTERM') };
  }
  throw new Error('eksguard serve did not start');
}

async function timed(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

export async function runDashboardBench(outDir: string): Promise<void> {
  const store = await dashboardStore(`${outDir}dashboard.db`);
  console.log(
    `\nDashboard: ${store.scans} scans × ${store.findingsPerScan.toLocaleString('en')} findings` +
      (store.fillMs === undefined ? ' (store reused)' : `, recorded in ${(store.fillMs / 1000).toFixed(1)} s`),
  );
  const { url, stop } = await startServe(store.path);
  const scan = store.newestScanId;
  const middle = scan - Math.floor(store.scans / 2);
  const views: [string, string][] = [
    ['overview', '/api/overview'],
    ['findings, first page', `/api/scans/${scan}/findings`],
    ['findings, critical+high', `/api/scans/${scan}/findings?severity=critical,high`],
    ['findings, search', `/api/scans/${scan}/findings?q=app-12`],
    ['findings, non-ASCII search', `/api/scans/${scan}/findings?q=${encodeURIComponent('Überwachung')}`],
    ['findings, new since last', `/api/scans/${scan}/findings?change=new`],
    ['findings, namespace+area+sort risk', `/api/scans/${scan}/findings?namespace=team-3&area=rbac&sort=risk`],
    ['findings, page 100 of an older scan', `/api/scans/${middle}/findings?offset=10000&limit=100`],
    ['finding detail', `/api/scans/${scan}/findings/fp-${(scan * 400 + 5).toString(36)}`],
    ['resources', `/api/scans/${scan}/resources`],
    ['diff of two scans', `/api/diff?from=${scan - 1}&to=${scan}`],
  ];
  let worstFindings = 0;
  try {
    console.log('view                                   cold ms   median ms   worst ms   bytes');
    for (const [name, path] of views) {
      const cold = await timed(url + path);
      const warm: number[] = [];
      for (let i = 0; i < REPEATS; i++) warm.push((await timed(url + path)).ms);
      warm.sort((a, b) => a - b);
      const worst = Math.max(cold.ms, warm[warm.length - 1]!);
      if (path.includes('/findings')) worstFindings = Math.max(worstFindings, worst);
      console.log(
        `${name.padEnd(38)} ${cold.ms.toFixed(1).padStart(7)} ${warm[Math.floor(REPEATS / 2)]!.toFixed(1).padStart(11)} ${worst.toFixed(1).padStart(10)}   ${cold.bytes}`,
      );
    }
  } finally {
    stop();
  }
  console.log(
    `findings view, worst answer: ${worstFindings.toFixed(1)} ms (target ≤ ${TARGET_MS} ms: ${worstFindings <= TARGET_MS ? 'ok' : 'MISSED'}; ${(worstFindings / TARGET_MS).toFixed(2)}× the target)`,
  );
}
