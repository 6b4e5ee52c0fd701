/**
 * A child process for the store's concurrency and kill tests:
 *   record-child.ts <db file or postgres:// URL> <scans> <findings-per-scan> <label>
 * records <scans> scans (forever when <scans> is 0), printing "started" first, then each scan's
 * id on a line "scan <id>", and "done" at the end.
 */
import { ScanStore } from '../scan-store.js';
import { fakeScan, manyFindings } from './fixtures.js';

const [db, scansArg, findingsArg, label] = process.argv.slice(2);
if (!db || !scansArg || !findingsArg || !label) throw new Error('usage: record-child.ts <db> <scans> <findings> <label>');
const scans = Number(scansArg);
const result = fakeScan(manyFindings(label, Number(findingsArg)), { passes: 100 });
const store = await ScanStore.open(db);
process.stdout.write('started\n');
for (let i = 0; scans === 0 || i < scans; i++) {
  const id = await store.recordScan(result, { sourceType: 'manifests', target: label });
  process.stdout.write(`scan ${id}\n`);
}
await store.close();
process.stdout.write('done\n');
