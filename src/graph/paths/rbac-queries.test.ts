/**
 * The RBAC queries: a service account escalating to cluster-admin, and anonymous or every
 * authenticated identity reaching something privileged. Each finds its path on a fixture
 * inventory and finds nothing once one link is fixed.
 */
import { describe, expect, it } from 'vitest';
import { pathsOf } from '../test-support/paths.js';


const stream = (...documents: string[]) => documents.join('---\n');
const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';
const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;
const sa = (ns: string, name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ${name}, namespace: ${ns} }\n`;
const role = (ns: string, name: string, rules: string) => `${RBAC}\nkind: Role\nmetadata: { name: ${name}, namespace: ${ns} }\nrules:\n${rules}\n`;
const clusterRole = (name: string, rules: string) => `${RBAC}\nkind: ClusterRole\nmetadata: { name: ${name} }\nrules:\n${rules}\n`;
const roleBinding = (ns: string, name: string, roleKind: string, roleName: string, subjects: string) =>
  `${RBAC}\nkind: RoleBinding\nmetadata: { name: ${name}, namespace: ${ns} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${roleName} }\nsubjects: ${subjects}\n`;
const clusterRoleBinding = (name: string, roleName: string, subjects: string) =>
  `${RBAC}\nkind: ClusterRoleBinding\nmetadata: { name: ${name} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName} }\nsubjects: ${subjects}\n`;
const saSubject = (ns: string, name: string) => `[{ kind: ServiceAccount, name: ${name}, namespace: ${ns} }]`;
const group = (name: string) => `[{ kind: Group, name: "${name}" }]`;
const deployment = (ns: string, name: string, account: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      serviceAccountName: ${account}
      containers: [{ name: app, image: app:1.0 }]
`;

describe('sa-escalation-to-cluster-admin', () => {
  const ci = [namespace('ci'), sa('ci', 'runner'), sa('ci', 'deployer'), clusterRoleBinding('deployer-admin', 'cluster-admin', saSubject('ci', 'deployer'))];
  const podMaker = role('ci', 'pod-maker', '  - { apiGroups: [""], resources: [pods], verbs: [create] }');
  const runnerMakesPods = roleBinding('ci', 'runner', 'Role', 'pod-maker', saSubject('ci', 'runner'));

  it('finds a service account that creates pods as a service account bound to cluster-admin', () => {
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(...ci, podMaker, runnerMakesPods))).toEqual([
      'ServiceAccount ci/runner -can-create-pods-> ServiceAccount ci/deployer -bound-to-> ClusterRoleBinding deployer-admin -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin',
    ]);
  });

  it('finds nothing once the binding is removed, or the stronger account is no longer admin', () => {
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(...ci, podMaker))).toEqual([]);
    const deployerInOneNamespace = ci.map((document) => document.replace(/kind: ClusterRoleBinding\nmetadata: \{ name: deployer-admin \}/, 'kind: RoleBinding\nmetadata: { name: deployer-admin, namespace: ci }'));
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(...deployerInOneNamespace, podMaker, runnerMakesPods))).toEqual([]);
  });

  it('patching a named Deployment escalates to the accounts of its namespace only; patching Jobs never does', () => {
    const shop = [namespace('shop'), sa('shop', 'web'), sa('shop', 'admin'), deployment('shop', 'shop-frontend', 'web'), clusterRoleBinding('shop-admin', 'cluster-admin', saSubject('shop', 'admin'))];
    const patcher = (rule: string) => stream(clusterRole('patcher', rule), clusterRoleBinding('patcher', 'patcher', saSubject('ci', 'runner')));
    const named = '  - { apiGroups: [apps], resources: [deployments], verbs: [patch], resourceNames: [shop-frontend] }';
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(namespace('ci'), sa('ci', 'runner'), ...shop, patcher(named)))).toEqual([
      'ServiceAccount ci/runner -can-create-pods-> ServiceAccount shop/admin -bound-to-> ClusterRoleBinding shop-admin -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin',
    ]);
    // Another name: shop-frontend is out of reach.
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(namespace('ci'), sa('ci', 'runner'), ...shop, patcher(named.replace('shop-frontend', 'billing'))))).toEqual([]);
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate, namespace: shop }\nspec:\n  template:\n    spec:\n      serviceAccountName: web\n      containers: [{ name: job, image: job:1.0 }]\n';
    const jobs = '  - { apiGroups: [batch], resources: [jobs], verbs: [patch, update] }';
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(namespace('ci'), sa('ci', 'runner'), ...shop, job, patcher(jobs)))).toEqual([]);
  });

  it('reports a grant to every service account once, from the group, not once per account', () => {
    const power = clusterRole('rbac-manager', `  - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate] }
  - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings, clusterroles], verbs: [create, update] }`);
    const yaml = stream(namespace('shop'), sa('shop', 'web'), sa('ci', 'runner'), power, clusterRoleBinding('all-sa', 'rbac-manager', group('system:serviceaccounts')));
    expect(pathsOf('sa-escalation-to-cluster-admin', yaml)).toEqual([]);
    expect(pathsOf('anonymous-to-privileged', yaml)).toEqual(['Group system:serviceaccounts -can-escalate-> ClusterAdmin cluster-admin']);
    expect(pathsOf('anonymous-to-privileged', yaml.replace('verbs: [create, update]', 'verbs: [get, list]'))).toEqual([]);
  });

  it('finds impersonation of system:masters, and exec into a pod whose account can take over', () => {
    const impersonator = stream(
      sa('ci', 'runner'),
      clusterRole('impersonate-masters', '  - { apiGroups: [""], resources: [groups], verbs: [impersonate], resourceNames: ["system:masters"] }'),
      clusterRoleBinding('runner-impersonates', 'impersonate-masters', saSubject('ci', 'runner')),
    );
    expect(pathsOf('sa-escalation-to-cluster-admin', impersonator)).toEqual([
      'ServiceAccount ci/runner -can-impersonate-> Group system:masters -is-admin-> ClusterAdmin cluster-admin',
    ]);
    const exec = stream(
      ...ci.slice(0, 3),
      deployment('ci', 'builder', 'deployer'),
      clusterRole('token-minter', '  - { apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }'),
      clusterRoleBinding('deployer-tokens', 'token-minter', saSubject('ci', 'deployer')),
      role('ci', 'exec', '  - { apiGroups: [""], resources: [pods/exec], verbs: [create] }'),
      roleBinding('ci', 'runner-exec', 'Role', 'exec', saSubject('ci', 'runner')),
    );
    expect(pathsOf('sa-escalation-to-cluster-admin', exec)).toEqual([
      'ServiceAccount ci/deployer -can-escalate-> ClusterAdmin cluster-admin',
      'ServiceAccount ci/runner -can-exec-> Deployment ci/builder -runs-as-> ServiceAccount ci/deployer -can-escalate-> ClusterAdmin cluster-admin',
    ]);
  });
});

