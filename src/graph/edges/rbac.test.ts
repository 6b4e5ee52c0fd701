import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { AwsData, K8sObject } from '../../model/index.js';
import { InventoryView } from '../../inventory/index.js';
import { accessEntry, cluster } from '../../checks/identity/test-support/aws-fixtures.js';
import { runCheck } from '../../checks/engine.js';
import { check as clusterAdminBinding } from '../../checks/rbac/rbac-cluster-admin-binding/check.js';
import { check as createPods } from '../../checks/rbac/rbac-create-pods/check.js';
import { CLUSTER_ADMIN_ID } from '../nodes.js';
import { SecurityGraph } from '../security-graph.js';
import type { EdgeKind } from '../edge-kinds.js';
import { graphInventory } from '../test-support/inventory.js';
import { addRbacEdges } from './rbac.js';

function graphOf(yaml: string, aws?: AwsData): SecurityGraph {
  const graph = new SecurityGraph();
  addRbacEdges(graph, graphInventory(yaml, aws));
  return graph;
}

/** `from -> to` of every edge of one kind, sorted. */
function edges(graph: SecurityGraph, kind: EdgeKind): string[] {
  return [...graph.edges()]
    .filter((edge) => edge.kind === kind)
    .map((edge) => `${edge.from} -> ${edge.to}`)
    .sort();
}

function edge(graph: SecurityGraph, from: string, kind: EdgeKind, to: string) {
  const found = graph.out(from, new Set([kind])).find((candidate) => candidate.to === to);
  if (!found) throw new Error(`no ${kind} edge ${from} -> ${to}; have ${JSON.stringify(edges(graph, kind))}`);
  return found;
}

/** Whether `to` is reachable from `from` over the given edge kinds. */
function reaches(graph: SecurityGraph, from: string, to: string, kinds: readonly EdgeKind[]): boolean {
  const allowed = new Set(kinds);
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to) return true;
    for (const next of graph.out(id, allowed)) {
      if (!seen.has(next.to)) {
        seen.add(next.to);
        queue.push(next.to);
      }
    }
  }
  return false;
}

const stream = (...documents: string[]) => documents.join('---\n');
const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';
const sa = (namespace: string, name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ${name}, namespace: ${namespace} }\n`;
const role = (namespace: string, name: string, rules: string) => `${RBAC}\nkind: Role\nmetadata: { name: ${name}, namespace: ${namespace} }\nrules:\n${rules}\n`;
const clusterRole = (name: string, rules: string) => `${RBAC}\nkind: ClusterRole\nmetadata: { name: ${name} }\nrules:\n${rules}\n`;
const roleBinding = (namespace: string, name: string, roleKind: string, roleName: string, subjects: string) =>
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: ${name}, namespace: ${namespace} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${roleName} }\nsubjects: ${subjects}\n`;
const clusterRoleBinding = (name: string, roleName: string, subjects: string) =>
  `${RBAC}\nkind: ClusterRoleBinding\nmetadata: { name: ${name} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName} }\nsubjects: ${subjects}\n`;
const saSubject = (namespace: string, name: string) => `[{ kind: ServiceAccount, name: ${name}, namespace: ${namespace} }]`;
const secret = (namespace: string, name: string, extra = '') => `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name}, namespace: ${namespace}${extra} }\n`;
const tokenSecret = (namespace: string, name: string, owner: string) =>
  `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  annotations: { kubernetes.io/service-account.name: ${owner} }\n`;
