import { escapeHtml } from './escape.js';

export interface Bar {
  label: string;
  value: number;
  /** A class from the stylesheet that colours the bar (`sev-critical`). */
  tone: string;
}

const ROW = 22;
const LABEL_WIDTH = 110;
const BAR_WIDTH = 260;
const COUNT_WIDTH = 60;

/**
 * A horizontal bar chart as inline SVG, drawn here so the report needs no chart library and no
 * script to show it. Colours come from classes (a CSP without 'unsafe-inline' refuses style
 * attributes); the SVG scales with its container through its viewBox.
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH;
  const height = Math.max(1, bars.length) * ROW;
  const rows = bars.map((bar, index) => {
    const y = index * ROW;
    const length = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * BAR_WIDTH));
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
      `<rect class="${escapeHtml(bar.tone)}" x="${LABEL_WIDTH}" y="${y + 4}" width="${length}" height="${ROW - 8}" rx="2"/>` +
      `<text x="${LABEL_WIDTH + length + 6}" y="${y + 15}">${bar.value}</text>`
    );
  });
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title>${rows.join('')}</svg></figure>`
  );
}

/** A score from 0 to 100 as a thin horizontal gauge; no score draws an empty track. */
export function scoreGauge(score: number | null): string {
  const filled = score === null ? 0 : Math.round(Math.min(100, Math.max(0, score)) * 2);
  return (
    `<svg class="gauge" viewBox="0 0 200 8" aria-hidden="true">` +
    `<rect class="gauge-track" width="200" height="8" rx="4"/>` +
    `<rect class="gauge-fill" width="${filled}" height="8" rx="4"/></svg>`
  );
}
