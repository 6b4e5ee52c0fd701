import { useState, type FormEvent } from 'react';
import { useApi, useLastData } from '../api/client.js';
import type { FindingRow, FindingsAnswer } from '../api/types.js';
import type { ViewProps } from '../app.js';
import { SEVERITY_ORDER, SeverityBadge, StatusBadge } from '../components/badges.js';
import { Facet } from '../components/facets.js';
import { Loaded } from '../components/load-state.js';
import { ResourceName } from '../components/resource-name.js';
import { useLocation, useQueryUpdate } from '../router.js';
import { withQuery } from '../with-query.js';
import { FindingDetailPanel } from './finding-detail.js';

const PAGE = 50;
/** URL parameters the explorer passes through to the API as they are. */
const FILTERS = ['severity', 'area', 'namespace', 'check', 'status', 'change', 'waived', 'q', 'sort'] as const;

export function FindingsView({ scan }: ViewProps) {
  const { query } = useLocation();
  const update = useQueryUpdate();
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const params: Record<string, string | number | undefined> = { limit: PAGE, offset };
  for (const name of FILTERS) params[name] = query.get(name) ?? undefined;
  const page = useApi<FindingsAnswer>(withQuery(`/api/scans/${scan.id}/findings`, params));
  const facets = useLastData(page)?.facets;
  const selected = query.get('finding');
  const list = (name: string): string[] => (query.get(name) ?? '').split(',').filter(Boolean);
  const setFilter = (name: string, value: string | undefined): void => update({ [name]: value, offset: undefined });
  const setList = (name: string) => (values: string[]) => setFilter(name, values.join(','));
  const filtered = FILTERS.some((name) => name !== 'sort' && query.get(name));
  return (
    <section className="view findings">
      <h1>Findings</h1>
      <SearchBox key={query.get('q') ?? ''} initial={query.get('q') ?? ''} onSearch={(text) => setFilter('q', text)} />
      <div className="explorer">
        <aside className="filters" aria-label="Filters">
          <fieldset className="facet">
            <legend>Change and waivers</legend>
            <label className="facet-value">
              <input type="checkbox" checked={query.get('change') === 'new'} onChange={(event) => setFilter('change', event.target.checked ? 'new' : undefined)} />
              <span className="facet-label">new since previous scan</span>
            </label>
            <label className="facet-value">
              <span className="facet-label">waived</span>
              <select aria-label="Waived" value={query.get('waived') ?? ''} onChange={(event) => setFilter('waived', event.target.value)}>
                <option value="">any</option>
                <option value="false">not waived</option>
                <option value="true">waived only</option>
              </select>
            </label>
          </fieldset>
          {facets && (
            <>
              <Facet name="severity" counts={facets.severity} selected={list('severity')} order={SEVERITY_ORDER} onChange={setList('severity')} />
              <Facet name="status" counts={facets.status} selected={list('status')} onChange={setList('status')} />
              <Facet name="area" counts={facets.area} selected={list('area')} onChange={setList('area')} />
              <Facet name="namespace" counts={facets.namespace} selected={list('namespace')} onChange={setList('namespace')} />
              <Facet name="checkId" counts={facets.checkId} selected={list('check')} onChange={setList('check')} />
            </>
          )}
          {filtered && (
            <button type="button" onClick={() => update(Object.fromEntries([...FILTERS, 'offset', 'finding'].map((name) => [name, undefined])))}>
              Clear filters
            </button>
          )}
        </aside>
        <div className="results">
          <Loaded load={page} what="findings">
            {(data) => (
              <>
                <Pager total={data.total} offset={offset} shown={data.rows.length} onOffset={(next) => update({ offset: next ? String(next) : undefined })} />
                {data.rows.length === 0 ? (
                  <p className="empty">No findings match.</p>
                ) : (
                  <FindingsTable rows={data.rows} sort={query.get('sort') ?? 'severity'} selected={selected} onSort={(sort) => setFilter('sort', sort)} onSelect={(fingerprint) => update({ finding: fingerprint })} />
                )}
              </>
            )}
          </Loaded>
        </div>
        {selected && <FindingDetailPanel scanId={scan.id} fingerprint={selected} onClose={() => update({ finding: undefined })} />}
      </div>
    </section>
  );
}

function SearchBox(props: { initial: string; onSearch: (text: string) => void }) {
  const [text, setText] = useState(props.initial);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    props.onSearch(text.trim());
  };
  return (
    <form className="search" role="search" onSubmit={submit}>
      <input type="search" aria-label="Search findings" placeholder="Search check, title, message, resource, namespace, path" value={text} onChange={(event) => setText(event.target.value)} />
      <button type="submit">Search</button>
    </form>
  );
}

function Pager(props: { total: number; offset: number; shown: number; onOffset: (offset: number) => void }) {
  const { total, offset, shown } = props;
  return (
    <div className="pager">
      <span data-testid="findings-total">
        {total === 0 ? '0 findings' : `${offset + 1}–${offset + shown} of ${total} findings`}
      </span>
      <button type="button" disabled={offset === 0} onClick={() => props.onOffset(Math.max(0, offset - PAGE))}>
        Previous
      </button>
      <button type="button" disabled={offset + shown >= total} onClick={() => props.onOffset(offset + PAGE)}>
        Next
      </button>
    </div>
  );
}

function FindingsTable(props: { rows: (FindingRow & { isNew: boolean })[]; sort: string; selected: string | null; onSort: (sort: string) => void; onSelect: (fingerprint: string) => void }) {
  return (
    <table className="findings-table">
      <colgroup>
        <col className="c-sev" />
        <col className="c-check" />
        <col className="c-resource" />
        <col />
        <col className="c-status" />
        <col className="c-risk" />
      </colgroup>
      <thead>
        <tr>
          <SortHeader sort="severity" label="Severity" current={props.sort} onSort={props.onSort} />
          <SortHeader sort="check" label="Check" current={props.sort} onSort={props.onSort} />
          <SortHeader sort="resource" label="Resource" current={props.sort} onSort={props.onSort} />
          <th>Message</th>
          <th>Status</th>
          <SortHeader sort="risk" label="Risk" current={props.sort} onSort={props.onSort} />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr
            key={row.fingerprint}
            className={row.fingerprint === props.selected ? 'selected' : undefined}
            onClick={() => props.onSelect(row.fingerprint)}
            tabIndex={0}
            onKeyDown={(event) => event.key === 'Enter' && props.onSelect(row.fingerprint)}
            data-fingerprint={row.fingerprint}
          >
            <td>
              <SeverityBadge severity={row.severity} />
            </td>
            <td className="wrap">{row.checkId}</td>
            <td className="wrap">
              <div className="clip">
                <ResourceName resource={row.resource} />
              </div>
            </td>
            <td className="wrap">
              <div className="clip">
                <span className="data">{row.message}</span>
                {row.isNew && <span className="badge new">new</span>}
                {row.waived && <span className="badge waived">waived</span>}
              </div>
            </td>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td className="num">{row.riskScore ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SortHeader(props: { sort: string; label: string; current: string; onSort: (sort: string) => void }) {
  const active = props.sort === props.current;
  return (
    <th aria-sort={active ? 'other' : 'none'}>
      <button type="button" className={active ? 'sort active' : 'sort'} onClick={() => props.onSort(props.sort)}>
        {props.label}
      </button>
    </th>
  );
}
