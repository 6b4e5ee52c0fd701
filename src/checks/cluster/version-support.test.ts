import { describe, expect, it } from 'vitest';
import { nextMinor, versionDataMissing, versionSupport } from './version-support.js';
import { awsWith, clusterVersions, COLLECTED_AT, denied, describeCluster } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

const now = Date.parse(COLLECTED_AT);

describe('versionSupport', () => {
  it('takes versionStatus and the dates of the matching entry', () => {
    const support = versionSupport(describeCluster({ version: '1.32' }), clusterVersions(), now);
    expect(support).toMatchObject({
      version: '1.32',
      status: 'EXTENDED_SUPPORT',
      endOfStandard: Date.parse('2026-03-23T00:00:00Z'),
      endOfExtended: Date.parse('2027-03-23T00:00:00Z'),
    });
  });

  it('falls back to the legacy status, then to the dates', () => {
    const legacy = clusterVersions().map((entry) => ({ ...entry, versionStatus: undefined }));
    expect(versionSupport(describeCluster({ version: '1.31' }), legacy, now)).toMatchObject({ status: 'UNSUPPORTED' });
    const dated = legacy.map((entry) => ({ ...entry, status: undefined }));
    expect(versionSupport(describeCluster({ version: '1.35' }), dated, now)).toMatchObject({ status: 'STANDARD_SUPPORT' });
    expect(versionSupport(describeCluster({ version: '1.33' }), dated, now)).toMatchObject({ status: 'EXTENDED_SUPPORT' });
    expect(versionSupport(describeCluster({ version: '1.31' }), dated, now)).toMatchObject({ status: 'UNSUPPORTED' });
  });

  it('calls a version older than any listed unsupported, and cannot place a newer one', () => {
    expect(versionSupport(describeCluster({ version: '1.9' }), clusterVersions(), now)).toMatchObject({ status: 'UNSUPPORTED', oldestListed: '1.31' });
    expect(versionSupport(describeCluster({ version: '1.40' }), clusterVersions(), now)).toMatch(/not among the versions/);
    expect(versionSupport(describeCluster({ version: undefined }), clusterVersions(), now)).toMatch(/no cluster.version/);
  });

  it('names what is missing', () => {
    expect(versionDataMissing(inventoryOf({ errors: [denied('eks', 'DescribeCluster', 'prod')] }))).toMatch(/eks:DescribeCluster for prod failed/);
    expect(versionDataMissing(inventoryOf({ aws: awsWith({ cluster: describeCluster() }) }))).toBe('eks:DescribeClusterVersions was not collected');
    expect(versionDataMissing(inventoryOf({ aws: awsWith({ cluster: describeCluster(), eks: { clusterVersions: [] } }) }))).toBeUndefined();
  });

  it('names the next minor version', () => {
    expect(nextMinor('1.31')).toBe('1.32');
    expect(nextMinor('1.9')).toBe('1.10');
  });
});
