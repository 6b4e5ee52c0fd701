import type { CheckResult, ScanResult } from '../model/index.js';
import type { ReportOptions } from './report-options.js';

/** Every status except pass, unless passes were asked for. */
export function shownResults(result: ScanResult, options: ReportOptions): CheckResult[] {
  return options.includePassed ? result.results : result.results.filter((entry) => entry.status !== 'pass');
}
