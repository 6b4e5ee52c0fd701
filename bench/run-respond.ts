/**
 * The remediation benchmark (issue "Remediation and automated response"), each command in a
 * fresh process on the synthetic cluster of `npm run bench`: `netpol generate --simulate` (the
 * generator and the before/after reachability comparison), `fix` over the whole cluster as one
 * multi-document YAML file (rounds of patch, re-load and re-scan), and `rbac least-privilege`
 * listing the subjects of a generated audit log. Figures are wall time and peak RSS; the ratio
 * compares each with `scan manifests` of the same file, which it must stay within a small
 * multiple of: netpol generate, with and without --simulate, ≤ 3× the scan; fix ≤ 10× (it loads and scans the file once per round plus
 * once at the start — five times for the four rounds the synthetic cluster needs — and parses
 * each fixed document again to edit it and to check the edit); peak RSS ≤ 1.5 GB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { generateAuditLog } from './generate-audit.js';

interface CommandMeasurement {
  code: number;
  ms: number;
  stdoutBytes: number;
  peakRssMb: number;
}

function measure(args: string[]): CommandMeasurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('./measure-respond.ts', import.meta.url).pathname, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as CommandMeasurement;
}

const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
const line = (name: string, m: CommandMeasurement, extra = ''): string =>
  `  ${name.padEnd(34)} ${(m.ms / 1000).toFixed(2).padStart(7)} s  peak RSS ${Math.round(m.peakRssMb).toString().padStart(5)} MB  exit ${m.code}${extra}`;

export function runRespondBench(out: string, yamlFile: string, jsonFile: string): void {
  console.log('\nremediation and response');
  const scan = measure(['scan', 'manifests', jsonFile, '--format', 'json', '--fail-on', 'none', '--no-store']);
  console.log(line('scan manifests, JSON (reference)', scan));
  const scanYaml = measure(['scan', 'manifests', yamlFile, '--format', 'json', '--fail-on', 'none', '--no-store']);
  console.log(line('scan manifests, YAML (reference)', scanYaml));

  const generate = measure(['netpol', 'generate', jsonFile, '--output', `${out}netpols.yaml`]);
  const generateRatio = generate.ms / scan.ms;
  console.log(line('netpol generate', generate, `  ${generateRatio.toFixed(2)}× scan  ${verdict(generateRatio <= 3 && generate.peakRssMb <= 1536)}`));
  // The simulation compares every pair of workload groups before and after; each workload with a
  // policy of its own is a group, so its cost grows with the square of those workloads.
  const netpol = measure(['netpol', 'generate', jsonFile, '--simulate', '--output', `${out}netpols.yaml`]);
  const netpolRatio = netpol.ms / scan.ms;
  console.log(line('netpol generate --simulate', netpol, `  ${netpolRatio.toFixed(2)}× scan  ${verdict(netpolRatio <= 3 && netpol.peakRssMb <= 1536)}`));

  const fix = measure(['fix', yamlFile]);
  const fixRatio = fix.ms / scanYaml.ms;
  console.log(line('fix (diff of every safe fix), YAML', fix, `  ${fixRatio.toFixed(2)}× scan  diff ${(fix.stdoutBytes / 1024 / 1024).toFixed(1)} MB  ${verdict(fixRatio <= 10 && fix.peakRssMb <= 1536)}`));

  const auditFile = `${out}audit-respond.jsonl`;
  const events = Number(process.env.BENCH_RESPOND_AUDIT_EVENTS ?? 200_000);
  if (!existsSync(auditFile)) generateAuditLog(auditFile, events);
  const rbac = measure(['rbac', 'least-privilege', '--audit', auditFile]);
  console.log(line(`rbac least-privilege (${events.toLocaleString('en-US')} events)`, rbac, `  ${Math.round(events / (rbac.ms / 1000)).toLocaleString('en-US')} events/s`));
}
