import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/test-support/run.js';
import { ScanStore } from '../../store/index.js';
import { fakeScan } from '../../store/test-support/fixtures.js';

export const HOSTILE_NAME = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u202e\u{1F600}';

export interface DashboardStore {
  path: string;
  /** The demo snapshot scanned through the CLI: compliance and attack paths included. */
  demo: number;
  /** Two scans of target `fake`: `later` drops a-1 and adds c-1. */
  earlier: number;
  later: number;
  /** One scan whose resource names hold markup. */
  hostile: number;
}

/** A store holding a real scan of the demo snapshot, a pair of fake scans to diff, and hostile names. */
export async function dashboardStore(): Promise<DashboardStore> {
  const path = join(mkdtempSync(join(tmpdir(), 'eksguard-dashboard-')), 'scans.db');
  const scanned = await run(['scan', 'snapshot', 'examples/prod.snapshot.json.gz', '--db', path, '--fail-on', 'none', '--format', 'json']);
  if (scanned.code !== 0) throw new Error(scanned.stderr);
  const store = await ScanStore.open(path);
  try {
    const demo = (await store.listScans())[0]?.id ?? 0;
    const earlier = await store.recordScan(
      fakeScan([{ id: 'a-1', severity: 'critical' }, { id: 'a-2', severity: 'high' }, { id: 'b-1', severity: 'low', waived: true }], { passes: 6, scannedAt: '2025-01-01T00:00:00.000Z' }),
      { sourceType: 'manifests', target: 'fake' },
    );
    const later = await store.recordScan(
      fakeScan([{ id: 'a-2', severity: 'high' }, { id: 'b-1', severity: 'low', waived: true }, { id: 'c-1', severity: 'medium' }], { passes: 7, scannedAt: '2025-01-02T00:00:00.000Z' }),
      { sourceType: 'manifests', target: 'fake' },
    );
    const hostile = await store.recordScan(fakeScan([{ id: HOSTILE_NAME }]), { sourceType: 'manifests', target: HOSTILE_NAME });
    return { path, demo, earlier, later, hostile };
  } finally {
    await store.close();
  }
}
