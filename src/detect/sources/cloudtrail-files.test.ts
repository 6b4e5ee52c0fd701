import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudTrailFiles, parseCloudTrailFileName, wantedFile } from './cloudtrail-files.js';

describe('parseCloudTrailFileName', () => {
  it('reads account, region and time from a delivered log file name', () => {
    expect(parseCloudTrailFileName('111122223333_CloudTrail_eu-west-1_20250512T1015Z_Mu0KsOhtH1ar15ZZ.json.gz')).toEqual({
      account: '111122223333',
      region: 'eu-west-1',
      time: new Date('2025-05-12T10:15:00Z'),
    });
  });
  it.each(['events.json', '111122223333_CloudTrail-Digest_eu-west-1_prod_eu-west-1_20250512T101500Z.json.gz', '1111_CloudTrail_eu-west-1_20250512T1015Z_x.json.gz'])('ignores %s', (name) => {
    expect(parseCloudTrailFileName(name)).toBeUndefined();
  });
});

describe('wantedFile', () => {
  const name = '111122223333_CloudTrail_eu-west-1_20250512T1015Z_abc123.json.gz';
  it('selects by account, region and time', () => {
    expect(wantedFile(name, {})).toBe(true);
    expect(wantedFile(name, { accounts: ['111122223333'], regions: ['eu-west-1'] })).toBe(true);
    expect(wantedFile(name, { accounts: ['444455556666'] })).toBe(false);
    expect(wantedFile(name, { regions: ['us-east-1'] })).toBe(false);
    expect(wantedFile(name, { since: new Date('2025-05-12T10:10:00Z') })).toBe(true);
    expect(wantedFile(name, { since: new Date('2025-05-12T10:20:00Z') })).toBe(false); // every event in it is older
    expect(wantedFile(name, { until: new Date('2025-05-12T10:00:00Z') })).toBe(true); // may hold events from before
    expect(wantedFile(name, { until: new Date('2025-05-12T08:00:00Z') })).toBe(false);
  });
  it('keeps files it cannot date: their records decide', () => {
    expect(wantedFile('export.json', { regions: ['us-east-1'], since: new Date() })).toBe(true);
  });
});

describe('cloudTrailFiles', () => {
  it('walks an AWSLogs tree in time order, skipping digests and unwanted regions', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eksguard-ct-'));
    const file = (dir: string, name: string) => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, name), '{"Records":[]}');
    };
    file('AWSLogs/111122223333/CloudTrail/eu-west-1/2025/05/12', '111122223333_CloudTrail_eu-west-1_20250512T1015Z_b.json.gz');
    file('AWSLogs/111122223333/CloudTrail/eu-west-1/2025/05/12', '111122223333_CloudTrail_eu-west-1_20250512T1005Z_a.json.gz');
    file('AWSLogs/111122223333/CloudTrail/us-east-1/2025/05/12', '111122223333_CloudTrail_us-east-1_20250512T1005Z_c.json.gz');
    file('AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2025/05/12', '111122223333_CloudTrail-Digest_eu-west-1_prod_eu-west-1_20250512T101500Z.json.gz');
    const errors: string[] = [];
    const found: string[] = [];
    for await (const path of cloudTrailFiles([join(root, 'AWSLogs'), join(root, 'missing')], { regions: ['eu-west-1'] }, (path) => errors.push(relative(root, path)))) found.push(relative(root, path));
    expect(found).toEqual([
      'AWSLogs/111122223333/CloudTrail/eu-west-1/2025/05/12/111122223333_CloudTrail_eu-west-1_20250512T1005Z_a.json.gz',
      'AWSLogs/111122223333/CloudTrail/eu-west-1/2025/05/12/111122223333_CloudTrail_eu-west-1_20250512T1015Z_b.json.gz',
    ]);
    expect(errors).toEqual(['missing']);
  });
});
