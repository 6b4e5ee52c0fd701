import { describe, expect, it } from 'vitest';
import { cvssBaseScore, rateSeverity } from './severity.js';

describe('severity', () => {
  it('computes CVSS base scores (FIRST examples) and rates them', () => {
    expect(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual({ score: 9.8, version: 3 });
    expect(cvssBaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')).toEqual({ score: 6.1, version: 3 });
    expect(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toEqual({ score: 9.3, version: 4 });
    expect(cvssBaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toEqual({ score: 7.5, version: 2 });
    expect(cvssBaseScore('CVSS:3.1/AV:N')).toBeUndefined();
    expect(cvssBaseScore('garbage')).toBeUndefined();
  });

  it('prefers the database label, else the worst vector', () => {
    expect(rateSeverity('MODERATE', [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }])).toEqual({ severity: 'medium' });
    expect(
      rateSeverity(undefined, [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' },
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N' },
      ]),
    ).toEqual({ severity: 'critical', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N' });
    expect(rateSeverity(undefined, [{ type: 'Ubuntu', score: 'medium' }])).toEqual({ severity: 'medium', cvss: 'medium' });
    expect(rateSeverity(undefined, [])).toBeUndefined();
  });

  it('rates by the newest CVSS version present, not the highest number', () => {
    const v2 = { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' }; // 10.0, high
    const v31 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N' }; // 9.1, critical
    const v4 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' };
    expect(rateSeverity(undefined, [v2, v31])).toEqual({ severity: 'critical', cvss: v31.score });
    expect(rateSeverity(undefined, [v31, v2])).toEqual({ severity: 'critical', cvss: v31.score });
    expect(rateSeverity(undefined, [v2, v31, v4])).toEqual({ severity: 'low', cvss: v4.score });
  });

  it('lets an Ubuntu priority, a distro label, win over CVSS vectors', () => {
    const v31 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
    expect(rateSeverity(undefined, [{ type: 'Ubuntu', score: 'low' }, v31])).toEqual({ severity: 'low', cvss: 'low' });
    expect(rateSeverity(undefined, [v31, { type: 'Ubuntu', score: 'low' }])).toEqual({ severity: 'low', cvss: 'low' });
  });
});