const workload = (namespace: string, kind: 'Deployment' | 'StatefulSet', name: string, account: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      serviceAccountName: ${account}
      containers: [{ name: app, image: app:1.0 }]
`;

const CI = 'ServiceAccount:ci/runner';

describe('bindings, roles and is-admin', () => {
  it('links a subject to its binding and the binding to its role, with evidence', () => {
    const graph = graphOf(stream(sa('ci', 'deployer'), clusterRoleBinding('deployer-admin', 'cluster-admin', saSubject('ci', 'deployer'))));
    const bound = edge(graph, 'ServiceAccount:ci/deployer', 'bound-to', 'ClusterRoleBinding:deployer-admin');
    expect(bound.evidence).toEqual([
      { resource: { kind: 'ClusterRoleBinding', name: 'deployer-admin' }, path: 'subjects[0]', detail: 'ClusterRoleBinding deployer-admin names ServiceAccount ci/deployer' },
    ]);
    expect(bound.enabledBy).toEqual([{ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' }]);
    const grants = edge(graph, 'ClusterRoleBinding:deployer-admin', 'grants', 'ClusterRole:cluster-admin');
    expect(grants.evidence[0]).toMatchObject({ path: 'roleRef', detail: 'ClusterRoleBinding deployer-admin grants ClusterRole "cluster-admin" cluster-wide' });
    // cluster-admin is a Kubernetes default the manifests need not declare.
    expect(graph.node('ClusterRole:cluster-admin')).toMatchObject({ attrs: { builtIn: true } });
    expect(graph.node('ClusterRole:cluster-admin')?.resource).toBeUndefined();
    expect(edges(graph, 'is-admin')).toEqual(['ClusterRole:cluster-admin -> ClusterAdmin', 'Group:system:masters -> ClusterAdmin']);
    expect(reaches(graph, 'ServiceAccount:ci/deployer', CLUSTER_ADMIN_ID, ['bound-to', 'grants', 'is-admin'])).toBe(true);
  });

  it('ties bound-to to the resource rbac-cluster-admin-binding reports on', () => {
    const yaml = stream(sa('ci', 'deployer'), clusterRoleBinding('deployer-admin', 'cluster-admin', saSubject('ci', 'deployer')));
    const [finding] = runCheck(graphInventory(yaml), clusterAdminBinding).filter((result) => result.status === 'fail');
    const bound = edge(graphOf(yaml), 'ServiceAccount:ci/deployer', 'bound-to', 'ClusterRoleBinding:deployer-admin');
    expect(bound.enabledBy).toEqual([finding!.resource]);
  });

  it('gives a ClusterRole granted by a RoleBinding its own node: admin of one namespace is not cluster admin', () => {
    const graph = graphOf(
      stream(
        sa('shop', 'owner'),
        sa('shop', 'web'),
        secret('shop', 'db'),
        roleBinding('shop', 'owner-admin', 'ClusterRole', 'cluster-admin', saSubject('shop', 'owner')),
        sa('ci', 'deployer'),
        clusterRoleBinding('deployer-admin', 'cluster-admin', saSubject('ci', 'deployer')),
      ),
    );
    edge(graph, 'RoleBinding:shop/owner-admin', 'grants', 'ClusterRole:shop/cluster-admin');
    expect(graph.out('ClusterRole:shop/cluster-admin')).toEqual([]);
    expect(reaches(graph, 'ServiceAccount:shop/owner', CLUSTER_ADMIN_ID, ['bound-to', 'grants', 'is-admin'])).toBe(false);
    // What it does hold: everything in shop.
    edge(graph, 'ServiceAccount:shop/owner', 'can-create-pods', 'ServiceAccount:shop/web');
    edge(graph, 'ServiceAccount:shop/owner', 'can-read-secrets', 'Secret:shop/db');
    // The cluster-wide holder gets no capability edges: is-admin already says everything.
    expect(graph.out('ServiceAccount:ci/deployer').map((out) => out.kind)).toEqual(['bound-to']);
  });

  it('counts a role aggregated into one with every verb on everything', () => {
    const aggregating = `${RBAC}\nkind: ClusterRole\nmetadata: { name: super }\naggregationRule:\n  clusterRoleSelectors: [{ matchLabels: { example.com/super: "true" } }]\nrules: []\n`;
    const part = `${RBAC}\nkind: ClusterRole\nmetadata: { name: everything, labels: { example.com/super: "true" } }\nrules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]\n`;
    const graph = graphOf(stream(aggregating, part));
    const admin = edge(graph, 'ClusterRole:super', 'is-admin', CLUSTER_ADMIN_ID);
    expect(admin.evidence[0]).toMatchObject({ resource: { kind: 'ClusterRole', name: 'everything' }, path: 'rules[0]' });
    expect(graphOf(part.replace('verbs: ["*"]', 'verbs: [get]')).out('ClusterRole:everything', new Set(['is-admin']))).toEqual([]);
  });

  it('makes system:masters admin, enabled by the aws-auth mapping that fills it', () => {
    const awsAuth = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/admins
      username: admin
      groups: [system:masters]
`;
    const masters = edge(graphOf(awsAuth), 'Group:system:masters', 'is-admin', CLUSTER_ADMIN_ID);
    expect(masters.enabledBy).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'aws-auth' }]);
    expect(edge(graphOf(sa('a', 'b')), 'Group:system:masters', 'is-admin', CLUSTER_ADMIN_ID).enabledBy).toEqual([]);
  });

  it('survives hostile bindings and roles', () => {
    const hostile = stream(
      `${RBAC}\nkind: ClusterRoleBinding\nmetadata: { name: odd }\nroleRef: cluster-admin\nsubjects: [null, 7, { kind: ServiceAccount, name: x }, { kind: Robot, name: r }]\n`,
      `${RBAC}\nkind: RoleBinding\nmetadata: { name: no-role, namespace: a }\nroleRef: { kind: Role, name: missing }\nsubjects: [{ kind: User, name: bob }]\n`,
      `${RBAC}\nkind: ClusterRole\nmetadata: { name: broken }\nrules: "everything"\n`,
      `${RBAC}\nkind: ClusterRoleBinding\nmetadata: {}\nroleRef: { kind: ClusterRole, name: broken }\nsubjects: [{ kind: User, name: eve }]\n`,
      `${RBAC}\nkind: Role\nmetadata: { name: weird, namespace: a }\nrules: [null, { verbs: "*" }]\n`,
    );
    // As an API could hand them over: the manifest loader would refuse these objects.
    const objects = parseAllDocuments(hostile).map((document) => ({
      object: document.toJS() as K8sObject,
      origin: { type: 'api' as const, api: 'k8s' as const },
    }));
    const graph = new SecurityGraph();
    addRbacEdges(graph, new InventoryView({ source: { type: 'cluster' }, objects, errors: [] }));
    expect(edges(graph, 'bound-to')).toEqual(['User:bob -> RoleBinding:a/no-role']);
    expect(edges(graph, 'grants')).toEqual([]);
    expect(edges(graph, 'is-admin')).toEqual(['Group:system:masters -> ClusterAdmin']);
  });
});