describe('sa-escalation-to-cluster-admin through exec and Secrets', () => {
  const base = [namespace('ci'), sa('ci', 'runner'), sa('ci', 'deployer'), clusterRoleBinding('deployer-admin', 'cluster-admin', saSubject('ci', 'deployer')), deployment('ci', 'builder', 'deployer')];

  it('finds a service account exec into the pods of one bound to cluster-admin', () => {
    const exec = stream(...base, role('ci', 'exec', '  - { apiGroups: [""], resources: [pods/exec], verbs: [create] }'), roleBinding('ci', 'runner-exec', 'Role', 'exec', saSubject('ci', 'runner')));
    expect(pathsOf('sa-escalation-to-cluster-admin', exec)).toEqual([
      'ServiceAccount ci/runner -can-exec-> Deployment ci/builder -runs-as-> ServiceAccount ci/deployer -bound-to-> ClusterRoleBinding deployer-admin -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin',
    ]);
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(...base))).toEqual([]);
  });

  it('finds a service account reading every Secret, and nothing once it reads one namespace without tokens', () => {
    const reader = clusterRole('secret-reader', '  - { apiGroups: [""], resources: [secrets], verbs: [get, list] }');
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(...base, reader, clusterRoleBinding('runner-secrets', 'secret-reader', saSubject('ci', 'runner'))))).toEqual([
      'ServiceAccount ci/runner -can-read-secrets-> ClusterAdmin cluster-admin',
    ]);
    expect(pathsOf('sa-escalation-to-cluster-admin', stream(...base, reader, roleBinding('ci', 'runner-secrets', 'ClusterRole', 'secret-reader', saSubject('ci', 'runner'))))).toEqual([]);
  });
});

describe('anonymous-to-privileged', () => {
  const secretsEverywhere = clusterRole('secret-reader', '  - { apiGroups: [""], resources: [secrets], verbs: [list] }');

  it('finds anonymous requests reading every Secret, and nothing once the binding is gone', () => {
    const binding = clusterRoleBinding('anonymous-secrets', 'secret-reader', group('system:unauthenticated'));
    expect(pathsOf('anonymous-to-privileged', stream(secretsEverywhere, binding))).toEqual([
      'User system:anonymous -member-of-> Group system:unauthenticated -can-read-secrets-> ClusterAdmin cluster-admin',
    ]);
    expect(pathsOf('anonymous-to-privileged', secretsEverywhere)).toEqual([]);
  });

  it('finds system:anonymous bound to cluster-admin', () => {
    expect(pathsOf('anonymous-to-privileged', clusterRoleBinding('oops', 'cluster-admin', '[{ kind: User, name: "system:anonymous" }]'))).toEqual([
      'User system:anonymous -bound-to-> ClusterRoleBinding oops -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin',
    ]);
  });

  it('finds what every authenticated identity reaches through edit in one namespace', () => {
    const sandbox = stream(
      namespace('sandbox'),
      sa('sandbox', 'default'),
      deployment('sandbox', 'playground', 'default'),
      'apiVersion: v1\nkind: Secret\nmetadata: { name: api-key, namespace: sandbox }\n',
    );
    const everyone = roleBinding('sandbox', 'everyone-edits', 'ClusterRole', 'edit', group('system:authenticated'));
    const paths = pathsOf('anonymous-to-privileged', stream(sandbox, everyone));
    expect(paths).toEqual(
      expect.arrayContaining([
        'Group system:authenticated -can-exec-> Deployment sandbox/playground',
        'Group system:authenticated -can-read-secrets-> Secret sandbox/api-key',
        'Group system:authenticated -can-create-pods-> ServiceAccount sandbox/default',
      ]),
    );
    expect(paths.every((path) => path.startsWith('Group system:authenticated '))).toBe(true);
    // The Kubernetes defaults (discovery, basic-user, public-info-viewer) lead nowhere.
    const defaults = stream(
      clusterRoleBinding('system:discovery', 'system:discovery', group('system:authenticated')),
      clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', '[{ kind: Group, name: "system:authenticated" }, { kind: Group, name: "system:unauthenticated" }]'),
    );
    expect(pathsOf('anonymous-to-privileged', stream(sandbox, defaults))).toEqual([]);
    // Fixed: the binding goes to the team instead of everyone.
    expect(pathsOf('anonymous-to-privileged', stream(sandbox, everyone.replace('system:authenticated', 'sandbox-team')))).toEqual([]);
  });
});
