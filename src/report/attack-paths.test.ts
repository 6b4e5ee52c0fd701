import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../model/index.js';
import { pathBlock } from './attack-paths.js';
import { sampleResults, SAMPLE_PATHS } from './test-support/sample-result.js';

const c = pc.createColors(false);
const [path] = SAMPLE_PATHS;

/** A failure on the sample path: `checkId` on Deployment `name`, with a risk and a severity. */
function finding(checkId: string, name: string, riskScore: number, severity: CheckResult['severity']): CheckResult {
  const [base] = sampleResults();
  return {
    ...base!,
    checkId,
    severity,
    status: 'fail',
    riskScore,
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: `${checkId} on ${name}`,
  };
}

// One check failing on two resources of a path: five findings, four checks.
const FINDINGS = [
  finding('wl-run-as-root', 'web', 70, 'medium'),
  finding('wl-privileged', 'web', 88, 'critical'),
  finding('wl-privileged', 'api', 88, 'critical'),
  finding('netpol-namespace-none', 'web', 70, 'high'),
  finding('img-latest-tag', 'web', 70, 'low'),
];

describe('pathBlock findings', () => {
  it('counts findings and checks apart when a check fails more than once, ids by risk, severity, then id', () => {
    const lines = pathBlock(path!, 1, FINDINGS, c, { detailed: false });
    expect(lines.at(-1)).toBe('   5 findings (4 checks) on this path: wl-privileged, netpol-namespace-none, wl-run-as-root, img-latest-tag');
    const one = pathBlock(path!, 1, FINDINGS.slice(1, 3), c, { detailed: false });
    expect(one.at(-1)).toBe('   2 findings (1 check) on this path: wl-privileged');
    const distinct = pathBlock(path!, 1, FINDINGS.slice(0, 2), c, { detailed: false });
    expect(distinct.at(-1)).toBe('   2 findings on this path: wl-privileged, wl-run-as-root');
  });

  it('lists every finding when detailed, riskiest first, then the most severe, then by check id and resource', () => {
    const lines = pathBlock(path!, 1, FINDINGS, c, { detailed: true });
    const start = lines.indexOf('   5 findings on this path (fixing what enables a step breaks the path):');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 6)).toEqual([
      '     critical risk 88  wl-privileged  Deployment shop/api: wl-privileged on api',
      '     critical risk 88  wl-privileged  Deployment shop/web: wl-privileged on web',
      '     high risk 70  netpol-namespace-none  Deployment shop/web: netpol-namespace-none on web',
      '     medium risk 70  wl-run-as-root  Deployment shop/web: wl-run-as-root on web',
      '     low risk 70  img-latest-tag  Deployment shop/web: img-latest-tag on web',
    ]);
  });
});