describe('member-of', () => {
  it('puts service accounts and users in the implied groups that some binding names', () => {
    const graph = graphOf(
      stream(
        sa('shop', 'web'),
        sa('ci', 'runner'),
        roleBinding('shop', 'all-sa', 'ClusterRole', 'view', '[{ kind: Group, name: "system:serviceaccounts:shop" }]'),
        clusterRoleBinding('everyone', 'view', '[{ kind: Group, name: "system:authenticated" }]'),
        clusterRoleBinding('alice', 'view', '[{ kind: User, name: alice }]'),
      ),
    );
    expect(edges(graph, 'member-of')).toEqual([
      'ServiceAccount:ci/runner -> Group:system:authenticated',
      'ServiceAccount:shop/web -> Group:system:authenticated',
      'ServiceAccount:shop/web -> Group:system:serviceaccounts:shop',
      'User:alice -> Group:system:authenticated',
    ]);
    expect(graph.node('Group:system:serviceaccounts')).toBeUndefined();
  });

  it('adds system:anonymous in system:unauthenticated when that group is bound', () => {
    const bound = graphOf(clusterRoleBinding('anon', 'view', '[{ kind: Group, name: "system:unauthenticated" }]'));
    expect(edges(bound, 'member-of')).toEqual(['User:system:anonymous -> Group:system:unauthenticated']);
    expect(graphOf(clusterRoleBinding('ops', 'view', '[{ kind: Group, name: ops }]')).node('User:system:anonymous')).toBeUndefined();
  });

  it('puts users that AWS principals sign in as in system:authenticated', () => {
    const aws: AwsData = {
      eks: { cluster: cluster(), accessEntries: [accessEntry('arn:aws:iam::111122223333:role/dev', { username: 'dev-user' })] },
    };
    const graph = graphOf(clusterRoleBinding('everyone', 'view', '[{ kind: Group, name: "system:authenticated" }]'), aws);
    expect(edges(graph, 'member-of')).toEqual(['User:dev-user -> Group:system:authenticated']);
  });
});

