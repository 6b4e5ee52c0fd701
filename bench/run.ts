/**
 * `npm run bench`: generates a 50,000-object synthetic cluster, writes it as kubectl-style JSON
 * and as multi-document YAML, and measures each in a fresh process. Targets (issue "Scan
 * manifests"): JSON analysis ≤ 1× parse, whole scan ≤ 15 s, peak RSS ≤ 1 GB; YAML with lines
 * ≥ 8 MB/s; (issue "Security graph") graph build + path search ≤ 1× parse, peak RSS ≤ 1.5 GB.
 * Then the detection benchmark (`run-detect.ts`) and the admission webhook latency benchmark
 * (`run-webhook.ts`) and the dashboard benchmark (`run-dashboard.ts`), and the image benchmark
 * (`run-images.ts`: OSV matching, and a 300 MB image scanned from a local registry);
 * Then the remediation benchmark (`run-respond.ts`: netpol generate, fix, rbac least-privilege),
 * and the fleet benchmark (`run-fleet.ts`: 200 clusters scanned into PostgreSQL, the fleet overview).
 * `BENCH_ONLY=detect`, `BENCH_ONLY=webhook`, `BENCH_ONLY=dashboard`, `BENCH_ONLY=images`, `BENCH_ONLY=respond` or
 * `BENCH_ONLY=fleet` runs one alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { generateCluster } from './generate-cluster.js';
import { runDashboardBench } from './run-dashboard.js';
import { runDetectBench } from './run-detect.js';
import { runFleetBench } from './run-fleet.js';
import { runImagesBench } from './run-images.js';
import { runRespondBench } from './run-respond.js';
import { runWebhookBench } from './run-webhook.js';

const OUT = new URL('./out/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
if (process.env.BENCH_ONLY === 'detect') {
  runDetectBench(OUT);
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'webhook') {
  await runWebhookBench();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'dashboard') {
  await runDashboardBench(OUT);
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'images') {
  await runImagesBench(OUT);
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'fleet') {
  await runFleetBench();
  process.exit(0);
}

const objects = generateCluster(Number(process.env.BENCH_OBJECTS ?? 50_000));
const jsonFile = `${OUT}cluster.json`;
const yamlFile = `${OUT}cluster.yaml`;
writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects }, null, 4));
writeFileSync(yamlFile, objects.map((object) => dump(object, { lineWidth: -1, noRefs: true })).join('---\n'));
if (process.env.BENCH_ONLY === 'respond') {
  runRespondBench(OUT, yamlFile, jsonFile);
  process.exit(0);
}

interface Measurement {
  bytes: number;
  objects: number;
  inputErrors: number;
  parseMs: number;
  analysisMs: number;
  results: number;
  failures: number;
  checks: number;
  peakRssMb: number;
}

function measure(file: string, mode: 'scan' | 'load' | 'graph' | 'scan-graph' | 'reachability'): Measurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('./measure.ts', import.meta.url).pathname, file, mode], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measurement;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

const json = measure(jsonFile, 'scan');
const yamlScan = measure(yamlFile, 'scan');
const jsonTotal = json.parseMs + json.analysisMs;
const ratio = json.analysisMs / json.parseMs;
const yamlRate = yamlScan.bytes / 1e6 / (yamlScan.parseMs / 1000);

console.log(`eksguard bench: ${json.objects} objects, ${json.checks} checks`);
console.log('');
console.log(`JSON  ${mb(json.bytes)} MB  parse ${json.parseMs.toFixed(0)} ms (${(json.bytes / 1e6 / (json.parseMs / 1000)).toFixed(1)} MB/s)  analysis ${json.analysisMs.toFixed(0)} ms  total ${(jsonTotal / 1000).toFixed(2)} s`);
console.log(`      ${(json.objects / (jsonTotal / 1000)).toFixed(0)} objects/s  ${json.results} results (${json.failures} failures)  peak RSS ${json.peakRssMb.toFixed(0)} MB`);
console.log(`      ratio analysis ÷ parse = ${ratio.toFixed(2)} (target ≤ 1: ${verdict(ratio <= 1)});  whole scan ≤ 15 s: ${verdict(jsonTotal <= 15000)};  peak RSS ≤ 1 GB: ${verdict(json.peakRssMb <= 1024)}`);
console.log(`YAML  ${mb(yamlScan.bytes)} MB  load with lines ${yamlScan.parseMs.toFixed(0)} ms = ${yamlRate.toFixed(1)} MB/s (target ≥ 8: ${verdict(yamlRate >= 8)})  analysis ${yamlScan.analysisMs.toFixed(0)} ms  peak RSS ${yamlScan.peakRssMb.toFixed(0)} MB`);
console.log(`      ratio analysis ÷ parse = ${(yamlScan.analysisMs / yamlScan.parseMs).toFixed(2)}`);

type GraphMeasurement = Measurement & {
  graph: { buildMs: number; pathsMs: number; nodes: number; edges: number; reachesEdges: number; paths: number };
};
const graphRun = measure(jsonFile, 'graph') as GraphMeasurement;
const inScan = measure(jsonFile, 'scan-graph') as GraphMeasurement;
const inScanMs = inScan.graph.buildMs + inScan.graph.pathsMs;
const graphMs = graphRun.graph.buildMs + graphRun.graph.pathsMs;
const graphRatio = graphMs / graphRun.parseMs;
console.log('');
console.log(`Graph (same JSON: ${graphRun.objects} objects): build ${graphRun.graph.buildMs.toFixed(0)} ms, ${graphRun.graph.nodes} nodes, ${graphRun.graph.edges} stored edges (+${graphRun.graph.reachesEdges} pod-to-pod reaches computed on demand)`);
console.log(`      attack paths ${graphRun.graph.pathsMs.toFixed(0)} ms, ${graphRun.graph.paths} paths;  peak RSS ${graphRun.peakRssMb.toFixed(0)} MB`);
console.log(`      ratio (graph + paths) ÷ parse = ${graphRatio.toFixed(2)} standalone (target ≤ 1: ${verdict(graphRatio <= 1)});  peak RSS ≤ 1.5 GB: ${verdict(graphRun.peakRssMb <= 1536)}`);
console.log(`      the same inventory as YAML parses in ${yamlScan.parseMs.toFixed(0)} ms: (graph + paths) ÷ YAML parse = ${(graphMs / yamlScan.parseMs).toFixed(2)} standalone, ${(inScanMs / yamlScan.parseMs).toFixed(2)} in a scan`);
console.log(`      in a scan, after the checks: build ${inScan.graph.buildMs.toFixed(0)} ms + paths ${inScan.graph.pathsMs.toFixed(0)} ms = ${(inScanMs / inScan.parseMs).toFixed(2)} × parse (target ≤ 1: ${verdict(inScanMs <= inScan.parseMs)});  peak RSS ${inScan.peakRssMb.toFixed(0)} MB`);

const reach = measure('-', 'reachability') as unknown as {
  workloads: number;
  classes: number;
  buildMs: number;
  firstReachableFromMs: number;
  sameClassReachableFromMs: number;
  sampleMs: number;
  sample: number;
  peakRssMb: number;
};
console.log(`NetworkPolicy reachability (10,000 pods, 1,000 policies of every rule form): ${reach.workloads} workloads in ${reach.classes} classes, built in ${reach.buildMs.toFixed(0)} ms`);
console.log(`      reachableFrom: first of a class ${reach.firstReachableFromMs.toFixed(1)} ms, another of the same class ${reach.sameClassReachableFromMs.toFixed(3)} ms, ${reach.sample} spread workloads ${reach.sampleMs.toFixed(0)} ms;  peak RSS ${reach.peakRssMb.toFixed(0)} MB`);

interface CollectMeasurement {
  kubernetes: { objects: number; requests: number; errors: number; ms: number };
  aws: { roles: number; requests: number; errors: number; ms: number };
  peakRssMb: number;
}

const collect = JSON.parse(
  (
    execFileSync(process.execPath, ['--import', 'tsx', new URL('./measure-collect.ts', import.meta.url).pathname, '20000', '500'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    })
      .trim()
      .split('\n')
      .pop() as string
  ),
) as CollectMeasurement;
console.log('');
console.log(`Collection against the local fakes (collector and fakes in one process):`);
console.log(`      Kubernetes ${collect.kubernetes.objects} objects in ${(collect.kubernetes.ms / 1000).toFixed(2)} s, ${collect.kubernetes.requests} requests`);
console.log(`      AWS ${collect.aws.roles} IAM roles (500 IRSA + the fixture's) in ${(collect.aws.ms / 1000).toFixed(2)} s, ${collect.aws.requests} requests`);
console.log(`      peak RSS ${collect.peakRssMb.toFixed(0)} MB`);

runDetectBench(OUT);
await runWebhookBench();
await runDashboardBench(OUT);
await runImagesBench(OUT);
runRespondBench(OUT, yamlFile, jsonFile);
await runFleetBench();
