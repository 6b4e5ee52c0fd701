import type { FacetName } from '../../../src/store/index.js';

const LABELS: Record<FacetName, string> = { severity: 'Severity', status: 'Status', area: 'Area', namespace: 'Namespace', checkId: 'Check' };
/** Facets with many values show the largest ones first; the rest stay reachable through search. */
const SHOWN = 25;

/**
 * One facet as checkboxes with the count each value would add. `selected` is the comma list in
 * the URL; toggling calls `onChange` with the new list.
 */
export function Facet(props: { name: FacetName; counts: Record<string, number>; selected: string[]; order?: readonly string[]; onChange: (values: string[]) => void }) {
  const { counts, selected } = props;
  const values = Object.keys(counts);
  for (const value of selected) if (!values.includes(value)) values.push(value);
  const rank = (value: string): number => (props.order ? props.order.indexOf(value) : -1);
  values.sort((a, b) => (props.order ? rank(a) - rank(b) : (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b)));
  const shown = values.filter((value, index) => index < SHOWN || selected.includes(value));
  const toggle = (value: string): void => props.onChange(selected.includes(value) ? selected.filter((other) => other !== value) : [...selected, value]);
  return (
    <fieldset className="facet" data-facet={props.name}>
      <legend>{LABELS[props.name]}</legend>
      {shown.map((value) => (
        <label key={value} className="facet-value">
          <input type="checkbox" checked={selected.includes(value)} onChange={() => toggle(value)} />
          <span className="facet-label">{value === '' ? '(cluster-scoped)' : value}</span>
          <span className="facet-count">{counts[value] ?? 0}</span>
        </label>
      ))}
      {values.length > shown.length && <p className="muted">{values.length - shown.length} more; use search</p>}
    </fieldset>
  );
}
