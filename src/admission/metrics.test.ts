import { describe, expect, it } from 'vitest';
import { AdmissionMetrics } from './metrics.js';

describe('AdmissionMetrics', () => {
  it('fills the histogram buckets cumulatively', () => {
    const metrics = new AdmissionMetrics();
    metrics.countVerdict('allowed', 0.0005);
    metrics.countVerdict('warned', 0.004);
    metrics.countVerdict('timeout', 2);
    const text = metrics.render();
    expect(text).toContain('eksguard_admission_duration_seconds_bucket{le="0.001"} 1\n');
    expect(text).toContain('eksguard_admission_duration_seconds_bucket{le="0.005"} 2\n');
    expect(text).toContain('eksguard_admission_duration_seconds_bucket{le="1"} 2\n');
    expect(text).toContain('eksguard_admission_duration_seconds_bucket{le="+Inf"} 3\n');
    expect(text).toContain('eksguard_admission_duration_seconds_sum 2.0045\n');
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="warned"} 1\n');
  });

  it('escapes label values and bounds the number of kinds it keeps', () => {
    const metrics = new AdmissionMetrics();
    metrics.countRequest('CREATE', 'Odd"Kind\\with\nnewline');
    for (let index = 0; index < 300; index++) metrics.countRequest('CREATE', `Kind${index}`);
    const text = metrics.render();
    expect(text).toContain('eksguard_admission_requests_total{operation="CREATE",kind="Odd\\"Kind\\\\with\\nnewline"} 1\n');
    expect(text).toContain('eksguard_admission_requests_total{operation="CREATE",kind="Kind198"} 1\n');
    expect(text).not.toContain('kind="Kind199"');
    expect(text).toContain('eksguard_admission_requests_total{operation="CREATE",kind="other"} 101\n');
  });

  it('counts audited verdicts, verdicts over budget, and the upload gauges', () => {
    const metrics = new AdmissionMetrics();
    metrics.countVerdict('audited', 0.001);
    metrics.countOverBudget();
    metrics.countOverBudget();
    metrics.receiving = 3;
    metrics.bufferedBytes = 4096;
    const text = metrics.render();
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="audited"} 1\n');
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="allowed"} 0\n');
    expect(text).toContain('# TYPE eksguard_admission_over_budget_total counter\neksguard_admission_over_budget_total 2\n');
    expect(text).toContain('eksguard_admission_receiving_requests 3\n');
    expect(text).toContain('eksguard_admission_buffered_bytes 4096\n');
  });
});
