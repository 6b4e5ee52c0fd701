import { useApi } from '../api/client.js';
import type { DiffAnswer, FindingRow, ScanRow } from '../api/types.js';
import type { ViewProps } from '../app.js';
import { SeverityBadge } from '../components/badges.js';
import { Empty, Loaded } from '../components/load-state.js';
import { ResourceName } from '../components/resource-name.js';
import { scanLabel } from '../components/scan-picker.js';
import { useLocation, useQueryUpdate } from '../router.js';

export function DiffView({ scan, scans }: ViewProps) {
  const { query } = useLocation();
  const update = useQueryUpdate();
  const to = Number(query.get('to')) || scan.id;
  const from = Number(query.get('from')) || defaultFrom(scans, to);
  const diff = useApi<DiffAnswer>(from ? `/api/diff?from=${from}&to=${to}` : undefined);
  return (
    <section className="view diff">
      <h1>Diff</h1>
      <div className="toolbar">
        <ScanSelect label="From" scans={scans} value={from} onChange={(id) => update({ from: String(id) })} />
        <ScanSelect label="To" scans={scans} value={to} onChange={(id) => update({ to: String(id) })} />
      </div>
      {from ? (
        <Loaded load={diff} what="diff">
          {(data) => (
            <div className="diff-lists">
              <DiffList title="New" kind="new" rows={data.new} total={data.counts.new} open />
              <DiffList title="Fixed" kind="fixed" rows={data.fixed} total={data.counts.fixed} open />
              {data.counts.notRechecked > 0 && (
                <DiffList title="Not rechecked (their check did not run or could not decide)" kind="not-rechecked" rows={data.notRechecked} total={data.counts.notRechecked} open />
              )}
              <DiffList title="Unchanged" kind="unchanged" rows={data.unchanged} total={data.counts.unchanged} />
            </div>
          )}
        </Loaded>
      ) : (
        <Empty>Only one scan is stored: record another to compare.</Empty>
      )}
    </section>
  );
}

/** The scan before `to` of its comparison group, else any older one. */
function defaultFrom(scans: ScanRow[], to: number): number | undefined {
  const target = scans.find((scan) => scan.id === to);
  const older = scans.filter((scan) => scan.id < to);
  // The store's comparison group (source, cluster or paths, scope): the scan `previous` means.
  const same = older.find((scan) => target && scan.groupKey === target.groupKey);
  return (same ?? older[0] ?? scans.find((scan) => scan.id !== to))?.id;
}

function ScanSelect(props: { label: string; scans: ScanRow[]; value: number | undefined; onChange: (id: number) => void }) {
  return (
    <label>
      {props.label}{' '}
      <select aria-label={`${props.label} scan`} value={props.value ?? ''} onChange={(event) => props.onChange(Number(event.target.value))}>
        {props.scans.map((scan) => (
          <option key={scan.id} value={scan.id}>
            {scanLabel(scan)}
          </option>
        ))}
      </select>
    </label>
  );
}

const SHOWN = 500;

function DiffList(props: { title: string; kind: string; rows: FindingRow[]; total: number; open?: boolean }) {
  return (
    <details className={`diff-list ${props.kind}`} open={props.open} data-diff={props.kind}>
      <summary>
        {props.title} <span className="count-pill">{props.total}</span>
      </summary>
      {props.rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain">
          {props.rows.slice(0, SHOWN).map((row) => (
            <li key={row.fingerprint} className="wrap">
              <SeverityBadge severity={row.severity} /> <span className="check">{row.checkId}</span> <ResourceName resource={row.resource} />
              <span className="muted"> {row.message}</span>
            </li>
          ))}
          {props.total > SHOWN && <li className="muted">and {props.total - SHOWN} more (see the findings view)</li>}
        </ul>
      )}
    </details>
  );
}
