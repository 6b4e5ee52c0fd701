import { AREAS, SEVERITIES, type CheckResult } from '../../model/index.js';
import { compareText } from '../resource-label.js';
import type { CheckIndex } from './checks-section.js';
import { escapeHtml } from './escape.js';
import { ROW_STATUSES, rowStatus } from './findings-data.js';

/** Shown for cluster-scoped resources in the namespace filter. */
const NO_NAMESPACE = '(cluster-scoped)';

/**
 * The filter bar, an empty table and the pager. The rows come from the data block: the client
 * script renders the current page of matching findings, so 20,000 findings neither bloat the
 * file with markup nor the page with nodes. The filter bar stays hidden until the script runs.
 */
export function findingsSection(findings: readonly CheckResult[], checks: CheckIndex): string {
  if (findings.length === 0) return `<section id="findings"><h2>Findings (0)</h2><p>No findings.</p></section>`;
  return (
    `<section id="findings"><h2>Findings (${findings.length})</h2>${filterBar(findings, checks)}` +
    `<noscript><p>The findings table is drawn by the report's script; the checks section lists every check with its remediation.</p></noscript>` +
    `<table class="findings"><colgroup><col class="c-sev"><col class="c-check"><col class="c-res"><col class="c-loc"><col class="c-msg"></colgroup>` +
    `<thead><tr><th>Severity</th><th>Check</th><th>Resource</th><th>Location</th><th>Finding</th></tr></thead>` +
    `<tbody id="rows"></tbody></table>` +
    `<nav class="pager" id="pager" hidden><button type="button" id="prev">Previous</button> <output id="page"></output> <button type="button" id="next">Next</button></nav>` +
    `</section>`
  );
}

function filterBar(findings: readonly CheckResult[], checks: CheckIndex): string {
  const severities = new Set(findings.map((entry) => entry.severity));
  const areas = new Set(findings.map((entry) => entry.area));
  const statuses = new Set(findings.map(rowStatus));
  const namespaces = [...new Set(findings.map((entry) => entry.resource.namespace ?? ''))].sort(compareText);
  const checkIds = [...new Set(findings.map((entry) => entry.checkId))].sort(compareText);
  return (
    `<div class="filters" id="filters" hidden>` +
    select('s', 'Severity', SEVERITIES.filter((value) => severities.has(value)).map((value) => [value, value])) +
    select('a', 'Area', AREAS.filter((value) => areas.has(value)).map((value) => [value, value])) +
    select('t', 'Status', ROW_STATUSES.filter((value) => statuses.has(value)).map((value) => [value, value])) +
    select('n', 'Namespace', namespaces.map((value) => [value, value === '' ? NO_NAMESPACE : value])) +
    select('c', 'Check', checkIds.map((value) => [String(checks.indexOf(value)), value])) +
    `<label>Search <input type="search" id="q" autocomplete="off" spellcheck="false"></label>` +
    `<label>Per page <select id="size"><option>50</option><option selected>100</option><option>500</option><option value="0">all</option></select></label>` +
    `<output id="shown" aria-live="polite"></output></div>`
  );
}

function select(key: string, label: string, options: readonly (readonly [string, string])[]): string {
  const items = options.map(([value, text]) => `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`).join('');
  return `<label>${label} <select data-filter="${key}"><option value="">all</option>${items}</select></label>`;
}
