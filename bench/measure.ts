/** One measurement in a fresh process, so peak RSS belongs to it alone. Prints JSON. */
import { readFileSync } from 'node:fs';
import { loadManifestText } from '../src/collect/files/index.js';
import { InventoryView } from '../src/inventory/index.js';
import { BUILT_IN_CHECKS, evaluate } from '../src/checks/index.js';
import { buildGraph, findPaths } from '../src/graph/index.js';
import { benchReachability } from './reachability.js';

const [file, mode] = process.argv.slice(2) as [string, 'scan' | 'load' | 'graph' | 'scan-graph' | 'reachability'];
if (mode === 'reachability') {
  // Policies of every rule form over 10,000 pods (its own generator: the cluster dump's
  // policies are too uniform to stress the classes).
  console.log(JSON.stringify({ ...benchReachability(), peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
const MANIFEST_CHECKS = BUILT_IN_CHECKS.filter((check) => !check.needs?.length);
const text = readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text);

const loadStart = performance.now();
const loaded = loadManifestText(text, file);
const parseMs = performance.now() - loadStart;

let analysisMs = 0;
let results = 0;
let failures = 0;
if (mode === 'scan') {
  const analysisStart = performance.now();
  const view = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
  // What `scan manifests` runs: checks that need AWS or kubelet data are left out there.
  const scanned = evaluate(view, MANIFEST_CHECKS, { recordPasses: false }).results;
  analysisMs = performance.now() - analysisStart;
  results = scanned.length;
  failures = scanned.filter((result) => result.status === 'fail').length;
}

let graph: { buildMs: number; pathsMs: number; nodes: number; edges: number; reachesEdges: number; paths: number } | undefined;
if (mode === 'graph' || mode === 'scan-graph') {
  const view = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
  // In a scan the checks run first and have built what the graph shares with them (workloads,
  // effective RBAC, policy coverage); `graph` measures the graph alone, from nothing.
  if (mode === 'scan-graph') evaluate(view, MANIFEST_CHECKS, { recordPasses: false });
  const buildStart = performance.now();
  const built = buildGraph(view);
  const buildMs = performance.now() - buildStart;
  const pathsStart = performance.now();
  const paths = findPaths(built);
  const pathsMs = performance.now() - pathsStart;
  graph = { buildMs, pathsMs, nodes: built.nodeCount, edges: built.storedEdgeCount, reachesEdges: 0, paths: paths.length };
  // Counted after timing: walking every workload's pod-to-pod edges is what the searches avoid.
  for (const node of built.nodes()) if (node.type === 'workload') graph.reachesEdges += built.out(node.id, new Set(['reaches'])).length;
}

console.log(
  JSON.stringify({
    graph,
    file,
    mode,
    bytes,
    objects: loaded.objects.length,
    inputErrors: loaded.errors.length,
    parseMs,
    analysisMs,
    results,
    failures,
    checks: MANIFEST_CHECKS.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
