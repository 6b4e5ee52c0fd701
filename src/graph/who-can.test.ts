import { describe, expect, it } from 'vitest';
import type { AwsData, Inventory } from '../model/index.js';
import { InventoryView, type InventoryView as View } from '../inventory/index.js';
import {
  accessEntry,
  ADMIN_ACCESS_POLICY,
  cluster,
  CLUSTER_ADMIN_ACCESS_POLICY,
  EDIT_ACCESS_POLICY,
  VIEW_ACCESS_POLICY,
} from '../checks/identity/test-support/aws-fixtures.js';
import { runCheck } from '../checks/engine.js';
import type { AnyCheck } from '../checks/define-check.js';
import { check as secretsRead } from '../checks/rbac/rbac-secrets-read/check.js';
import { check as execAttach } from '../checks/rbac/rbac-pods-exec-attach/check.js';
import { check as createPods } from '../checks/rbac/rbac-create-pods/check.js';
import { check as clusterAdminBinding } from '../checks/rbac/rbac-cluster-admin-binding/check.js';
import { loadFixtureCluster } from '../../test/fakes/kube/fixture-cluster.js';
import { POD_WORKLOAD_WRITE } from '../analysis/rbac/capabilities.js';
import { graphInventory } from './test-support/inventory.js';
import { whoCan, type WhoCanOptions, type WhoCanResult } from './who-can.js';

const stream = (...documents: string[]) => documents.join('---\n');
const POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';
const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';

const YAML = stream(
  `${RBAC}\nkind: Role\nmetadata: { name: secret-reader, namespace: shop }\nrules:\n  - { apiGroups: [""], resources: [secrets], verbs: [get, list] }\n  - { apiGroups: [""], resources: [configmaps], verbs: [get] }\n`,
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: readers, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader }\nsubjects:\n  - { kind: ServiceAccount, name: web }\n  - { kind: Group, name: shop-devs }\n`,
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: edit, namespace: ci }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }\nsubjects: [{ kind: User, name: carol }]\n`,
  `${RBAC}\nkind: Role\nmetadata: { name: one-secret, namespace: shop }\nrules: [{ apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [tls] }]\n`,
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: one-secret, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: one-secret }\nsubjects: [{ kind: User, name: dave }]\n`,
  `${RBAC}\nkind: ClusterRoleBinding\nmetadata: { name: all-sa-view }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }\nsubjects: [{ kind: Group, name: "system:serviceaccounts" }]\n`,
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: mystery, namespace: shop }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-declared }\nsubjects: [{ kind: User, name: erin }]\n`,
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: web, namespace: shop }\n',
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: batch, namespace: jobs }\n',
);

const labels = (result: WhoCanResult) => result.subjects.map((entry) => entry.label);

