import type { CheckMeta, ScanResult } from '../../model/index.js';
import { compareFindings } from '../markdown.js';
import { DEFAULT_MAX_PATHS, toolVersionOf, type ReportOptions } from '../report-options.js';
import { shownResults } from '../results-shown.js';
import { CheckIndex } from './checks-section.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { complianceSection, shownFrameworks } from './compliance-section.js';
import { contentSecurityPolicy } from './csp.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { findingsData } from './findings-data.js';
import { findingsSection } from './findings-section.js';
import { pathsSection } from './paths-section.js';
import { STYLES } from './styles.js';
import { summarySection } from './summary-section.js';

/**
 * One self-contained HTML file: summary and charts, compliance scores, top attack paths, the
 * findings with filters and search, and the checks behind them. Nothing is fetched (the CSP
 * forbids it), so it works offline and from file://. Pure: the same scan gives the same bytes;
 * the only time in it is the scan's own.
 */
export function renderHtml(result: ScanResult, catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const findings = [...shownResults(result, options)].sort(compareFindings);
  const checks = new CheckIndex(findings, catalogue);
  const data = jsonForScript(findingsData(findings, checks));
  const csp = contentSecurityPolicy([STYLES], [CLIENT_SCRIPT]);
  const version = toolVersionOf(result.tool.version, options);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>eksguard report ${escapeHtml(result.scannedAt)}</title>`,
    `<style>${STYLES}</style>`,
    '</head><body>',
    `<header><h1>eksguard scan report</h1><p class="muted">Scanned ${escapeHtml(result.scannedAt)} by eksguard ${escapeHtml(version)}</p></header>`,
    '<main>',
    summarySection(result),
    complianceSection(shownFrameworks(result.compliance, options)),
    pathsSection(result.attackPaths, options.maxPaths ?? DEFAULT_MAX_PATHS),
    findingsSection(findings, checks),
    checks.section(),
    '</main>',
    `<script type="application/json" id="eg-data">${data}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
