import type { CheckMeta, CheckResult } from '../../model/index.js';
import { compareText } from '../resource-label.js';
import { escapeHtml, safeHref } from './escape.js';

interface CheckEntry {
  id: string;
  title: string;
  severity: string;
  area: string;
  description?: string;
  remediation: string;
  links: readonly string[];
}

/** The checks behind the shown findings, each written once and referred to by its anchor. */
export class CheckIndex {
  private readonly entries: CheckEntry[];
  private readonly byId = new Map<string, { entry: CheckEntry; index: number }>();

  constructor(findings: readonly CheckResult[], catalogue: readonly CheckMeta[]) {
    const meta = new Map(catalogue.map((check) => [check.id, check]));
    const seen = new Map<string, CheckEntry>();
    for (const entry of findings) {
      if (seen.has(entry.checkId)) continue;
      const check = meta.get(entry.checkId);
      // Custom checks and results from an older catalogue have no metadata: the finding speaks for its check.
      seen.set(entry.checkId, {
        id: entry.checkId,
        title: check?.title ?? entry.title,
        severity: check?.severity ?? entry.severity,
        area: check?.area ?? entry.area,
        ...(check && { description: check.description }),
        remediation: check?.remediation ?? entry.remediation,
        links: check?.links ?? [],
      });
    }
    this.entries = [...seen.values()].sort((a, b) => compareText(a.id, b.id));
    // Anchors are numbered, never made from the id: a custom check's id stays out of attribute syntax.
    this.entries.forEach((entry, index) => this.byId.set(entry.id, { entry, index }));
  }

  /** The check's position; its anchor in the checks section is `k` and this number. */
  indexOf(checkId: string): number {
    return this.byId.get(checkId)?.index ?? -1;
  }

  remediationOf(checkId: string): string | undefined {
    return this.byId.get(checkId)?.entry.remediation;
  }

  /** Id, area and remediation of each check, for the script that renders findings. */
  table(): [string, string, string][] {
    return this.entries.map((entry) => [entry.id, entry.area, entry.remediation]);
  }

  section(): string {
    if (this.entries.length === 0) return '';
    const items = this.entries.map((entry, index) => {
      const links = entry.links
        .map((url) => {
          const href = safeHref(url);
          return href === undefined ? `<li>${escapeHtml(url)}</li>` : `<li><a href="${href}" rel="noreferrer noopener">${escapeHtml(url)}</a></li>`;
        })
        .join('');
      return (
        `<article id="k${index}" class="check"><h3><code>${escapeHtml(entry.id)}</code> ${escapeHtml(entry.title)} ` +
        `<span class="sev sev-${escapeHtml(entry.severity)}">${escapeHtml(entry.severity)}</span> <small>${escapeHtml(entry.area)}</small></h3>` +
        (entry.description === undefined ? '' : `<p>${escapeHtml(entry.description)}</p>`) +
        `<p><strong>Remediation:</strong> ${escapeHtml(entry.remediation)}</p>` +
        (links === '' ? '' : `<ul class="links">${links}</ul>`) +
        `</article>`
      );
    });
    return `<section id="checks"><h2>Checks (${this.entries.length})</h2>${items.join('')}</section>`;
  }
}
