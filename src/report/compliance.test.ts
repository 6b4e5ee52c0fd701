import { describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../model/index.js';
import { renderCompliance, scoreText } from './compliance.js';

function report(): ComplianceReport {
  return {
    framework: 'cis-eks-1.8',
    title: 'CIS Amazon EKS Benchmark',
    version: '1.8.0',
    score: 33.3,
    counts: { pass: 1, fail: 2, manual: 1, 'not-evaluated': 1 },
    controls: [
      { id: '4.1.3', title: 'Minimize wildcard use in Roles and ClusterRoles', status: 'fail', checkIds: ['rbac-wildcard'], failures: 12, passes: 4 },
      { id: '4.1.4', title: 'Minimize access to create pods', status: 'pass', checkIds: ['rbac-create-pods'], failures: 0, passes: 9 },
      { id: '4.1.10', title: 'Minimize access to the proxy sub-resource of Node objects', status: 'fail', checkIds: ['rbac-nodes-proxy'], failures: 1, passes: 0 },
      { id: '3.1.1', title: 'Kubeconfig permissions', status: 'manual', checkIds: [], failures: 0, passes: 0, reason: 'not observable without an agent on the node' },
      // A not-evaluated reason can quote a check's message, which can quote the cluster.
      { id: '5.1.1', title: 'Image scanning', status: 'not-evaluated', checkIds: ['sc-ecr-scan-off'], failures: 0, passes: 0, reason: '=cmd|x <img src=x onerror=alert(1)> \u001b[31mred | `tick`\nnext' },
    ],
  };
}

describe('renderCompliance', () => {
  it('says a control with waived failures passes with exceptions', () => {
    const withWaived = report();
    withWaived.controls[1] = { ...withWaived.controls[1]!, waived: 2 };
    expect(renderCompliance('table', withWaived, { color: false }).split('\n')[5]).toBe(`${' '.repeat(26)}pass with exceptions: 2 waived failures`);
    expect(renderCompliance('markdown', withWaived, { color: false })).toContain('| 4.1.4 | PASS |  | Minimize access to create pods | `rbac-create-pods` — pass with exceptions: 2 waived failures |');
    expect(renderCompliance('csv', withWaived, { color: false }).split('\r\n')[2]).toContain(',pass,0,9,2,rbac-create-pods,');
  });

  it('prints one line per control, the reason under it, then the score and counts', () => {
    const text = renderCompliance('table', report(), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('CIS Amazon EKS Benchmark 1.8.0 (cis-eks-1.8)');
    expect(lines[2]).toBe('ID      STATUS  FAILURES  TITLE');
    expect(lines[3]).toBe('4.1.3   FAIL          12  Minimize wildcard use in Roles and ClusterRoles');
    expect(lines[4]).toBe('4.1.4   PASS           -  Minimize access to create pods');
    expect(lines[5]).toBe('4.1.10  FAIL           1  Minimize access to the proxy sub-resource of Node objects');
    expect(lines[6]).toMatch(/^3\.1\.1 {3}MANUAL {9}- {2}Kubeconfig permissions$/);
    expect(lines[7]).toBe(`${' '.repeat(26)}not observable without an agent on the node`);
    expect(text).toContain('Score: 33.3% of decided controls');
    expect(text).toContain('Controls: 1 pass, 2 fail, 1 manual, 1 not-evaluated');
  });

  it('never lets a reason reach the terminal with control characters', () => {
    const text = renderCompliance('table', report(), { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1B[31mred');
    expect(text.split('\n').filter((line) => line.includes('onerror'))).toHaveLength(1);
  });

  it('colours statuses only when asked', () => {
    expect(renderCompliance('table', report(), { color: true })).toContain('\u001b[');
    expect(renderCompliance('table', report(), { color: false })).not.toContain('\u001b[');
  });

  it('writes the JSON contract of the compliance object', () => {
    const document = JSON.parse(renderCompliance('json', report(), { color: false })) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['framework', 'title', 'version', 'score', 'counts', 'controls']);
    expect(document.score).toBe(33.3);
  });

  it('writes a Markdown table whose cells quoted text cannot break', () => {
    const text = renderCompliance('markdown', report(), { color: false });
    expect(text.split('\n')[0]).toBe('### CIS Amazon EKS Benchmark 1.8.0: 33.3%');
    const rows = text.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img');
    expect(rows[2]).toBe('| 4.1.3 | FAIL | 12 | Minimize wildcard use in Roles and ClusterRoles | `rbac-wildcard` |');
  });

  it('writes RFC 4180 CSV with formulas neutralised', () => {
    const text = renderCompliance('csv', report(), { color: false });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('framework,version,control,title,status,failures,passes,waived,checkIds,reason');
    expect(lines[1]).toBe('cis-eks-1.8,1.8.0,4.1.3,Minimize wildcard use in Roles and ClusterRoles,fail,12,4,0,rbac-wildcard,');
    expect(text).toContain(`"'=cmd|x`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('shows a missing score as n/a', () => {
    expect(scoreText(null)).toBe('n/a');
    expect(scoreText(50)).toBe('50.0%');
  });
});