describe('whoCan', () => {
  const view = graphInventory(YAML);

  it('lists every subject allowed, with the binding, role and rule that allow it', () => {
    const result = whoCan(view, 'get', 'secrets', { namespace: 'shop' });
    expect(result.description).toBe('get secrets in namespace shop');
    expect(labels(result)).toEqual(['Group "shop-devs"', 'ServiceAccount shop/web']);
    expect(result.subjects[1]!.grants).toEqual([
      {
        binding: { kind: 'RoleBinding', namespace: 'shop', name: 'readers', subjectIndex: 0 },
        role: { kind: 'Role', namespace: 'shop', name: 'secret-reader', builtIn: false, approximate: false },
        rule: { kind: 'Role', namespace: 'shop', name: 'secret-reader', index: 0 },
        scope: 'shop',
        text: 'Role "secret-reader" rules[0] via RoleBinding shop/readers',
      },
    ]);
  });

  it('reads verbs and resources the way kubectl auth can-i takes them: any case, short names, singulars, kinds', () => {
    const expected = labels(whoCan(view, 'get', 'secrets', { namespace: 'shop' }));
    for (const [verb, resource] of [['GET', 'Secrets'], ['get', 'secret'], ['Get', 'Secret']] as const) {
      const result = whoCan(view, verb, resource, { namespace: 'shop' });
      expect(result.description).toBe('get secrets in namespace shop');
      expect(labels(result)).toEqual(expected);
    }
    expect(whoCan(view, 'get', 'po', { namespace: 'shop' }).description).toBe('get pods in namespace shop');
  });

  it('keeps RoleBindings in their namespace and rules limited to names to those names', () => {
    expect(labels(whoCan(view, 'get', 'secrets', { namespace: 'ci' }))).toEqual(['User "carol"']);
    expect(labels(whoCan(view, 'get', 'secrets'))).toEqual([]);
    expect(labels(whoCan(view, 'get', 'secrets', { namespace: 'shop', resourceName: 'tls' }))).toEqual([
      'Group "shop-devs"',
      'ServiceAccount shop/web',
      'User "dave"',
    ]);
    expect(labels(whoCan(view, 'list', 'secrets', { namespace: 'shop' }))).not.toContain('User "dave"');
  });

  it('lists members allowed through an implied group only when asked, naming the group', () => {
    const direct = whoCan(view, 'list', 'pods', { namespace: 'jobs' });
    expect(labels(direct)).toEqual(['Group "system:serviceaccounts"']);
    expect(direct.subjects[0]!.members).toBe('every service account of the cluster');
    const inherited = whoCan(view, 'list', 'pods', { namespace: 'jobs', includeInherited: true });
    expect(labels(inherited)).toEqual(['Group "system:serviceaccounts"', 'ServiceAccount jobs/batch', 'ServiceAccount shop/web']);
    expect(inherited.subjects[1]!.grants[0]!.via).toEqual({ kind: 'Group', name: 'system:serviceaccounts' });
  });

  it('reports subjects bound to a role it cannot resolve as unknown, where the binding applies', () => {
    expect(whoCan(view, 'get', 'secrets', { namespace: 'shop' }).unresolved).toEqual([
      {
        subject: { kind: 'User', name: 'erin' },
        label: 'User "erin"',
        reasons: ['RoleBinding shop/mystery: ClusterRole "not-declared" is not in the inventory and is not a Kubernetes default'],
      },
    ]);
    expect(whoCan(view, 'get', 'secrets', { namespace: 'ci' }).unresolved).toEqual([]);
    expect(whoCan(view, 'get', 'nodes').unresolved).toEqual([]);
  });

  it('names the AWS principals that sign in as a user or into a group, and system:masters', () => {
    const awsAuth = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/shop-team
      username: "shop:{{SessionName}}"
      groups: [shop-devs]
    - rolearn: arn:aws:iam::111122223333:role/break-glass
      username: admin
      groups: [system:masters]
`;
    const aws: AwsData = {
      eks: {
        cluster: cluster({ accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }),
        accessEntries: [accessEntry('arn:aws:iam::111122223333:role/ci', { username: 'carol' })],
      },
    };
    const result = whoCan(graphInventory(stream(YAML, awsAuth), aws), 'get', 'secrets', { namespace: 'ci' });
    expect(labels(result)).toEqual(['Group "system:masters"', 'User "carol"']);
    expect(result.subjects[0]).toMatchObject({ superuser: true, grants: [] });
    expect(result.subjects[0]!.awsPrincipals.map((mapping) => mapping.principalArn)).toEqual(['arn:aws:iam::111122223333:role/break-glass']);
    expect(result.subjects[1]!.awsPrincipals).toEqual([
      {
        principalArn: 'arn:aws:iam::111122223333:role/ci',
        source: 'access-entry',
        username: 'carol',
        groups: [],
        resource: { kind: 'AccessEntry', name: 'arn:aws:iam::111122223333:role/ci' },
        path: 'kubernetesGroups',
      },
    ]);
    // In API mode EKS no longer reads aws-auth: nobody signs in through it.
    const apiMode: AwsData = { eks: { ...aws.eks, cluster: cluster() } };
    expect(labels(whoCan(graphInventory(stream(YAML, awsAuth), apiMode), 'get', 'secrets', { namespace: 'ci' }))).toEqual(['User "carol"']);
    const shop = whoCan(graphInventory(stream(YAML, awsAuth), aws), 'get', 'secrets', { namespace: 'shop' });
    expect(shop.subjects.find((entry) => entry.label === 'Group "shop-devs"')!.awsPrincipals).toMatchObject([
      { principalArn: 'arn:aws:iam::111122223333:role/shop-team', source: 'aws-auth', path: 'data.mapRoles[0]' },
    ]);
  });

  it('evaluates EKS access policies as the roles they mirror, within their access scope', () => {
    const aws: AwsData = {
      eks: {
        cluster: cluster(),
        accessEntries: [
          accessEntry('arn:aws:iam::111122223333:role/admin', { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] }),
          accessEntry('arn:aws:iam::111122223333:role/viewer', { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
          accessEntry('arn:aws:iam::111122223333:role/shop-editor', { policies: [{ arn: EDIT_ACCESS_POLICY, namespaces: ['shop'] }] }),
          accessEntry('arn:aws:iam::111122223333:role/ns-admin', { policies: [{ arn: ADMIN_ACCESS_POLICY, namespaces: ['ci'] }] }),
          accessEntry('arn:aws:iam::111122223333:role/node', { type: 'EC2_LINUX', policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] }),
        ],
      },
    };
    const inventory = graphInventory(YAML, aws);
    const who = (verb: string, resource: string, options: WhoCanOptions = {}) =>
      whoCan(inventory, verb, resource, options).accessPolicies.map((allowance) => `${allowance.principalArn.split('/')[1]} ${allowance.policy}`);
    expect(who('get', 'secrets', { namespace: 'shop' })).toEqual(['admin AmazonEKSClusterAdminPolicy', 'shop-editor AmazonEKSEditPolicy']);
    expect(who('list', 'pods', { namespace: 'shop' })).toEqual(['admin AmazonEKSClusterAdminPolicy', 'viewer AmazonEKSViewPolicy', 'shop-editor AmazonEKSEditPolicy']);
    expect(who('delete', 'nodes')).toEqual(['admin AmazonEKSClusterAdminPolicy']);
    expect(whoCan(inventory, 'get', 'secrets', { namespace: 'shop' }).accessPolicies[1]).toMatchObject({ scope: ['shop'], approximate: true });
  });

  it('evaluates AmazonEKSAdminViewPolicy as read access to everything, Secrets included', () => {
    const aws: AwsData = {
      eks: {
        cluster: cluster(),
        accessEntries: [
          accessEntry('arn:aws:iam::111122223333:role/auditor', { policies: [{ arn: `${POLICY_PREFIX}AmazonEKSAdminViewPolicy` }] }),
          accessEntry('arn:aws:iam::111122223333:role/viewer', { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
        ],
      },
    };
    const inventory = graphInventory(YAML, aws);
    const who = (verb: string, resource: string, options: WhoCanOptions = {}) =>
      whoCan(inventory, verb, resource, options).accessPolicies.map((allowance) => `${allowance.principalArn.split('/')[1]} ${allowance.policy}`);
    // view leaves Secrets out; admin view does not.
    expect(who('get', 'secrets', { namespace: 'kube-system' })).toEqual(['auditor AmazonEKSAdminViewPolicy']);
    expect(who('list', 'secrets')).toEqual(['auditor AmazonEKSAdminViewPolicy']);
    expect(who('list', 'customresourcedefinitions', { apiGroup: 'apiextensions.k8s.io' })).toEqual(['auditor AmazonEKSAdminViewPolicy']);
    expect(whoCan(inventory, 'get', 'secrets', { namespace: 'shop' }).accessPolicies[0]).toMatchObject({
      scope: 'cluster',
      approximate: false,
      detail: expect.stringContaining('read as get, list and watch on every resource, Secrets included'),
    });
    // Read only.
    expect(who('create', 'pods', { namespace: 'shop' })).toEqual([]);
    expect(who('delete', 'secrets', { namespace: 'shop' })).toEqual([]);
    expect(whoCan(inventory, 'get', 'secrets', { namespace: 'shop' }).accessPoliciesNotEvaluated).toEqual([]);
  });

  it('lists the access policies it does not model as not evaluated, where their scope covers the request', () => {
    const autoNode = 'arn:aws:iam::111122223333:role/auto-node';
    const emr = 'arn:aws:iam::111122223333:role/emr';
    const aws: AwsData = {
      eks: {
        cluster: cluster(),
        accessEntries: [
          accessEntry(autoNode, { policies: [{ arn: `${POLICY_PREFIX}AmazonEKSAutoNodePolicy` }] }),
          accessEntry(emr, { policies: [{ arn: `${POLICY_PREFIX}AmazonEMRJobPolicy`, namespaces: ['spark'] }] }),
          accessEntry('arn:aws:iam::111122223333:role/viewer', { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
        ],
      },
    };
    const inventory = graphInventory(YAML, aws);
    const notEvaluated = (options: WhoCanOptions) =>
      whoCan(inventory, 'get', 'secrets', options).accessPoliciesNotEvaluated.map((entry) => `${entry.principalArn.split('/')[1]} ${entry.policy}`);
    expect(notEvaluated({ namespace: 'spark' })).toEqual(['auto-node AmazonEKSAutoNodePolicy', 'emr AmazonEMRJobPolicy']);
    // The namespace scope does not cover shop, nor a request across every namespace.
    expect(notEvaluated({ namespace: 'shop' })).toEqual(['auto-node AmazonEKSAutoNodePolicy']);
    expect(notEvaluated({})).toEqual(['auto-node AmazonEKSAutoNodePolicy']);
    expect(whoCan(inventory, 'get', 'secrets', { namespace: 'spark' }).accessPoliciesNotEvaluated[1]).toEqual({
      principalArn: emr,
      policy: 'AmazonEMRJobPolicy',
      scope: ['spark'],
      detail: `access entry ${emr} is associated with AmazonEMRJobPolicy (namespaces spark), whose permissions eksguard does not model: it may allow this request`,
    });
    // Neither is reported as allowing it.
    expect(whoCan(inventory, 'get', 'secrets', { namespace: 'spark' }).accessPolicies).toEqual([]);
  });

  it('survives hostile access entries', () => {
    const hostile = {
      eks: {
        cluster: cluster(),
        accessEntries: [
          { accessEntry: { principalArn: 'arn:aws:iam::111122223333:role/odd' }, associatedAccessPolicies: [null, 7, { policyArn: 42, accessScope: 'cluster' }, { accessScope: { type: 'namespace', namespaces: 'shop' } }] },
          { accessEntry: null, associatedAccessPolicies: null },
        ],
      },
    } as unknown as AwsData;
    const result = whoCan(graphInventory(YAML, hostile), 'get', 'secrets', { namespace: 'shop' });
    expect(result.accessPolicies).toEqual([]);
    expect(result.accessPoliciesNotEvaluated.map((entry) => entry.policy)).toEqual(['(no policy ARN)']);
  });
});

/** The fixture cluster as a live scan sees it. */
function fixtureView(): View {
  const { objects } = loadFixtureCluster();
  const inventory: Inventory = {
    source: { type: 'cluster' },
    objects: objects.map((object) => ({ object, origin: { type: 'api', api: 'k8s' } })),
    errors: [],
  };
  return new InventoryView(inventory);
}

/** Subjects a per-subject check flags, every subject and binding included. */
function flagged(view: View, check: AnyCheck): string[] {
  const policy = { options: { [check.id]: { includeControlPlaneSubjects: true, ignoreBindingPrefixes: [] } } };
  return [
    ...new Set(
      runCheck(view, check, policy)
        .filter((result) => result.status === 'fail')
        .map((result) => `${result.resource.kind}:${result.resource.namespace ? `${result.resource.namespace}/` : ''}${result.resource.name}`),
    ),
  ].sort();
}

/** Subjects whoCan finds for any of the requests, in every namespace and cluster-wide. */
function allowed(view: View, requests: ReadonlyArray<[string, string, string?]>): string[] {
  const found = new Set<string>();
  for (const namespace of [undefined, ...view.namespaceNames()]) {
    for (const [verb, resource, apiGroup] of requests) {
      const options: WhoCanOptions = {};
      if (namespace !== undefined) options.namespace = namespace;
      if (apiGroup !== undefined) options.apiGroup = apiGroup;
      for (const entry of whoCan(view, verb, resource, options).subjects) {
        // The checks judge RBAC grants; system:masters is listed even without one.
        if (entry.grants.length === 0) continue;
        const subject = entry.subject;
        found.add(`${subject.kind}:${subject.namespace !== undefined ? `${subject.namespace}/` : ''}${subject.name}`);
      }
    }
  }
  return [...found].sort();
}

describe('whoCan agrees with the RBAC checks (same evaluator) on the fixture cluster', () => {
  const view = fixtureView();

  it('rbac-secrets-read: the subjects flagged are those who can get, list or watch Secrets', () => {
    const expected = flagged(view, secretsRead);
    expect(expected.length).toBeGreaterThan(3);
    expect(allowed(view, [['get', 'secrets'], ['list', 'secrets'], ['watch', 'secrets']])).toEqual(expected);
  });

  it('rbac-pods-exec-attach: the subjects flagged are those who can exec or attach', () => {
    const expected = flagged(view, execAttach);
    expect(expected.length).toBeGreaterThan(0);
    const requests: Array<[string, string]> = [];
    for (const verb of ['create', 'get']) for (const resource of ['pods/exec', 'pods/attach']) requests.push([verb, resource]);
    expect(allowed(view, requests)).toEqual(expected);
  });

  it('rbac-create-pods: the subjects flagged are those who can create or change pods and their controllers', () => {
    const expected = flagged(view, createPods);
    expect(expected.length).toBeGreaterThan(0);
    // The requests the check asks about: create anything, update/patch pods and mutable templates (not Jobs).
    const requests: Array<[string, string, string]> = [];
    for (const query of POD_WORKLOAD_WRITE) for (const resource of query.resources) for (const verb of query.verbs) requests.push([verb, resource, query.apiGroup]);
    expect(requests).not.toContainEqual(['patch', 'jobs', 'batch']);
    expect(allowed(view, requests)).toEqual(expected);
  });

  it('rbac-cluster-admin-binding: every subject flagged can do anything anywhere', () => {
    const expected = flagged(view, clusterAdminBinding);
    expect(expected).toContain('ServiceAccount:ci/ci-deployer');
    const admins = whoCan(view, 'delete', 'clusterrolebindings', { apiGroup: 'rbac.authorization.k8s.io' }).subjects.map((entry) => entry.label);
    for (const key of expected) {
      const [kind, name] = key.split(':') as [string, string];
      expect(admins).toContain(kind === 'ServiceAccount' ? `ServiceAccount ${name}` : `${kind} "${key.slice(kind.length + 1)}"`);
    }
  });
});
