import { useState, type FormEvent } from 'react';
import { useApi } from '../api/client.js';
import type { ResourceSummary, ResourcesAnswer } from '../api/types.js';
import type { ViewProps } from '../app.js';
import { SeverityCounts } from '../components/badges.js';
import { Link } from '../components/link.js';
import { Loaded } from '../components/load-state.js';
import { href, useLocation, useQueryUpdate } from '../router.js';
import { withQuery } from '../with-query.js';

const PAGE = 100;

export function ResourcesView({ scan }: ViewProps) {
  const { query } = useLocation();
  const update = useQueryUpdate();
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const resources = useApi<ResourcesAnswer>(withQuery(`/api/scans/${scan.id}/resources`, { q: query.get('q') ?? undefined, limit: PAGE, offset }));
  const [text, setText] = useState(query.get('q') ?? '');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    update({ q: text.trim(), offset: undefined });
  };
  return (
    <section className="view resources">
      <h1>Resources</h1>
      <form className="search" role="search" onSubmit={submit}>
        <input type="search" aria-label="Search resources" placeholder="Kind, namespace or name" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">Search</button>
      </form>
      <Loaded load={resources} what="resources">
        {(data) => (
          <>
            <div className="pager">
              <span>{data.total === 0 ? 'No resources with findings' : `${offset + 1}–${offset + data.rows.length} of ${data.total} resources with findings`}</span>
              <button type="button" disabled={offset === 0} onClick={() => update({ offset: String(Math.max(0, offset - PAGE)) })}>
                Previous
              </button>
              <button type="button" disabled={offset + data.rows.length >= data.total} onClick={() => update({ offset: String(offset + PAGE) })}>
                Next
              </button>
            </div>
            {groupByKind(data.rows).map(([kind, rows]) => (
              <ResourceGroup key={kind} kind={kind} rows={rows} scanId={scan.id} />
            ))}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** Groups in the server's order (most critical first), so the worst kind leads. */
function groupByKind(rows: ResourceSummary[]): [string, ResourceSummary[]][] {
  const groups = new Map<string, ResourceSummary[]>();
  for (const row of rows) groups.set(row.kind, [...(groups.get(row.kind) ?? []), row]);
  return [...groups];
}

function ResourceGroup(props: { kind: string; rows: ResourceSummary[]; scanId: number }) {
  return (
    <details open className="resource-group">
      <summary className="wrap">
        {props.kind} <span className="muted">({props.rows.length})</span>
      </summary>
      <table className="resources-table">
        <colgroup>
          <col className="c-ns" />
          <col />
          <col className="c-counts" />
          <col className="c-num" />
        </colgroup>
        <thead>
          <tr>
            <th>Namespace</th>
            <th>Name</th>
            <th>Unwaived failures</th>
            <th>Findings</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={`${row.namespace ?? ''}/${row.name}`}>
              <td className="wrap">
                <div className="clip data">{row.namespace ?? <span className="muted">cluster</span>}</div>
              </td>
              <td className="wrap">
                <div className="clip data">
                  <Link to={href('/findings', { scan: props.scanId, q: row.name, namespace: row.namespace })}>{row.name}</Link>
                </div>
              </td>
              <td>
                <SeverityCounts counts={row.failures} />
              </td>
              <td className="num">{row.findings}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
