import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { CheckResult, K8sObject } from '../model/index.js';
import { InventoryView, refKey, refOf } from '../inventory/index.js';
import { BUILT_IN_BY_NAME } from '../analysis/rbac/builtin-roles.js';
import { EffectivePermissions } from '../analysis/rbac/effective-permissions.js';
import { subjectResource } from '../analysis/rbac/subjects.js';
import { loadManifestText } from '../collect/files/index.js';
import { BUILT_IN_CHECKS, runCheck, type AnyCheck } from '../checks/index.js';
import { scanCase, type CheckCase, type CheckCases } from '../checks/test-support/check-tester.js';
import type * as CheckTester from '../checks/test-support/check-tester.js';
import { singleObjectView } from './single-object-view.js';
import { BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-roles.js';

/**
 * The claim behind `admission: true` is that the check decides on the one object alone. It is
 * tested on each marked check's own cases: their test files are loaded with `describeCheck`
 * recording the cases instead of defining tests (their own run stays in their own files).
 */
const recorded = vi.hoisted(() => new Map<string, CheckCases>());
vi.mock('../checks/test-support/check-tester.js', async (importOriginal) => {
  const original = await importOriginal<typeof CheckTester>();
  return {
    ...original,
    describeCheck: (check: AnyCheck, cases: CheckCases) => recorded.set(check.id, cases),
  };
});

const MARKED = BUILT_IN_CHECKS.filter((check) => check.admission === true);
/** RBAC checks judge subjects (not objects) on a binding beside the default ClusterRoles: tested apart below. */
const MARKED_RBAC = MARKED.filter((check) => check.area === 'rbac');
const MARKED_OBJECT = MARKED.filter((check) => check.area !== 'rbac');

const CHECKS_DIR = fileURLToPath(new URL('../checks/', import.meta.url));
const AREAS = readdirSync(CHECKS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
for (const check of MARKED) {
  const area = AREAS.find((entry) => readdirSync(`${CHECKS_DIR}${entry.name}`).includes(check.id))?.name;
  await import(`../checks/${area}/${check.id}/check.test.ts`);
}

/** What a finding says, apart from where a file would put it. */
function findingKey(result: CheckResult): string {
  return JSON.stringify([result.checkId, refKey(result.resource), result.container, result.path, result.message, result.severity]);
}

function failures(results: readonly CheckResult[]): string[] {
  return results.filter((result) => result.status === 'fail').map(findingKey).sort();
}

function run(check: AnyCheck, testCase: CheckCase) {
  const loaded = loadManifestText(testCase.yaml, 'case.yaml');
  const objects = loaded.objects.map((entry) => entry.object);
  const policy = testCase.options ? { options: { [check.id]: testCase.options } } : {};
  const alone = (object: (typeof objects)[number]) => runCheck(singleObjectView(object, undefined), check, policy);
  return { objects, alone };
}

describe('admission-safe checks', () => {
  it('are exactly the checks reviewed as deciding on one object', () => {
    expect(MARKED.map((check) => check.id)).toEqual([
      'netpol-allow-all',
      'pod-host-port',
      'rbac-anonymous-binding',
      'rbac-authenticated-elevated',
      'rbac-bind-escalate',
      'rbac-cluster-admin-binding',
      'rbac-create-pods',
      'rbac-create-pv',
      'rbac-csr-approve',
      'rbac-delete-capabilities',
      'rbac-ephemeral-containers',
      'rbac-nodes-proxy',
      'rbac-pods-exec-attach',
      'rbac-sa-token-create',
      'rbac-secrets-read',
      'rbac-status-spoof',
      'rbac-webhook-config',
      'rbac-wildcard',
      'sc-deprecated-registry',
      'sc-registry-not-allowed',
      'sc-tiller',
      'sec-credential-in-configmap',
      'sec-literal-credential-env',
      'sec-secret-as-env',
      'svc-external-ips',
      'svc-nodeport',
      'wl-allow-priv-esc',
      'wl-apparmor-selinux-custom',
      'wl-caps-added-dangerous',
      'wl-caps-not-dropped',
      'wl-host-ipc',
      'wl-host-network',
      'wl-host-pid',
      'wl-hostpath',
      'wl-hostpath-writable-sensitive',
      'wl-image-latest',
      'wl-image-not-digest',
      'wl-kube-system-user',
      'wl-liveness-probe',
      'wl-low-uid-gid',
      'wl-naked-pod',
      'wl-privileged',
      'wl-proc-mount',
      'wl-pull-policy',
      'wl-readiness-probe',
      'wl-rootfs-writable',
      'wl-run-as-root',
      'wl-runtime-socket',
      'wl-seccomp-missing',
      'wl-ssh-or-sudo',
      'wl-unsafe-sysctls',
      'wl-windows-hostprocess',
    ]);
  });

  it('need no AWS or kubelet data', () => {
    for (const check of MARKED) expect(check.needs ?? [], check.id).toEqual([]);
  });

  it('had their cases recorded', () => {
    expect([...recorded.keys()].sort()).toEqual(MARKED.map((check) => check.id).sort());
  });

  for (const check of MARKED_OBJECT) {
    describe(check.id, () => {
      it('finds on each failing object alone exactly what it finds in the whole fixture', () => {
        const cases = recorded.get(check.id);
        expect(cases?.fail.length, 'fail cases').toBeGreaterThan(0);
        for (const testCase of cases?.fail ?? []) {
          const { objects, alone } = run(check, testCase);
          const whole = scanCase(check, testCase).results;
          const failing = new Set(whole.filter((result) => result.status === 'fail').map((result) => refKey(result.resource)));
          const single = objects.filter((object) => failing.has(refKey(refOf(object)))).flatMap(alone);
          expect(failures(single), testCase.name).toEqual(failures(whole));
          expect(failures(whole).length, testCase.name).toBeGreaterThan(0);
        }
      });

      it('finds nothing on any object of its pass cases alone', () => {
        for (const testCase of recorded.get(check.id)?.pass ?? []) {
          const { objects, alone } = run(check, testCase);
          expect(failures(objects.flatMap(alone)), testCase.name).toEqual([]);
        }
      });
    });
  }
});

/**
 * The RBAC checks marked admission-safe judge a RoleBinding or ClusterRoleBinding beside the
 * default ClusterRoles (as `singleObjectView` builds it). What is claimed, on each check's own
 * cases, against a scan of the cluster the case describes (its objects beside the default
 * ClusterRoles it does not declare):
 * - exact: for a binding to a default ClusterRole, in a case that changes no default role
 *   (declares none, and none aggregated into one), each subject that only this binding names
 *   (and that no workload of the case runs as) gets exactly the scan's findings;
 * - sound: any subject of such a binding found at admission is found by the scan too
 *   (admission sees one binding, so it can miss what a subject gets from several);
 * - a binding to any other role is never failed at admission (its rules are in the cluster).
 * Each marked check must show at least one exact finding, so none is marked on cases that
 * never reach it.
 */
const RBAC_BINDINGS = new Set(['RoleBinding', 'ClusterRoleBinding']);
const AGGREGATE_LABEL = 'rbac.authorization.k8s.io/aggregate-to-';

function clusterOf(objects: readonly K8sObject[]): InventoryView {
  const declared = new Set(objects.filter((object) => object.kind === 'ClusterRole').map((object) => object.metadata?.name));
  const defaults = BOOTSTRAP_CLUSTER_ROLES.filter((role) => !declared.has(role.metadata?.name));
  return new InventoryView({
    source: { type: 'cluster' },
    objects: [...objects, ...defaults].map((object) => ({ object, origin: { type: 'api', api: 'k8s' } })),
    errors: [],
  });
}

function bindsDefaultRole(object: K8sObject): boolean {
  const roleRef = object.roleRef as { kind?: string; name?: string } | undefined;
  return roleRef?.kind === 'ClusterRole' && BUILT_IN_BY_NAME.has(roleRef.name ?? '');
}

/** A case that declares a default ClusterRole, or aggregates a role into one, changes what it grants. */
function changesDefaultRoles(objects: readonly K8sObject[]): boolean {
  return objects.some(
    (object) =>
      object.kind === 'ClusterRole' &&
      (BUILT_IN_BY_NAME.has(object.metadata?.name ?? '') ||
        Object.keys(object.metadata?.labels ?? {}).some((label) => label.startsWith(AGGREGATE_LABEL))),
  );
}

/** What a finding says, apart from the text a scan adds for roles it filled in itself. */
function scanKey(result: CheckResult): string {
  return JSON.stringify([result.checkId, refKey(result.resource), result.path, result.severity]);
}

describe('admission-safe RBAC checks on a binding beside the default ClusterRoles', () => {
  it('are the per-subject checks that read nothing but the subject\'s bindings and roles', () => {
    expect(MARKED_RBAC.map((check) => check.id).sort()).toEqual([
      'rbac-anonymous-binding',
      'rbac-authenticated-elevated',
      'rbac-bind-escalate',
      'rbac-cluster-admin-binding',
      'rbac-create-pods',
      'rbac-create-pv',
      'rbac-csr-approve',
      'rbac-delete-capabilities',
      'rbac-ephemeral-containers',
      'rbac-nodes-proxy',
      'rbac-pods-exec-attach',
      'rbac-sa-token-create',
      'rbac-secrets-read',
      'rbac-status-spoof',
      'rbac-webhook-config',
      'rbac-wildcard',
    ]);
  });

  for (const check of MARKED_RBAC) {
    describe(check.id, () => {
      const cases = recorded.get(check.id);
      const all = [...(cases?.fail ?? []), ...(cases?.pass ?? [])];

      it('the default ClusterRoles as objects give the findings a scan gives with the roles it fills in', () => {
        for (const testCase of all) {
          const { objects } = run(check, testCase);
          const policy = testCase.options ? { options: { [check.id]: testCase.options } } : {};
          const cluster = runCheck(clusterOf(objects), check, policy).filter((result) => result.status === 'fail');
          const scanned = scanCase(check, testCase).results.filter((result) => result.status === 'fail');
          expect(cluster.map(scanKey).sort(), testCase.name).toEqual(scanned.map(scanKey).sort());
        }
      });

      it('finds on a binding to a default ClusterRole exactly what the scan finds for the subjects only it names', () => {
        let exact = 0;
        for (const testCase of all) {
          const { objects, alone } = run(check, testCase);
          if (changesDefaultRoles(objects)) continue;
          const policy = testCase.options ? { options: { [check.id]: testCase.options } } : {};
          const cluster = clusterOf(objects);
          const whole = runCheck(cluster, check, policy);
          const perms = EffectivePermissions.of(cluster);
          for (const binding of objects.filter((object) => RBAC_BINDINGS.has(object.kind ?? '') && bindsDefaultRole(object))) {
            const single = alone(binding);
            const onlyHere = perms
              .subjects()
              .filter((subject) => {
                const bindings = perms.bindingsOf(subject);
                return (
                  bindings.length > 0 &&
                  bindings.every((entry) => entry.object === binding) &&
                  perms.unresolvedOf(subject).length === 0 &&
                  perms.workloadsOf(subject).length === 0
                );
              })
              .map((subject) => refKey(subjectResource(subject)));
            const about = (keys: readonly string[]) => (result: CheckResult) => keys.includes(refKey(result.resource));
            const expected = failures(whole.filter(about(onlyHere)));
            expect(failures(single.filter(about(onlyHere))), `${testCase.name}: ${binding.metadata?.name}`).toEqual(expected);
            exact += expected.length;

            const wholeSubjects = new Set(whole.filter((result) => result.status === 'fail').map((result) => refKey(result.resource)));
            for (const result of single.filter((entry) => entry.status === 'fail')) {
              expect(wholeSubjects.has(refKey(result.resource)), `${testCase.name}: ${refKey(result.resource)}`).toBe(true);
            }
          }
        }
        expect(exact, 'findings proven exact on bindings to default roles').toBeGreaterThan(0);
      });

      it('fails no binding to any other role', () => {
        for (const testCase of all) {
          const { objects, alone } = run(check, testCase);
          for (const binding of objects.filter((object) => RBAC_BINDINGS.has(object.kind ?? '') && !bindsDefaultRole(object))) {
            expect(failures(alone(binding)), `${testCase.name}: ${binding.metadata?.name}`).toEqual([]);
          }
        }
      });
    });
  }
});
