import type { JSX } from 'react';
import { useApi } from './api/client.js';
import type { ScanRow, ScansAnswer } from './api/types.js';
import { Link } from './components/link.js';
import { Empty, ErrorBox, Loaded } from './components/load-state.js';
import { ScanPicker } from './components/scan-picker.js';
import { ROUTES, href, useLocation } from './router.js';
import { ComplianceView } from './views/compliance.js';
import { DiffView } from './views/diff.js';
import { FindingsView } from './views/findings.js';
import { OverviewView } from './views/overview.js';
import { PathsView } from './views/paths.js';
import { ResourcesView } from './views/resources.js';

export interface ViewProps {
  scan: ScanRow;
  scans: ScanRow[];
}

const VIEWS: Record<string, (props: ViewProps) => JSX.Element> = {
  '/': OverviewView,
  '/findings': FindingsView,
  '/resources': ResourcesView,
  '/compliance': ComplianceView,
  '/paths': PathsView,
  '/diff': DiffView,
};

/** Scans the picker offers: the newest, which is plenty for the retention `scan` keeps per cluster. */
const SCANS_LISTED = 500;

export function App() {
  const location = useLocation();
  const scans = useApi<ScansAnswer>(`/api/scans?limit=${SCANS_LISTED}`);
  const requested = location.query.get('scan');
  const selected = scans.state === 'ready' ? selectScan(scans.data.scans, requested) : undefined;
  return (
    <div className="app">
      <header className="top">
        <span className="brand">eksguard</span>
        <nav aria-label="Views">
          {ROUTES.map((route) => (
            <Link key={route.path} to={href(route.path, { scan: selected?.id ?? requested ?? undefined })} className={route.path === location.path ? 'active' : undefined}>
              {route.label}
            </Link>
          ))}
        </nav>
        {scans.state === 'ready' && selected && <ScanPicker scans={scans.data.scans} selected={selected.id} />}
      </header>
      <main>
        <Loaded load={scans} what="scans">
          {(data) => <Body scans={data.scans} scan={selected} requested={requested} path={location.path} />}
        </Loaded>
      </main>
    </div>
  );
}

/** The scan the address names, else the newest; undefined when it names one not listed. */
function selectScan(scans: ScanRow[], requested: string | null): ScanRow | undefined {
  return requested === null ? scans[0] : scans.find((scan) => String(scan.id) === requested);
}

function Body(props: { scans: ScanRow[]; scan: ScanRow | undefined; requested: string | null; path: string }) {
  const View = VIEWS[props.path];
  if (!View) return <ErrorBox message={`No view at ${props.path}.`} />;
  if (props.scans.length === 0) return <NoScans />;
  if (!props.scan) return <ErrorBox message={`Scan ${props.requested ?? ''} is not in the store (or not among its ${SCANS_LISTED} newest scans).`} />;
  return <View key={props.scan.id} scan={props.scan} scans={props.scans} />;
}

/** The overview's own answer says what to do when nothing was recorded yet. */
function NoScans() {
  const overview = useApi<unknown>('/api/overview');
  if (overview.state === 'loading') return <p className="loading">Loading…</p>;
  return <Empty>{overview.state === 'error' ? overview.error.message : 'No scans recorded yet.'}</Empty>;
}
