import { describe, expect, it } from 'vitest';
import { InventoryView, type Workload } from '../../inventory/index.js';
import { fargateProfileFor, imdsReachability, nodeImdsData, settingsFor } from './node-imds.js';

function view(aws: Record<string, unknown> | undefined, errors: InventoryView['errors'] = []): InventoryView {
  return new InventoryView({ source: { type: 'cluster' }, objects: [], errors: [...errors], ...(aws ? { aws } : {}) });
}

function workload(namespace: string, labels: Record<string, string>, nodeSelector?: Record<string, string>): Workload {
  return {
    object: { kind: 'Deployment', metadata: { name: 'w', namespace } },
    resource: { kind: 'Deployment', name: 'w', namespace },
    namespace,
    podSpec: { containers: [], ...(nodeSelector ? { nodeSelector } : {}) },
    podSpecPath: [],
    podMetadata: { labels },
    podMetadataPath: [],
    containers: [],
  };
}

const LT = (version: number, options: Record<string, unknown>, isDefault = false): Record<string, unknown> => ({
  LaunchTemplateId: 'lt-1',
  LaunchTemplateName: 'nodes',
  VersionNumber: version,
  DefaultVersion: isDefault,
  LaunchTemplateData: { MetadataOptions: options },
});

describe('imdsReachability', () => {
  it('decides from tokens, hop limit and endpoint', () => {
    expect(imdsReachability({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }).reachable).toBe(false);
    expect(imdsReachability({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }).reachable).toBe(true);
    expect(imdsReachability({ HttpTokens: 'optional', HttpPutResponseHopLimit: 1 }).reachable).toBe(true);
    expect(imdsReachability({ HttpEndpoint: 'disabled', HttpTokens: 'optional' }).reachable).toBe(false);
    expect(imdsReachability({ HttpPutResponseHopLimit: 1 }).reachable).toBeUndefined();
    expect(imdsReachability(undefined).reachable).toBeUndefined();
  });
});

describe('nodeImdsData', () => {
  it('says what is missing without AWS data, naming failed calls', () => {
    expect(nodeImdsData(view(undefined)).missing).toMatch(/were not collected/);
    const failed = view({}, [{ source: 'aws', operation: 'DescribeNodegroup', code: 'AccessDenied', message: 'no' }]);
    expect(nodeImdsData(failed).missing).toMatch(/DescribeNodegroup failed \(AccessDenied\)/);
  });

  it('resolves launch template versions ($Default, $Latest, numbers) and falls back to instances', () => {
    const data = nodeImdsData(
      view({
        eks: {
          nodegroups: [
            { nodegroupName: 'a', launchTemplate: { id: 'lt-1', version: '$Default' } },
            { nodegroupName: 'b', launchTemplate: { name: 'nodes', version: '$Latest' } },
            { nodegroupName: 'c', launchTemplate: { id: 'lt-1', version: '1' } },
            { nodegroupName: 'd' },
          ],
        },
        ec2: {
          launchTemplateVersions: [
            LT(1, { HttpTokens: 'required', HttpPutResponseHopLimit: 1 }, true),
            LT(2, { HttpTokens: 'required', HttpPutResponseHopLimit: 2 }),
          ],
          instances: [
            { InstanceId: 'i-d', Tags: [{ Key: 'eks:nodegroup-name', Value: 'd' }], MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 1 } },
            { InstanceId: 'i-k1', MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } },
            { InstanceId: 'i-k2', MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } },
          ],
        },
      }),
    );
    expect(data.settings.map((s) => [s.nodegroup ?? s.source, s.reachable])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
      ['d', true],
      ['instance i-k1', false],
    ]);
    expect(settingsFor(data, workload('shop', {}, { 'eks.amazonaws.com/nodegroup': 'a' })).map((s) => s.nodegroup)).toEqual(['a']);
    expect(settingsFor(data, workload('shop', {}))).toHaveLength(5);
  });

  it('matches Fargate profiles by namespace wildcard and labels', () => {
    const data = nodeImdsData(
      view({ eks: { nodegroups: [], fargateProfiles: [{ fargateProfileName: 'fp', selectors: [{ namespace: 'batch-*', labels: { fargate: 'yes' } }] }] } }),
    );
    expect(fargateProfileFor(data, workload('batch-1', { fargate: 'yes' }))).toBe('fp');
    expect(fargateProfileFor(data, workload('batch-1', {}))).toBeUndefined();
    expect(fargateProfileFor(data, workload('shop', { fargate: 'yes' }))).toBeUndefined();
  });
});
