import { describe, expect, it } from 'vitest';
import { accessEntry, cluster } from '../../checks/identity/test-support/aws-fixtures.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';
import { InventoryView } from '../../inventory/index.js';
import { kubernetesIdentityMappings, mappingsOf, usernameMatches } from './kubernetes-identities.js';

const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/ops
      groups: [ops]
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/alice
      username: alice
`;

function withAws(yaml: string, mode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP', entries: ReturnType<typeof accessEntry>[] = []): InventoryView {
  const base = inventoryOf(yaml);
  return new InventoryView({
    source: { type: 'cluster' },
    objects: base.ofKind('ConfigMap').map((object) => ({ object, origin: { type: 'api', api: 'k8s' } })),
    aws: { eks: { cluster: cluster({ accessConfig: { authenticationMode: mode } }), accessEntries: entries } },
    errors: [],
  });
}

describe('kubernetesIdentityMappings', () => {
  it('reads aws-auth while EKS reads it, and access entries, with where each mapping is', () => {
    const view = withAws(AWS_AUTH, 'API_AND_CONFIG_MAP', [accessEntry('arn:aws:iam::111122223333:role/node-entry', { type: 'EC2_LINUX', username: '' })]);
    const mappings = kubernetesIdentityMappings(view);
    expect(mappings.map((mapping) => [mapping.source, mapping.principalArn.split(':').at(-1), mapping.username, mapping.groups.join(','), mapping.path])).toEqual([
      ['access-entry', 'role/node-entry', 'system:node:{{EC2PrivateDNSName}}', 'system:nodes', 'kubernetesGroups'],
      ['aws-auth', 'role/nodes', 'system:node:{{EC2PrivateDNSName}}', 'system:bootstrappers,system:nodes', 'data.mapRoles[0]'],
      ['aws-auth', 'role/ops', 'arn:aws:iam::111122223333:role/ops', 'ops', 'data.mapRoles[1]'],
      ['aws-auth', 'user/alice', 'alice', '', 'data.mapUsers[0]'],
    ]);
    expect(kubernetesIdentityMappings(withAws(AWS_AUTH, 'API'))).toEqual([]);
    expect(kubernetesIdentityMappings(withAws(AWS_AUTH.replace('groups: [ops]', 'groups: ops'), 'CONFIG_MAP')).map((mapping) => mapping.path)).toEqual([
      'data.mapUsers[0]',
    ]);
  });

  it('finds the mappings of a user (templates included) and of a group', () => {
    const mappings = kubernetesIdentityMappings(withAws(AWS_AUTH, 'CONFIG_MAP'));
    expect(mappingsOf(mappings, { kind: 'User', name: 'system:node:ip-10-0-1-2.eu-west-1.compute.internal' }).map((mapping) => mapping.path)).toEqual(['data.mapRoles[0]']);
    expect(mappingsOf(mappings, { kind: 'Group', name: 'ops' }).map((mapping) => mapping.path)).toEqual(['data.mapRoles[1]']);
    expect(mappingsOf(mappings, { kind: 'ServiceAccount', namespace: 'a', name: 'alice' })).toEqual([]);
  });
});

describe('usernameMatches', () => {
  it('matches a template part with one or more characters, and literal text exactly', () => {
    expect(usernameMatches('shop:{{SessionName}}', 'shop:jane')).toBe(true);
    expect(usernameMatches('shop:{{SessionName}}', 'shop:')).toBe(false);
    expect(usernameMatches('a.b', 'axb')).toBe(false);
    expect(usernameMatches('alice', 'alice')).toBe(true);
  });
});