describe('capability edges', () => {
  const podMaker = (verbs: string) => role('ci', 'pod-maker', `  - { apiGroups: [""], resources: [pods], verbs: ${verbs} }`);
  const ci = [sa('ci', 'runner'), sa('ci', 'deployer'), sa('shop', 'web')];

  it('creating pods in a namespace reaches each of its service accounts, and no other', () => {
    const yaml = stream(...ci, podMaker('[create]'), roleBinding('ci', 'runner', 'Role', 'pod-maker', saSubject('ci', 'runner')));
    const graph = graphOf(yaml);
    expect(edges(graph, 'can-create-pods')).toEqual([`${CI} -> ServiceAccount:ci/deployer`]);
    const created = edge(graph, CI, 'can-create-pods', 'ServiceAccount:ci/deployer');
    expect(created.evidence).toEqual([
      {
        resource: { kind: 'RoleBinding', namespace: 'ci', name: 'runner' },
        path: 'subjects[0]',
        detail: 'create or change pods and workload controllers in namespace ci, whose pods may run as any of its service accounts: Role "pod-maker" rules[0] via RoleBinding ci/runner',
      },
      { resource: { kind: 'Role', namespace: 'ci', name: 'pod-maker' }, path: 'rules[0]', detail: 'Role "pod-maker" rules[0]: verbs [create] on pods in API groups []' },
    ]);
    // The edge names the resource rbac-create-pods reports on.
    const findings = runCheck(graphInventory(yaml), createPods).filter((result) => result.status === 'fail');
    expect(findings.map((result) => result.resource)).toEqual(created.enabledBy);
    // Fixed: the role only reads pods.
    expect(edges(graphOf(yaml.replace('verbs: [create]', 'verbs: [get, list]')), 'can-create-pods')).toEqual([]);
  });

  it('in every namespace it is one edge to ClusterAdmin, not one per service account', () => {
    const graph = graphOf(
      stream(
        ...ci,
        clusterRole('deployer', '  - { apiGroups: [apps], resources: [deployments], verbs: [create, patch] }'),
        clusterRoleBinding('runner', 'deployer', saSubject('ci', 'runner')),
      ),
    );
    expect(edges(graph, 'can-create-pods')).toEqual([`${CI} -> ClusterAdmin`]);
  });

  describe('pods and their controllers', () => {
    const ns = (namespace: string) => [sa(namespace, 'runner'), sa(namespace, 'admin')];
    const job = (namespace: string, name: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  template:\n    spec:\n      serviceAccountName: runner\n      containers: [{ name: job, image: job:1.0 }]\n`;
    const cronJob = (namespace: string, name: string, account: string) =>
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: ${account}\n          containers: [{ name: job, image: job:1.0 }]\n`;
    const granted = (rules: string, where = 'cluster') =>
      where === 'cluster'
        ? stream(clusterRole('power', rules), clusterRoleBinding('power', 'power', saSubject('ci', 'runner')))
        : stream(role(where, 'power', rules), roleBinding(where, 'power', 'Role', 'power', saSubject('ci', 'runner')));

    it('update/patch on Jobs creates nothing (their template is immutable); create on Jobs does', () => {
      const inventory = [...ci, sa('ci', 'idle'), job('ci', 'migrate'), workload('ci', 'Deployment', 'api', 'deployer')];
      const patchJobs = '  - { apiGroups: [batch], resources: [jobs], verbs: [update, patch] }';
      expect(edges(graphOf(stream(...inventory, granted(patchJobs))), 'can-create-pods')).toEqual([]);
      expect(edges(graphOf(stream(...inventory, granted(patchJobs, 'ci'))), 'can-create-pods')).toEqual([]);
      const createJobs = '  - { apiGroups: [batch], resources: [jobs], verbs: [create] }';
      expect(edges(graphOf(stream(...inventory, granted(createJobs, 'ci'))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:ci/deployer`,
        `${CI} -> ServiceAccount:ci/idle`,
      ]);
      expect(edges(graphOf(stream(...inventory, granted(createJobs))), 'can-create-pods')).toEqual([`${CI} -> ClusterAdmin`]);
    });

    it('update/patch on a mutable template reaches every account of a namespace that holds such a controller', () => {
      const patchCronJobs = '  - { apiGroups: [batch], resources: [cronjobs], verbs: [patch] }';
      const inventory = [...ci, sa('ci', 'idle'), cronJob('ci', 'report', 'deployer'), ...ns('shop')];
      const graph = graphOf(stream(...inventory, granted(patchCronJobs)));
      // The template's serviceAccountName may name any account of ci; shop has no CronJob to change.
      expect(edges(graph, 'can-create-pods')).toEqual([`${CI} -> ServiceAccount:ci/deployer`, `${CI} -> ServiceAccount:ci/idle`]);
      expect(edge(graph, CI, 'can-create-pods', 'ServiceAccount:ci/idle').evidence.at(-1)).toEqual({
        resource: { kind: 'CronJob', namespace: 'ci', name: 'report' },
        path: 'spec.jobTemplate.spec.template.spec.serviceAccountName',
        detail: 'CronJob ci/report keeps a mutable pod template: whoever changes it picks the image and the service account its pods run as',
      });
      // Fixed: no CronJob left to change.
      expect(edges(graphOf(stream(...ci, sa('ci', 'idle'), ...ns('shop'), granted(patchCronJobs))), 'can-create-pods')).toEqual([]);
    });

    it('held in every namespace, patching templates is ClusterAdmin when kube-system holds such a controller', () => {
      const patchDaemonSets = '  - { apiGroups: [apps], resources: [daemonsets], verbs: [patch] }';
      const awsNode = workload('kube-system', 'Deployment', 'aws-node', 'aws-node').replace('kind: Deployment', 'kind: DaemonSet');
      expect(edges(graphOf(stream(...ci, awsNode, granted(patchDaemonSets))), 'can-create-pods')).toEqual([`${CI} -> ClusterAdmin`]);
      // Only Deployments in kube-system: patching DaemonSets does not reach it.
      expect(edges(graphOf(stream(...ci, workload('kube-system', 'Deployment', 'coredns', 'coredns'), granted(patchDaemonSets))), 'can-create-pods')).toEqual([]);
    });

    it('a rule limited by resourceNames reaches the controllers of those names only', () => {
      const patchFrontend = '  - { apiGroups: [apps], resources: [deployments], verbs: [patch], resourceNames: [shop-frontend] }';
      const inventory = [
        ...ci,
        ...ns('shop'),
        ...ns('kube-system'),
        workload('shop', 'Deployment', 'shop-frontend', 'runner'),
        workload('ci', 'Deployment', 'api', 'deployer'),
        workload('kube-system', 'Deployment', 'coredns', 'runner'),
      ];
      // Cluster-wide: shop-frontend in every namespace, here only in shop. Not ClusterAdmin.
      expect(edges(graphOf(stream(...inventory, granted(patchFrontend))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:shop/admin`,
        `${CI} -> ServiceAccount:shop/runner`,
        `${CI} -> ServiceAccount:shop/web`,
      ]);
      // A RoleBinding in ci: no shop-frontend there.
      expect(edges(graphOf(stream(...inventory, granted(patchFrontend, 'ci'))), 'can-create-pods')).toEqual([]);
      expect(edges(graphOf(stream(...inventory, granted(patchFrontend, 'shop'))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:shop/admin`,
        `${CI} -> ServiceAccount:shop/runner`,
        `${CI} -> ServiceAccount:shop/web`,
      ]);
      // Named kube-system's coredns: its accounts, still not a blanket ClusterAdmin.
      expect(edges(graphOf(stream(...inventory, granted(patchFrontend.replace('shop-frontend', 'coredns')))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:kube-system/admin`,
        `${CI} -> ServiceAccount:kube-system/runner`,
      ]);
    });

    it('create limited by resourceNames grants nothing: create requests carry no name', () => {
      const inventory = [...ci, workload('ci', 'Deployment', 'api', 'deployer')];
      const createNamed = '  - { apiGroups: ["", apps], resources: [pods, deployments], verbs: [create], resourceNames: [api] }';
      expect(edges(graphOf(stream(...inventory, granted(createNamed))), 'can-create-pods')).toEqual([]);
      expect(edges(graphOf(stream(...inventory, granted(createNamed, 'ci'))), 'can-create-pods')).toEqual([]);
      expect(edges(graphOf(stream(...inventory, granted(createNamed.replace(', resourceNames: [api]', ''), 'ci'))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:ci/deployer`,
      ]);
    });

    it('update/patch on pods reaches the accounts running pods use, not every account of the namespace', () => {
      const patchPods = '  - { apiGroups: [""], resources: [pods], verbs: [patch] }';
      const bare = 'apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: ci }\nspec:\n  serviceAccountName: builder\n  containers: [{ name: sh, image: busybox }]\n';
      const idle = workload('ci', 'Deployment', 'idle', 'idle').replace('spec:\n  selector', 'spec:\n  replicas: 0\n  selector');
      const inventory = [...ci, sa('ci', 'admin'), sa('ci', 'builder'), sa('ci', 'idle'), workload('ci', 'Deployment', 'api', 'deployer'), bare, idle, cronJob('ci', 'report', 'admin')];
      const graph = graphOf(stream(...inventory, granted(patchPods, 'ci')));
      // Not ci/admin (only a CronJob between runs) nor ci/idle (scaled to zero).
      expect(edges(graph, 'can-create-pods')).toEqual([`${CI} -> ServiceAccount:ci/builder`, `${CI} -> ServiceAccount:ci/deployer`]);
      expect(edge(graph, CI, 'can-create-pods', 'ServiceAccount:ci/deployer').evidence.at(-1)).toEqual({
        resource: { kind: 'Deployment', namespace: 'ci', name: 'api' },
        path: 'spec.template.spec.serviceAccountName',
        detail: 'the pods of Deployment ci/api run as ServiceAccount ci/deployer',
      });
      // Limited to pod names: the pods those names can be.
      expect(edges(graphOf(stream(...inventory, granted(patchPods.replace(' }', ', resourceNames: [debug] }'), 'ci'))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:ci/builder`,
      ]);
      // Cluster-wide without kube-system pods in the input: the same accounts, no ClusterAdmin.
      expect(edges(graphOf(stream(...inventory, granted(patchPods))), 'can-create-pods')).toEqual([
        `${CI} -> ServiceAccount:ci/builder`,
        `${CI} -> ServiceAccount:ci/deployer`,
      ]);
      const kubeProxy = workload('kube-system', 'Deployment', 'kube-proxy', 'kube-proxy').replace('kind: Deployment', 'kind: DaemonSet');
      expect(edges(graphOf(stream(...inventory, kubeProxy, granted(patchPods))), 'can-create-pods')).toEqual([`${CI} -> ClusterAdmin`]);
    });
  });

  it('reading Secrets reaches the Secrets of the namespace and the owner of a legacy token', () => {
    const yaml = stream(
      ...ci,
      secret('ci', 'registry'),
      tokenSecret('ci', 'deployer-token', 'deployer'),
      secret('shop', 'db'),
      role('ci', 'reader', '  - { apiGroups: [""], resources: [secrets], verbs: [get] }'),
      roleBinding('ci', 'reader', 'Role', 'reader', saSubject('ci', 'runner')),
    );
    const graph = graphOf(yaml);
    expect(edges(graph, 'can-read-secrets')).toEqual([
      `${CI} -> Secret:ci/deployer-token`,
      `${CI} -> Secret:ci/registry`,
      `${CI} -> ServiceAccount:ci/deployer`,
    ]);
    expect(edge(graph, CI, 'can-read-secrets', 'ServiceAccount:ci/deployer').evidence.at(-1)).toMatchObject({
      resource: { kind: 'Secret', namespace: 'ci', name: 'deployer-token' },
      detail: 'Secret ci/deployer-token holds a long-lived token of ServiceAccount ci/deployer',
    });
    // Limited to named Secrets: least privilege, no edge (as rbac-secrets-read).
    const named = yaml.replace('verbs: [get] }', 'verbs: [get], resourceNames: [registry] }');
    expect(edges(graphOf(named), 'can-read-secrets')).toEqual([]);
    const everywhere = stream(...ci, secret('ci', 'registry'), clusterRole('reader', '  - { apiGroups: [""], resources: [secrets], verbs: [list] }'), clusterRoleBinding('reader', 'reader', saSubject('ci', 'runner')));
    expect(edges(graphOf(everywhere), 'can-read-secrets')).toEqual([`${CI} -> ClusterAdmin`]);
  });

  it('exec reaches the workloads of the namespace; a rule limited to pod names only theirs', () => {
    const workloads = [workload('ci', 'StatefulSet', 'db', 'deployer'), workload('ci', 'Deployment', 'api', 'deployer'), workload('shop', 'Deployment', 'web', 'web')];
    const exec = (names: string) => role('ci', 'exec', `  - { apiGroups: [""], resources: [pods/exec], verbs: [create]${names} }`);
    const binding = roleBinding('ci', 'exec', 'Role', 'exec', saSubject('ci', 'runner'));
    expect(edges(graphOf(stream(...ci, ...workloads, exec(''), binding)), 'can-exec')).toEqual([`${CI} -> Deployment:ci/api`, `${CI} -> StatefulSet:ci/db`]);
    expect(edges(graphOf(stream(...ci, ...workloads, exec(', resourceNames: [db-0]'), binding)), 'can-exec')).toEqual([`${CI} -> StatefulSet:ci/db`]);
    const proxy = stream(...ci, clusterRole('kubelet', '  - { apiGroups: [""], resources: [nodes/proxy], verbs: [get] }'), clusterRoleBinding('kubelet', 'kubelet', saSubject('ci', 'runner')));
    expect(edges(graphOf(proxy), 'can-exec')).toEqual([`${CI} -> ClusterAdmin`]);
  });

  it('impersonation: anyone is admin, named identities are edges to them', () => {
    const impersonate = (names: string) =>
      stream(...ci, clusterRole('imp', `  - { apiGroups: [""], resources: [users, groups], verbs: [impersonate]${names} }`), clusterRoleBinding('imp', 'imp', saSubject('ci', 'runner')));
    expect(edges(graphOf(impersonate('')), 'can-impersonate')).toEqual([`${CI} -> ClusterAdmin`]);
    expect(edges(graphOf(impersonate(', resourceNames: ["system:masters", "system:serviceaccount:shop:web"]')), 'can-impersonate')).toEqual([
      `${CI} -> Group:system:masters`,
      `${CI} -> Group:system:serviceaccount:shop:web`,
      `${CI} -> ServiceAccount:shop/web`,
      `${CI} -> User:system:masters`,
    ]);
    const accounts = stream(...ci, role('ci', 'imp', '  - { apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [deployer] }'), roleBinding('ci', 'imp', 'Role', 'imp', saSubject('ci', 'runner')));
    expect(edges(graphOf(accounts), 'can-impersonate')).toEqual([`${CI} -> ServiceAccount:ci/deployer`]);
  });

  describe('can-escalate', () => {
    const bindRule = (names: string) => `  - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]${names} }
  - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }`;
    const granted = (rules: string) => stream(...ci, clusterRole('power', rules), clusterRoleBinding('power', 'power', saSubject('ci', 'runner')));

    it('bind with binding writes cluster-wide is admin; bind limited to a harmless role is not', () => {
      expect(edges(graphOf(granted(bindRule(''))), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      expect(edges(graphOf(granted(bindRule(', resourceNames: [view]'))), 'can-escalate')).toEqual([]);
      expect(edges(graphOf(granted(bindRule(', resourceNames: [cluster-admin]'))), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      // bind without any write to bindings does nothing.
      expect(edges(graphOf(granted(bindRule('').split('\n')[0]!)), 'can-escalate')).toEqual([]);
    });

    it('bind in one namespace reaches its service accounts', () => {
      const namespaced = stream(
        ...ci,
        role('ci', 'binder', `  - { apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate] }
  - { apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [update] }`),
        roleBinding('ci', 'binder', 'Role', 'binder', saSubject('ci', 'runner')),
      );
      expect(edges(graphOf(namespaced), 'can-escalate')).toEqual([`${CI} -> ServiceAccount:ci/deployer`]);
    });

    it('tokens: any service account is admin, named ones are edges to them', () => {
      expect(edges(graphOf(granted('  - { apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }')), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      expect(edges(graphOf(granted('  - { apiGroups: [""], resources: [serviceaccounts/token], verbs: [create], resourceNames: [web] }')), 'can-escalate')).toEqual([
        `${CI} -> ServiceAccount:shop/web`,
      ]);
    });

    it('mutating webhooks and API-server client certificates are admin; validating webhooks and kubelet-serving are not', () => {
      const webhook = (resource: string) => granted(`  - { apiGroups: [admissionregistration.k8s.io], resources: [${resource}], verbs: [patch] }`);
      expect(edges(graphOf(webhook('mutatingwebhookconfigurations')), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      expect(edges(graphOf(webhook('validatingwebhookconfigurations')), 'can-escalate')).toEqual([]);
      const csr = (signer: string) =>
        granted(`  - { apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update] }
  - { apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: ["${signer}"] }`);
      expect(edges(graphOf(csr('kubernetes.io/kube-apiserver-client')), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      expect(edges(graphOf(csr('kubernetes.io/kubelet-serving')), 'can-escalate')).toEqual([]);
    });

    it('aws-auth: rewriting it is admin; creating ConfigMaps only while it does not exist; never in API mode', () => {
      const awsAuth = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: aws-auth, namespace: kube-system }\ndata: {}\n';
      const writer = (verbs: string) =>
        stream(...ci, role('kube-system', 'cm', `  - { apiGroups: [""], resources: [configmaps], verbs: ${verbs} }`), roleBinding('kube-system', 'cm', 'Role', 'cm', saSubject('ci', 'runner')));
      expect(edges(graphOf(stream(writer('[patch]'), awsAuth)), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      expect(edges(graphOf(stream(writer('[create]'), awsAuth)), 'can-escalate')).toEqual([]);
      expect(edges(graphOf(writer('[create]')), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      expect(edges(graphOf(stream(writer('[create, delete]'), awsAuth)), 'can-escalate')).toEqual([`${CI} -> ClusterAdmin`]);
      const apiMode: AwsData = { eks: { cluster: cluster({ accessConfig: { authenticationMode: 'API' } }) } };
      expect(edges(graphOf(stream(writer('[patch]'), awsAuth), apiMode), 'can-escalate')).toEqual([]);
    });
  });

  it('gives groups their own edges, which members reach through member-of', () => {
    const graph = graphOf(
      stream(...ci, podMaker('[create]'), roleBinding('ci', 'all', 'Role', 'pod-maker', '[{ kind: Group, name: "system:serviceaccounts:ci" }]')),
    );
    expect(edges(graph, 'can-create-pods')).toEqual(['Group:system:serviceaccounts:ci -> ServiceAccount:ci/deployer', 'Group:system:serviceaccounts:ci -> ServiceAccount:ci/runner']);
    expect(edge(graph, 'Group:system:serviceaccounts:ci', 'can-create-pods', 'ServiceAccount:ci/runner').enabledBy).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Group', name: 'system:serviceaccounts:ci' },
    ]);
    edge(graph, CI, 'member-of', 'Group:system:serviceaccounts:ci');
  });
});
