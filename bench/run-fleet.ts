/**
 * The fleet benchmark (issue "Deploy and scale"): 200 clusters in 10 accounts × 2 regions behind
 * the local AWS endpoint (test/fakes/aws/fleet.ts: AssumeRole into 9 of the accounts, EKS
 * ListClusters/DescribeCluster, each cluster its own HTTPS Kubernetes API server with a small
 * inventory that accepts only its own account's EKS token), scanned by the real CLI
 * (`eksguard fleet scan --db postgres://… --concurrency 8`) in its own process into a private
 * PostgreSQL server. Reported: clusters/minute over the command's whole wall time (discovery
 * included) and its peak RSS; then the dashboard's fleet overview, timed as
 * `ScanStore.fleetOverview()` in this process and as `GET /api/fleet` through `eksguard serve`,
 * cold (first call) and warm (median and worst of repeats). `BENCH_FLEET_ROUNDS=n` scans the
 * fleet n times before the overview (default 2), `BENCH_FLEET_CONCURRENCY` changes the 8.
 * The fakes and PostgreSQL run on the same machine as the scanner and take their share of the CPU.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ScanStore } from '../src/store/index.js';
import { startFakeFleet, type FleetAccountSpec } from '../test/fakes/aws/index.js';
import { startPostgres } from '../test/peers/postgres.js';

const ACCOUNTS = 10;
const REGIONS = ['eu-west-1', 'us-east-1'];
const CLUSTERS_PER_REGION = 10;
const CONCURRENCY = wholeFromEnv('BENCH_FLEET_CONCURRENCY', 8, 64);
/** Fleet scans in a row before the overview is timed: each adds a point to every cluster's trend (two, so trends have a slope). */
const ROUNDS = wholeFromEnv('BENCH_FLEET_ROUNDS', 2, 20);

