/**
 * The detection benchmark (issue "Threat detection"): a generated JSON-lines EKS audit log of
 * `BENCH_AUDIT_EVENTS` events (default 1,000,000), measured in fresh processes as a plain
 * JSON.parse pass, as `readEvents` alone and as full detection with every built-in rule.
 * Targets: detection ≥ 100,000 events/s on one core and ≥ 50% of the parse-only throughput;
 * memory flat over the run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { generateAuditLog, type AuditMixCounts } from './generate-audit.js';

interface DetectMeasurement {
  mode: string;
  events: number;
  ms: number;
  /** CPU time of the process (all its threads: GC and file reads too). */
  cpuMs: number;
  eventsPerSecond: number;
  alerts: number;
  engineAlerts: number;
  evaluations: number;
  rules: number;
  malformed: number;
  samples: { at: string; events: number; rssMb: number; heapUsedMb: number }[];
  peakRssMb: number;
}

/** RSS may grow by this much from the 10% sample to the end and still count as flat. */
const FLAT_RSS_MB = 64;

function measure(file: string, mode: 'parse' | 'read' | 'detect', events: number): DetectMeasurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('./measure-detect.ts', import.meta.url).pathname, file, mode, String(events)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as DetectMeasurement;
}

const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
const rate = (m: DetectMeasurement): string => `${Math.round(m.eventsPerSecond).toLocaleString('en-US')} events/s (${(m.ms / 1000).toFixed(2)} s, CPU ${((m.cpuMs / m.ms) * 100).toFixed(0)}%)`;
const memory = (m: DetectMeasurement): string =>
  `RSS ${m.samples.map((s) => `${s.at} ${s.rssMb.toFixed(0)}`).join(' / ')} MB, heap ${m.samples.map((s) => s.heapUsedMb.toFixed(0)).join(' / ')} MB, peak RSS ${m.peakRssMb.toFixed(0)} MB`;

export function runDetectBench(outDir: string): void {
  const total = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  mkdirSync(outDir, { recursive: true });
  // The generator is deterministic: a log of the same size and generator version is reused.
  const file = `${outDir}audit-v1-${total}.jsonl`;
  let mix: AuditMixCounts | undefined;
  if (!existsSync(file)) mix = generateAuditLog(file, total);

  const parse = measure(file, 'parse', total);
  const read = measure(file, 'read', total);
  const detect = measure(file, 'detect', total);
  const ratio = detect.eventsPerSecond / parse.eventsPerSecond;
  const first = detect.samples[0]?.rssMb ?? 0;
  const last = detect.samples[detect.samples.length - 1]?.rssMb ?? 0;
  const flat = last - first <= FLAT_RSS_MB;

  console.log('');
  console.log(`Detection: ${detect.events.toLocaleString('en-US')}-event EKS audit log (JSON lines${mix ? `: ${mix.reads} reads, ${mix.writes} writes, ${mix.earlyStages} early stages, ${mix.secretReads} secret reads, ${mix.attacks} attacks` : ', reused'}), ${detect.rules} built-in rules`);
  console.log(`      JSON.parse only   ${rate(parse)}  ${memory(parse)}`);
  console.log(`      readEvents only   ${rate(read)}  ${memory(read)}`);
  console.log(`      detection         ${rate(detect)}  ${detect.evaluations.toLocaleString('en-US')} rule evaluations, ${detect.engineAlerts} alerts (${detect.alerts} after dedup)`);
  console.log(`                        ${memory(detect)}`);
  console.log(
    `      ≥ 100,000 events/s: ${verdict(detect.eventsPerSecond >= 100_000)};  detection ÷ parse-only = ${(ratio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(ratio >= 0.5)});  RSS flat (10% → 100% within ${FLAT_RSS_MB} MB): ${verdict(flat)}`,
  );
}
