import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';
import type { AwsData } from '../model/index.js';
import { accessEntry, cluster } from '../checks/identity/test-support/aws-fixtures.js';
import { graphInventory } from '../graph/test-support/inventory.js';
import { whoCan } from '../graph/who-can.js';
import { parseRequest, whoCanTable } from './who-can-command.js';

const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';
const FIXTURE = [
  `${RBAC}\nkind: Role\nmetadata: { name: secret-reader, namespace: shop }\nrules:\n  - { apiGroups: [""], resources: [secrets], verbs: [get, list] }\n  - { apiGroups: [""], resources: [pods/exec], verbs: [create] }\n  - { apiGroups: [apps], resources: [deployments], verbs: [patch] }\n`,
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: readers, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader }\nsubjects:\n  - { kind: ServiceAccount, name: web }\n  - { kind: Group, name: shop-devs }\n`,
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: mystery, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-declared }\nsubjects: [{ kind: User, name: erin }]\n`,
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: web, namespace: shop }\n',
  `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/shop-developers
      username: dev:{{SessionName}}
      groups: [shop-devs]
`,
].join('---\n');

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-who-can-'));
  writeFileSync(join(dir, 'rbac.yaml'), FIXTURE);
  return dir;
}

describe('eksguard who-can', () => {
  it('lists the subjects, the grants that allow the request and the AWS principals mapped to them', async () => {
    const result = await run(['who-can', 'manifests', 'get', 'secrets', workdir(), '-n', 'shop']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'Who can get secrets in namespace shop:',
      '',
      'Group "shop-devs"',
      '  Role "secret-reader" rules[0] via RoleBinding shop/readers',
      '  AWS arn:aws:iam::111122223333:role/shop-developers signs in as dev:{{SessionName}} (aws-auth: ConfigMap kube-system/aws-auth data.mapRoles[0])',
      '',
      'ServiceAccount shop/web',
      '  Role "secret-reader" rules[0] via RoleBinding shop/readers',
      '',
      'Not known (bound to roles the input does not hold):',
      expect.stringMatching(/^ {2}User "erin": RoleBinding shop\/mystery: /),
      '',
      '2 subjects, 1 not known',
      '',
    ]);
  });

  it('answers in JSON, from the same evaluation', async () => {
    const result = await run(['who-can', 'manifests', 'get', 'secrets', workdir(), '-n', 'shop', '--format', 'json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'eksguard' },
      request: { verb: 'get', resource: 'secrets', namespace: 'shop' },
      description: 'get secrets in namespace shop',
    });
    expect(document.subjects.map((entry: { label: string }) => entry.label)).toEqual(['Group "shop-devs"', 'ServiceAccount shop/web']);
    expect(document.subjects[0].awsPrincipals[0]).toMatchObject({ principalArn: 'arn:aws:iam::111122223333:role/shop-developers', source: 'aws-auth' });
    expect(document.subjects[1].grants[0]).toMatchObject({ binding: { kind: 'RoleBinding', namespace: 'shop', name: 'readers' }, scope: 'shop' });
  });

  it('reads subresources and API groups as kubectl auth can-i writes them', async () => {
    const dir = workdir();
    const labels = async (...args: string[]) =>
      (JSON.parse((await run(['who-can', 'manifests', ...args.slice(0, 2), dir, '-n', 'shop', '--format', 'json', ...args.slice(2)])).stdout) as {
        subjects: Array<{ label: string }>;
      }).subjects.map((entry) => entry.label);
    expect(await labels('create', 'pods/exec')).toEqual(['Group "shop-devs"', 'ServiceAccount shop/web']);
    expect(await labels('create', 'pods', '--subresource', 'exec')).toEqual(['Group "shop-devs"', 'ServiceAccount shop/web']);
    expect(await labels('patch', 'deployments.apps')).toEqual(['Group "shop-devs"', 'ServiceAccount shop/web']);
    expect(await labels('patch', 'deployments')).toEqual([]);
    expect(await labels('delete', 'secrets')).toEqual([]);
  });

  it('says nobody when nobody can, and exits 2 on bad requests and input errors', async () => {
    const dir = workdir();
    const nobody = await run(['who-can', 'manifests', 'delete', 'nodes', dir]);
    expect(nobody.code).toBe(0);
    expect(nobody.stdout).toContain('Nobody, as far as the input shows.');
    expect((await run(['who-can', 'manifests', 'get', 'pods/exec/x', dir])).code).toBe(2);
    expect((await run(['who-can', 'manifests', 'get', 'pods/exec', dir, '--subresource', 'log'])).code).toBe(2);
    expect((await run(['who-can', 'manifests', 'get', dir])).code).toBe(2);
    writeFileSync(join(dir, 'broken.yaml'), 'kind: [');
    const broken = await run(['who-can', 'manifests', 'get', 'secrets', dir, '-n', 'shop']);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('ServiceAccount shop/web');
    expect(broken.stderr).toMatch(/broken\.yaml:1: invalid YAML/);
  });

  it('has help with examples for the command and each source', async () => {
    for (const args of [['who-can', '--help'], ['who-can', 'manifests', '--help'], ['who-can', 'snapshot', '--help'], ['who-can', 'cluster', '--help']]) {
      const help = await run(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toMatch(/Examples:\n {2}eksguard who-can /);
    }
  });
});

describe('whoCanTable', () => {
  it('tells the access policies it did not evaluate, and does not then say nobody', () => {
    const principal = 'arn:aws:iam::111122223333:role/auto-node';
    const aws: AwsData = {
      eks: { cluster: cluster(), accessEntries: [accessEntry(principal, { policies: [{ arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy' }] })] },
    };
    const lines = whoCanTable(whoCan(graphInventory('', aws), 'delete', 'nodes'), false).split('\n');
    expect(lines).not.toContain('Nobody, as far as the input shows.');
    expect(lines).toContain('Not evaluated (EKS access policies eksguard does not model):');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${principal}  AmazonEKSAutoNodePolicy: access entry .* does not model`)));
    expect(lines).toContain('0 subjects, 1 not evaluated');
    // Without the entry: nobody.
    expect(whoCanTable(whoCan(graphInventory('', { eks: { cluster: cluster(), accessEntries: [] } }), 'delete', 'nodes'), false)).toContain('Nobody, as far as the input shows.');
  });
});

describe('parseRequest', () => {
  it('splits RESOURCE/SUBRESOURCE and RESOURCE.GROUP, and keeps URLs whole', () => {
    expect(parseRequest('pods/exec', {})).toEqual({ resource: 'pods', subresource: 'exec' });
    expect(parseRequest('deployments.apps', {})).toEqual({ resource: 'deployments', apiGroup: 'apps' });
    expect(parseRequest('deployments.apps/scale', {})).toEqual({ resource: 'deployments', apiGroup: 'apps', subresource: 'scale' });
    expect(parseRequest('ingresses.networking.k8s.io', {})).toEqual({ resource: 'ingresses', apiGroup: 'networking.k8s.io' });
    expect(parseRequest('deployments.apps', { apiGroup: 'extensions' })).toEqual({ resource: 'deployments.apps', apiGroup: 'extensions' });
    expect(parseRequest('/metrics', {})).toEqual({ resource: '/metrics' });
    expect(() => parseRequest('', {})).toThrow(/empty/);
    expect(() => parseRequest('pods/', {})).toThrow(/RESOURCE\/SUBRESOURCE/);
  });
});
