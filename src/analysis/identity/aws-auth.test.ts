import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';
import { authenticationMode, awsAuthIgnored, awsAuthRequires, parseAccounts, parseMappings } from './aws-auth.js';

const configMap = (data: Record<string, string>): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'aws-auth', namespace: 'kube-system' },
  data,
});

describe('aws-auth parsing', () => {
  it('reads mapRoles and mapUsers entries', () => {
    const parsed = parseMappings(
      configMap({
        mapRoles: '- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:bootstrappers, system:nodes]\n',
        mapUsers: '- userarn: arn:aws:iam::111122223333:user/ops\n  username: ops\n',
      }),
      'mapRoles',
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          index: 0,
          arn: 'arn:aws:iam::111122223333:role/node',
          username: 'system:node:{{EC2PrivateDNSName}}',
          groups: ['system:bootstrappers', 'system:nodes'],
        },
      ],
    });
    const users = parseMappings(configMap({ mapUsers: '- userarn: arn:aws:iam::111122223333:user/ops\n  username: ops\n' }), 'mapUsers');
    expect(users).toEqual({ ok: true, value: [{ index: 0, arn: 'arn:aws:iam::111122223333:user/ops', username: 'ops', groups: [] }] });
  });

  it('reports bad YAML and bad shapes instead of reading them as empty', () => {
    expect(parseMappings(configMap({ mapRoles: '- rolearn: [unclosed' }), 'mapRoles')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^data\.mapRoles is not valid YAML/),
    });
    expect(parseMappings(configMap({ mapRoles: 'rolearn: x' }), 'mapRoles')).toEqual({ ok: false, error: 'data.mapRoles is not a YAML list' });
    expect(parseMappings(configMap({ mapRoles: '- username: x' }), 'mapRoles')).toEqual({ ok: false, error: 'data.mapRoles[0] has no rolearn' });
    expect(parseMappings(configMap({ mapRoles: '- rolearn: a\n  groups: system:masters' }), 'mapRoles')).toEqual({
      ok: false,
      error: 'data.mapRoles[0].groups is not a list of strings',
    });
  });

  it('treats absent or blank keys as no mappings', () => {
    expect(parseMappings(configMap({}), 'mapRoles')).toBeUndefined();
    expect(parseMappings(configMap({ mapRoles: '  \n' }), 'mapRoles')).toBeUndefined();
    expect(parseMappings(configMap({ mapRoles: '# none yet\n' }), 'mapRoles')).toEqual({ ok: true, value: [] });
  });

  it('reads mapAccounts as strings, numbers included', () => {
    expect(parseAccounts(configMap({ mapAccounts: '- "111122223333"\n- 444455556666\n' }))).toEqual({
      ok: true,
      value: ['111122223333', '444455556666'],
    });
    expect(parseAccounts(configMap({ mapAccounts: '- {a: 1}' }))).toMatchObject({ ok: false });
  });
});

describe('aws-auth context', () => {
  it('knows when EKS ignores aws-auth', () => {
    const inventory = inventoryOf('apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n');
    expect(authenticationMode(inventory)).toBeUndefined();
    expect(awsAuthIgnored(inventory)).toBe(false);
    const api = inventoryOf('apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n');
    Object.assign(api, { aws: { eks: { cluster: { accessConfig: { authenticationMode: 'API' } } } } });
    expect(awsAuthIgnored(api)).toBe(true);
  });

  it('is not evaluated when ConfigMaps could not be collected', () => {
    const inventory = inventoryOf('apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n');
    Object.assign(inventory, { errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/configmaps', message: 'forbidden' }] });
    expect(awsAuthRequires(inventory)).toBe('ConfigMaps could not be collected (v1/configmaps: forbidden)');
  });
});