function wholeFromEnv(name: string, fallback: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}, not "${text}"`);
  return value;
}
const REPEATS = 15;
/**
 * Targets, set from runs on 2 cores shared with other work (fakes, PostgreSQL and scanner on the
 * same cores): 89–238 clusters/minute, peak RSS 680–740 MB, GET /api/fleet median 76–133 ms and
 * worst 144–319 ms. 60/minute scans 200 clusters in under 4 minutes, well inside a 6-hour
 * schedule; 1 GB leaves room under the chart's fleet pod limit; the overview is a dashboard
 * page, so its worst answer has the findings view's bar (bench/run-dashboard.ts: 300 ms).
 */
const TARGET = { clustersPerMinute: 60, peakRssMb: 1024, overviewMedianMs: 200, overviewWorstMs: 300 };

const MEASURE = new URL('./measure-fleet.ts', import.meta.url).pathname;
const CLI = new URL('./serve-cli.ts', import.meta.url).pathname;

interface FleetMeasurement {
  code: number;
  ms: number;
  peakRssMb: number;
  summary?: { discovered: number; scanned: number; failed: number };
  progressLines: number;
  stderrTail: string;
}

/** 10 accounts: the caller's own, and 9 reached through a role; 10 clusters in each of 2 regions. */
function fleetSpec(): FleetAccountSpec[] {
  return Array.from({ length: ACCOUNTS }, (_, a) => ({
    accountId: String(210_000_000_000 + a * 1_111),
    ...(a === 0 ? {} : { roleName: 'eksguard-reader' }),
    clusters: REGIONS.flatMap((region) =>
      Array.from({ length: CLUSTERS_PER_REGION }, (_, c) => ({
        name: `team-${a}-${region.split('-')[0]}-${c}`,
        region,
        tags: { env: c % 3 === 0 ? 'prod' : 'staging' },
      })),
    ),
  }));
}

function fleetYaml(roleArn: (accountId: string) => string, accounts: FleetAccountSpec[]): string {
  const lines = [`regions: [${REGIONS.join(', ')}]`, 'accounts:'];
  for (const account of accounts) {
    lines.push(`  - id: "${account.accountId}"`);
    if (account.roleName) lines.push(`    roleArn: ${roleArn(account.accountId)}`);
  }
  lines.push('scan:', '  timeoutSeconds: 300');
  return `${lines.join('\n')}\n`;
}

/**
 * Runs a bench child to its end with its resident set read from /proc every 250 ms (none where
 * there is no /proc). Rejects with the child's stderr when it fails.
 */
function runSampled(args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; rss: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const rss: number[] = [];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setInterval(() => {
      try {
        const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (kb) rss.push(Number(kb) / 1024);
      } catch {
        // No /proc, or the child just exited.
      }
    }, 250);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ stdout, rss });
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

/** A process's peak resident set from /proc (VmHWM), in MB; undefined where there is no /proc. */
function peakRssOf(pid: number | undefined): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function startServe(db: string, env: NodeJS.ProcessEnv): Promise<{ url: string; peakRssMb: () => number | undefined; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env });
  const lines = createInterface({ input: child.stderr });
  for await (const line of lines) {
    const match = /dashboard on (http:\/\/\S+?)\/?$/.exec(line);
    if (match) return { url: match[1]!, peakRssMb: () => peakRssOf(child.pid), stop: () => child.kill('SIGTERM') };
  }
  throw new Error('eksguard serve did not start');
}

/** Cold (first call) and the sorted warm repeats of `call`, in ms. */
async function timings(call: () => Promise<unknown>): Promise<{ cold: number; warm: number[] }> {
  const time = async (): Promise<number> => {
    const started = performance.now();
    await call();
    return performance.now() - started;
  };
  const cold = await time();
  const warm: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) warm.push(await time());
  return { cold, warm: warm.sort((a, b) => a - b) };
}

const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

/** One fleet scan of every cluster, measured and printed; returns how many it scanned. */
async function scanRound(round: number, args: string[], env: NodeJS.ProcessEnv, total: number): Promise<number> {
  const { stdout, rss } = await runSampled([MEASURE, ...args], env);
  const scan = JSON.parse(stdout.trim().split('\n').pop() as string) as FleetMeasurement;
  const scanned = scan.summary?.scanned ?? 0;
  if (scan.code !== 0 || scanned !== total || scan.progressLines !== total) {
    console.log(`  fleet scan exit ${scan.code}, ${scanned} of ${total} scanned, ${scan.progressLines} progress lines; its stderr ended with:\n${scan.stderrTail}`);
  }
  const perMinute = scanned / (scan.ms / 60_000);
  const label = ROUNDS > 1 ? `round ${round}: ` : '';
  console.log(`  ${label}fleet scan --concurrency ${CONCURRENCY} into PostgreSQL: ${scanned} scanned, ${scan.summary?.failed ?? '?'} failed in ${(scan.ms / 1000).toFixed(1)} s, exit ${scan.code}`);
  console.log(`    ${perMinute.toFixed(0)} clusters/minute (target ≥ ${TARGET.clustersPerMinute}: ${verdict(perMinute >= TARGET.clustersPerMinute)}; ${(perMinute / TARGET.clustersPerMinute).toFixed(2)}× the target)`);
  console.log(`    peak RSS ${scan.peakRssMb.toFixed(0)} MB (target ≤ ${TARGET.peakRssMb} MB: ${verdict(scan.peakRssMb <= TARGET.peakRssMb)})`);
  if (rss.length > 0) {
    // Whether memory follows the scans in flight or grows with the clusters done.
    const at = (share: number): string => rss[Math.min(rss.length - 1, Math.floor(share * rss.length))]!.toFixed(0);
    console.log(`    RSS at 10% / 25% / 50% / 75% / 95% of the run: ${[0.1, 0.25, 0.5, 0.75, 0.95].map(at).join(' / ')} MB`);
  }
  return scanned;
}

function timingLine(name: string, t: { cold: number; warm: number[] }, extra = ''): string {
  const median = t.warm[Math.floor(t.warm.length / 2)]!;
  const worst = Math.max(t.cold, t.warm[t.warm.length - 1]!);
  return `  ${name.padEnd(40)} ${t.cold.toFixed(1).padStart(7)} ${median.toFixed(1).padStart(11)} ${worst.toFixed(1).padStart(10)}${extra}`;
}

export async function runFleetBench(): Promise<void> {
  const accounts = fleetSpec();
  const total = accounts.reduce((sum, account) => sum + account.clusters.length, 0);
  const home = mkdtempSync(join(tmpdir(), 'eksguard-bench-fleet-'));
  const postgres = await startPostgres();
  const fleet = await startFakeFleet(accounts);
  try {
    const db = await postgres.createDatabase('fleet_bench');
    const config = join(home, 'fleet.yaml');
    writeFileSync(config, fleetYaml((accountId) => fleet.roleArn(accountId), accounts));
    const env = { PATH: process.env.PATH, HOME: home, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...fleet.env };
    console.log(`\nFleet: ${total} clusters (${ACCOUNTS} accounts × ${REGIONS.length} regions × ${CLUSTERS_PER_REGION}), each its own HTTPS API server with a small inventory`);
    console.log('  the fakes, PostgreSQL and the scanner share this machine\'s cores (and other work running on them)');

    const args = ['fleet', 'scan', '--config', config, '--db', db, '--concurrency', String(CONCURRENCY), '--format', 'json', '--fail-on', 'none'];
    let scanned = 0;
    for (let round = 1; round <= ROUNDS; round += 1) scanned = await scanRound(round, args, env, total);
    const store = await ScanStore.openReadOnly(db);
    let direct: { cold: number; warm: number[] };
    try {
      const overview = await store.fleetOverview();
      console.log(`  store: ${overview.groups} clusters, ${overview.scans} scans, failures ${JSON.stringify(overview.failures)}`);
      if (overview.groups !== scanned) console.log(`  the store holds ${overview.groups} clusters, the scan reported ${scanned}`);
    } finally {
      await store.close();
    }
    // Cold: a freshly opened store (new connection, nothing prepared) answering its first overview.
    const first = await timings(async () => {
      const fresh = await ScanStore.openReadOnly(db);
      await fresh.fleetOverview();
      await fresh.close();
    });
    const reopened = await ScanStore.openReadOnly(db);
    try {
      direct = await timings(() => reopened.fleetOverview());
    } finally {
      await reopened.close();
    }

    const serve = await startServe(db, env);
    let http: { cold: number; warm: number[] };
    let clustersHttp: { cold: number; warm: number[] };
    let serveRssMb: number | undefined;
    try {
      const get = (path: string) => async (): Promise<void> => {
        const response = await fetch(serve.url + path);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      };
      http = await timings(get('/api/fleet'));
      clustersHttp = await timings(get('/api/clusters'));
      serveRssMb = serve.peakRssMb();
    } finally {
      serve.stop();
    }
    console.log('  fleet overview                               cold ms   median ms   worst ms');
    console.log(timingLine('open store + fleetOverview()', first));
    console.log(timingLine('fleetOverview() on an open store', direct));
    console.log(timingLine('GET /api/fleet (eksguard serve)', http));
    console.log(timingLine('GET /api/clusters (cluster selector)', clustersHttp));
    const median = http.warm[Math.floor(http.warm.length / 2)]!;
    const worst = Math.max(http.cold, http.warm[http.warm.length - 1]!);
    console.log(
      `    GET /api/fleet: median ${median.toFixed(1)} ms (target ≤ ${TARGET.overviewMedianMs} ms: ${verdict(median <= TARGET.overviewMedianMs)}; ${(median / TARGET.overviewMedianMs).toFixed(2)}× the target), ` +
        `worst ${worst.toFixed(1)} ms (target ≤ ${TARGET.overviewWorstMs} ms: ${verdict(worst <= TARGET.overviewWorstMs)}; ${(worst / TARGET.overviewWorstMs).toFixed(2)}× the target)`,
    );
    if (serveRssMb !== undefined) console.log(`    eksguard serve peak RSS ${serveRssMb.toFixed(0)} MB`);
  } finally {
    await fleet.close();
    await postgres.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
