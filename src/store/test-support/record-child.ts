/**
 * A child process for the store's concurrency and kill tests:
 *   record-child.ts <db> <scans> <findings-per-scan> <label>
 * records <scans> scans (forever when <scans> is 0), printing "started" first and "done" at the end.
 */
import { ScanStore } from '../scan-store.js';
import { fakeScan, manyFindings } from './fixtures.js';

const [db, scansArg, findingsArg, label] = process.argv.slice(2);
if (!db || !scansArg || !findingsArg || !label) throw new Error('usage: record-child.ts <db> <scans> <findings> <label>');
const scans = Number(scansArg);
const result = fakeScan(manyFindings(label, Number(findingsArg)), { passes: 100 });
const store = ScanStore.open(db);
process.stdout.write('started\n');
for (let i = 0; scans === 0 || i < scans; i++) store.recordScan(result, { sourceType: 'manifests', target: label });
store.close();
process.stdout.write('done\n');
