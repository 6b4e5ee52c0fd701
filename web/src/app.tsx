import { useEffect, type JSX } from 'react';
import { useApi } from './api/client.js';
import type { ScanRow } from './api/types.js';
import { ClusterPicker } from './components/cluster-picker.js';
import { Link } from './components/link.js';
import { Empty, ErrorBox, Loaded } from './components/load-state.js';
import { ScanPicker } from './components/scan-picker.js';
import { FLEET_PATH, ROUTES, href, navigate, useLocation } from './router.js';
import { useScanList } from './scan-list.js';
import { ComplianceView } from './views/compliance.js';
import { DiffView } from './views/diff.js';
import { FleetView } from './views/fleet.js';
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

export function App() {
  const location = useLocation();
  const requested = location.query.get('scan');
  const list = useScanList(requested);
  const data = list.state === 'ready' ? list.data : undefined;
  const fleet = (data?.clusters.length ?? 0) > 1;
  const onFleet = location.path === FLEET_PATH;
  // A store of many clusters opens on the fleet; an address naming a scan still opens that scan.
  const landing = fleet && location.path === '/' && requested === null;
  useEffect(() => {
    if (landing) navigate(FLEET_PATH, { replace: true });
  }, [landing]);
  const selected = data?.selected;
  const scan = selected?.id ?? requested ?? undefined;
  return (
    <div className="app">
      <header className="top">
        <span className="brand">eksguard</span>
        <nav aria-label="Views">
          {fleet && (
            <Link to={href(FLEET_PATH, { scan })} className={onFleet ? 'active' : undefined}>
              Fleet
            </Link>
          )}
          {ROUTES.map((route) => (
            <Link key={route.path} to={href(route.path, { scan })} className={route.path === location.path ? 'active' : undefined}>
              {route.label}
            </Link>
          ))}
        </nav>
        {data && fleet && <ClusterPicker clusters={data.clusters} selected={onFleet ? undefined : data.cluster} path={location.path} />}
        {data && selected && !onFleet && <ScanPicker scans={fleet ? data.scans.filter((row) => row.groupKey === selected.groupKey) : data.scans} selected={selected.id} />}
      </header>
      <main>
        <Loaded load={list} what="scans">
          {(loaded) => (landing ? <p className="loading">Loading…</p> : <Body scans={loaded.scans} scan={loaded.selected} requested={requested} path={location.path} />)}
        </Loaded>
      </main>
    </div>
  );
}

function Body(props: { scans: ScanRow[]; scan: ScanRow | undefined; requested: string | null; path: string }) {
  const View = VIEWS[props.path];
  if (!View && props.path !== FLEET_PATH) return <ErrorBox message={`No view at ${props.path}.`} />;
  if (props.scans.length === 0) return <NoScans />;
  if (!View) return <FleetView />;
  if (!props.scan) return <ErrorBox message={`Scan ${props.requested ?? ''} is not in the store.`} />;
  return <View key={props.scan.id} scan={props.scan} scans={props.scans} />;
}

/** The overview's own answer says what to do when nothing was recorded yet. */
function NoScans() {
  const overview = useApi<unknown>('/api/overview');
  if (overview.state === 'loading') return <p className="loading">Loading…</p>;
  return <Empty>{overview.state === 'error' ? overview.error.message : 'No scans recorded yet.'}</Empty>;
}
