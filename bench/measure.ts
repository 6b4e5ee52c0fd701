/** One measurement in a fresh process, so peak RSS belongs to it alone. Prints JSON. */
import { readFileSync } from 'node:fs';
import { loadManifestText } from '../src/collect/files/index.js';
import { InventoryView } from '../src/inventory/index.js';
import { BUILT_IN_CHECKS, evaluate } from '../src/checks/index.js';

const [file, mode] = process.argv.slice(2) as [string, 'scan' | 'load'];
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

console.log(
  JSON.stringify({
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
