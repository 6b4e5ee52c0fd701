/**
 * The report's stylesheet, inlined and allowed by its hash. Long values (10,000-character names,
 * unbroken base64) wrap anywhere and tables have a fixed layout, so no scanned value can widen
 * the page. Print hides the filters and the pager and keeps colours readable in black and white.
 */
export const STYLES = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6573; --line: #d9dee5; --bg: #f6f7f9;
  --critical: #8b1a1a; --high: #c2410c; --medium: #b7791f; --low: #2563eb; --info: #64748b; --pass: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
p, li, dd, dt, td, th, summary, h1, h2, h3, code, pre, label, option, figcaption { overflow-wrap: anywhere; word-break: break-word; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; background: var(--bg); padding: 6px; margin: 4px 0; max-height: 20em; overflow: auto; }
.muted, small { color: var(--muted); }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; margin: 0; }
.tiles div { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 110px; }
.tiles dt { color: var(--muted); font-size: 12px; }
.tiles dd { margin: 0; font-size: 20px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { margin: 12px 0; flex: 1 1 360px; max-width: 520px; }
.chart svg { width: 100%; height: auto; font-size: 12px; }
.chart text { fill: var(--fg); }
rect.area { fill: #475569; }
rect.sev-critical { fill: var(--critical); } rect.sev-high { fill: var(--high); } rect.sev-medium { fill: var(--medium); }
rect.sev-low { fill: var(--low); } rect.sev-info { fill: var(--info); }
.gauge { width: 200px; height: 8px; vertical-align: middle; }
.gauge-track { fill: var(--line); } .gauge-fill { fill: var(--pass); }
.sev { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; font-weight: 600; text-transform: uppercase; }
span.sev-critical { background: var(--critical); } span.sev-high { background: var(--high); } span.sev-medium { background: var(--medium); }
span.sev-low { background: var(--low); } span.sev-info { background: var(--info); }
.ctl-pass { color: var(--pass); } .ctl-fail { color: var(--critical); } .ctl-manual, .ctl-not-evaluated { color: var(--muted); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid var(--line); }
th { background: var(--bg); position: sticky; top: 0; }
col.c-sev { width: 96px; } col.c-check { width: 16%; } col.c-res { width: 20%; } col.c-loc { width: 16%; }
.controls td:first-child { width: 80px; }
details > summary { cursor: pointer; }
details dl { margin: 6px 0; display: grid; grid-template-columns: minmax(70px, 9em) minmax(0, 1fr); gap: 2px 10px; }
details dt { color: var(--muted); }
details dd { margin: 0; min-width: 0; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; padding: 8px; background: var(--bg); border-radius: 6px; margin-bottom: 8px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); max-width: 220px; }
.filters select, .filters input { max-width: 220px; font: inherit; color: var(--fg); }
.filters[hidden] { display: none; }
.pager { margin: 8px 0; }
.paths > li { margin: 6px 0; } .steps { margin: 6px 0; } .evidence { color: var(--muted); }
.edge { color: var(--muted); white-space: nowrap; }
.check { border-top: 1px solid var(--line); }
.framework { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; margin: 8px 0; }
.problems { color: var(--critical); }
@media print {
  .filters, .pager { display: none !important; }
  th { position: static; }
  a { color: inherit; text-decoration: none; }
  .sev { color: #000; border: 1px solid #000; background: none !important; }
  tr, .check, .framework { break-inside: avoid; }
  header, main { max-width: none; }
}
`;
