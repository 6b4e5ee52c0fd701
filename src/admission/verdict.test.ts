import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../cli/policy-loader.js';
import { BUILT_IN_CHECKS } from '../checks/index.js';
import {
  buildPolicy,
  formatConfigError,
  parseConfig,
  selectChecks,
  validateConfigAgainst,
} from '../checks/config/index.js';
import { FAKE } from '../checks/secrets/test-support/fake-credentials.js';
import { parseAdmissionReview } from './review.js';
import { defineCheck } from '../checks/define-check.js';
import type { Workload } from '../inventory/index.js';
import { AdmissionConfigError, CheckCrashError, createVerdictPipeline, type VerdictPipelineOptions } from './verdict.js';
import type { AdmissionRequestInfo, VerdictGate } from './verdict-types.js';

/** The pipeline for a `.eksguard.yaml` text, loaded the way `loadPolicy` loads a file. */
function pipelineFor(yaml: string, options: VerdictPipelineOptions = {}) {
  const { config, errors } = parseConfig(yaml, '.eksguard.yaml');
  const problems = [...errors, ...validateConfigAgainst(config, BUILT_IN_CHECKS)];
  expect(problems.map(formatConfigError)).toEqual([]);
  const { policy } = buildPolicy(config, { now: new Date('2026-01-15T00:00:00Z') });
  const { checks } = selectChecks(BUILT_IN_CHECKS, config);
  return createVerdictPipeline({ checks, allChecks: BUILT_IN_CHECKS, engine: policy, config }, { ownNamespace: 'eksguard', ...options });
}

const RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
  Secret: { group: '', version: 'v1', resource: 'secrets' },
  Service: { group: '', version: 'v1', resource: 'services' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
};

let uidCounter = 0;

interface ReviewOptions {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  oldObject?: Record<string, unknown>;
  subResource?: string;
  dryRun?: boolean;
  /** Who sends the request; default a developer's IAM role. */
  username?: string;
}

/**
 * An admission.k8s.io/v1 AdmissionReview as kube-apiserver posts it (fields per the API
 * reference), read by the server's own parser into what the pipeline judges.
 */
function review(object: Record<string, unknown> | undefined, options: ReviewOptions = {}): AdmissionRequestInfo {
  const source = object ?? options.oldObject ?? {};
  const kindName = String(source.kind);
  const apiVersion = String(source.apiVersion);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const metadata = (source.metadata ?? {}) as { name?: string; namespace?: string };
  const resource = RESOURCES[kindName] ?? { group: group ?? '', version: version ?? 'v1', resource: `${kindName.toLowerCase()}s` };
  const operation = options.operation ?? 'CREATE';
  const request: Record<string, unknown> = {
    uid: `705ab4f5-6393-11e8-b7cc-42010a8000${String(++uidCounter).padStart(2, '0')}`,
    kind: { group, version, kind: kindName },
    resource,
    requestKind: { group, version, kind: kindName },
    requestResource: resource,
    name: metadata.name ?? '',
    operation,
    userInfo: options.username?.startsWith('system:serviceaccount:')
      ? { username: options.username, uid: 'b3a9c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] }
      : {
          username: options.username ?? 'arn:aws:sts::111122223333:assumed-role/developer/bob',
          uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEDEV000001',
          groups: ['developers', 'system:authenticated'],
        },
    object: object ?? null,
    oldObject: options.oldObject ?? null,
    dryRun: options.dryRun ?? false,
    options:
      operation === 'CREATE'
        ? { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply' }
        : operation === 'UPDATE'
          ? { apiVersion: 'meta.k8s.io/v1', kind: 'UpdateOptions', fieldManager: 'kubectl-client-side-apply' }
          : { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
  };
  if (metadata.namespace) request.namespace = metadata.namespace;
  if (options.subResource) {
    request.subResource = options.subResource;
    request.requestSubResource = options.subResource;
  }
  const parsed = parseAdmissionReview(Buffer.from(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request })));
  if (!('review' in parsed)) throw new Error(`fixture is not a valid review: ${parsed.error}`);
  return parsed.review;
}

function pod(name: string, namespace: string, containers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: '9c7a1f2e-0b3d-4c5e-8f6a-7b8c9d0e1f2a', resourceVersion: '48213' },
    spec: { serviceAccountName: 'default', containers, ...extra },
  };
}

function deployment(name: string, namespace: string, image: string, changes: { replicas?: number; resourceVersion?: string } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      uid: '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
      resourceVersion: changes.resourceVersion ?? '1001',
      generation: 3,
      labels: { app: name },
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: {} }],
    },
    spec: {
      replicas: changes.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image,
              imagePullPolicy: 'Always',
              ports: [{ containerPort: 8080 }],
              resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
    status: { observedGeneration: 3, replicas: 2, readyReplicas: 2 },
  };
}

const PINNED = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:' + 'a'.repeat(64);

type RbacSubject = { kind: 'User' | 'Group'; apiGroup: string; name: string } | { kind: 'ServiceAccount'; name: string; namespace: string };

function clusterRoleBinding(name: string, clusterRole: string, subject: RbacSubject) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, uid: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    subjects: [subject],
  };
}

function roleBinding(name: string, namespace: string, role: { kind: 'Role' | 'ClusterRole'; name: string }, subject: RbacSubject) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, uid: '8a9b0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects: [subject],
  };
}

describe('createVerdictPipeline', () => {
  it('denies a privileged Pod in enforce mode, naming the check, the field and the fix', async () => {
    const pipeline = pipelineFor('admission:\n  mode: audit\n  checks:\n    wl-privileged: enforce\n');
    const verdict = await pipeline.judge(review(pod('debug', 'shop', [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }])));
    expect(verdict.allowed).toBe(false);
    expect(verdict.status?.code).toBe(403);
    expect(verdict.status?.message).toBe(
      'eksguard denied Pod shop/debug: wl-privileged: Container "app" runs privileged (spec.containers[0].securityContext.privileged); ' +
        'fix: Remove securityContext.privileged: true; grant the few capabilities the container needs instead.',
    );
    const privileged = verdict.violations.find((violation) => violation.checkId === 'wl-privileged');
    expect(privileged).toMatchObject({ mode: 'enforce', severity: 'critical', container: 'app', path: 'spec.containers[0].securityContext.privileged' });
    // Everything else is audit: recorded, neither denied nor warned about.
    expect(verdict.violations.filter((violation) => violation.mode === 'audit').length).toBeGreaterThan(0);
    expect(verdict.warnings).toEqual([]);
  });

  it('lists each enforced violation on its own line when there are several', async () => {
    const pipeline = pipelineFor('admission:\n  mode: enforce\n');
    const verdict = await pipeline.judge(
      review(pod('debug', 'shop', [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }], { hostPID: true })),
    );
    const lines = verdict.status?.message.split('\n') ?? [];
    expect(lines[0]).toMatch(/^eksguard denied Pod shop\/debug \(\d+ violations\):$/);
    expect(lines.some((line) => line.startsWith("- wl-host-pid: Pod shares the node's PID namespace"))).toBe(true);
    expect(lines.some((line) => line.startsWith('- wl-privileged: Container "app" runs privileged'))).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(12);
  });

  it('admits a Deployment on a latest tag under warn (the default) with a kubectl warning', async () => {
    const pipeline = pipelineFor('');
    const verdict = await pipeline.judge(review(deployment('web', 'shop', 'nginx:latest')));
    expect(verdict.allowed).toBe(true);
    expect(verdict.status).toBeUndefined();
    expect(verdict.warnings).toContain(
      'eksguard: wl-image-latest: Container "app" runs "nginx:latest", the mutable :latest tag (spec.template.spec.containers[0].image)',
    );
    for (const warning of verdict.warnings) {
      expect(warning.startsWith('eksguard: ')).toBe(true);
      expect(warning.length).toBeLessThanOrEqual(256);
    }
    expect(verdict.violations.every((violation) => violation.mode === 'warn')).toBe(true);
  });

  it('records audit-mode violations without denying or warning', async () => {
    const pipeline = pipelineFor('admission: { mode: audit }\n');
    const verdict = await pipeline.judge(review(pod('debug', 'shop', [{ name: 'app', image: 'busybox:latest', securityContext: { privileged: true } }])));
    expect(verdict).toMatchObject({ allowed: true, warnings: [] });
    expect(verdict.violations.map((violation) => violation.checkId)).toEqual(expect.arrayContaining(['wl-privileged', 'wl-image-latest']));
    expect(verdict.violations.every((violation) => violation.mode === 'audit')).toBe(true);
  });

  it('applies exceptions from the file: a waived finding is counted, not a violation', async () => {
    const pipeline = pipelineFor(`
admission: { mode: enforce }
exceptions:
  - checks: [wl-privileged]
    resources: { namespace: ci, name: "buildkit*", container: buildkitd }
    reason: rootful BuildKit until PLAT-1234 lands
    expires: 2026-12-31
`);
    const buildkit = deployment('buildkit', 'ci', PINNED);
    const container = buildkit.spec.template.spec.containers[0] as Record<string, unknown>;
    Object.assign(container, { name: 'buildkitd', securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } });
    const verdict = await pipeline.judge(review(buildkit));
    expect(verdict.violations.map((violation) => violation.checkId)).not.toContain('wl-privileged');
    expect(verdict.waived).toBe(1);

    const elsewhere = await pipeline.judge(review({ ...buildkit, metadata: { ...buildkit.metadata, namespace: 'shop' } }));
    expect(elsewhere.allowed).toBe(false);
    expect(elsewhere.status?.message).toContain('wl-privileged: Container "buildkitd" runs privileged');
  });

  it('applies the EKS baseline: the GuardDuty agent may run privileged in amazon-guardduty', async () => {
    const pipeline = pipelineFor('admission:\n  checks: { wl-privileged: enforce }\n');
    const agent = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'aws-guardduty-agent', namespace: 'amazon-guardduty' },
      spec: {
        selector: { matchLabels: { app: 'aws-guardduty-agent' } },
        template: {
          metadata: { labels: { app: 'aws-guardduty-agent' } },
          spec: { hostPID: true, containers: [{ name: 'aws-guardduty-agent', image: PINNED, securityContext: { privileged: true } }] },
        },
      },
    };
    const verdict = await pipeline.judge(review(agent));
    expect(verdict.allowed).toBe(true);
    expect(verdict.waived).toBeGreaterThanOrEqual(2);
    expect(verdict.violations.map((violation) => violation.checkId)).not.toContain('wl-privileged');
  });

  it('skips namespaces excluded by name or glob, kube-system and its own namespace', async () => {
    const pipeline = pipelineFor('admission:\n  mode: enforce\n  excludeNamespaces: ["sandbox-*"]\n');
    const privileged = (namespace: string) =>
      review(pod('debug', namespace, [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }]));
    expect(await pipeline.judge(privileged('sandbox-alice'))).toEqual({
      allowed: true,
      warnings: [],
      violations: [],
      skipped: 'namespace "sandbox-alice" is excluded by admission.excludeNamespaces',
    });
    expect((await pipeline.judge(privileged('kube-system'))).skipped).toBe('namespace "kube-system" is always excluded');
    expect((await pipeline.judge(privileged('eksguard'))).skipped).toBe('namespace "eksguard" is always excluded');
    expect((await pipeline.judge(privileged('sandbox'))).allowed).toBe(false);
  });

  it('judges the namespace of the request when the object names none', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const object = pod('debug', 'kube-system', [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }]);
    const request = review(object);
    delete (request.object as { metadata: { namespace?: string } }).metadata.namespace;
    expect((await pipeline.judge(request)).skipped).toBe('namespace "kube-system" is always excluded');
    const inShop = { ...request, namespace: 'shop' };
    const verdict = await pipeline.judge(inShop);
    expect(verdict.status?.message).toMatch(/^eksguard denied Pod shop\/debug /);
  });

  it('does not re-judge an UPDATE that leaves the pod template unchanged', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const before = deployment('web', 'shop', 'nginx:latest');
    const scaled = deployment('web', 'shop', 'nginx:latest', { replicas: 5, resourceVersion: '1002' });
    const verdict = await pipeline.judge(review(scaled, { operation: 'UPDATE', oldObject: before }));
    expect(verdict).toEqual({ allowed: true, warnings: [], violations: [], skipped: 'pod template unchanged' });
  });

  it('judges an UPDATE that changes the image', async () => {
    const pipeline = pipelineFor('admission:\n  mode: audit\n  checks: { wl-image-latest: enforce }\n');
    const before = deployment('web', 'shop', PINNED);
    const after = deployment('web', 'shop', 'nginx:latest', { resourceVersion: '1002' });
    const verdict = await pipeline.judge(review(after, { operation: 'UPDATE', oldObject: before }));
    expect(verdict.allowed).toBe(false);
    expect(verdict.status?.message).toContain('wl-image-latest: Container "app" runs "nginx:latest", the mutable :latest tag');
  });

  it('judges an UPDATE of another kind unless only server-set metadata or status changed', async () => {
    const pipeline = pipelineFor('admission:\n  checks: { svc-external-ips: enforce }\n');
    const service = (resourceVersion: string, externalIPs?: string[]) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', resourceVersion, managedFields: [{ manager: resourceVersion }] },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...(externalIPs ? { externalIPs } : {}) },
      status: { loadBalancer: {} },
    });
    const unchanged = await pipeline.judge(review(service('2'), { operation: 'UPDATE', oldObject: service('1') }));
    expect(unchanged.skipped).toBe('object unchanged');
    const changed = await pipeline.judge(review(service('2', ['203.0.113.10']), { operation: 'UPDATE', oldObject: service('1') }));
    expect(changed.allowed).toBe(false);
    expect(changed.status?.message).toContain('svc-external-ips: Service claims external IPs 203.0.113.10');
  });

  it('admits DELETE, CONNECT and status updates unjudged', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const privileged = pod('debug', 'shop', [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }]);
    expect(await pipeline.judge(review(undefined, { operation: 'DELETE', oldObject: privileged }))).toEqual({
      allowed: true,
      warnings: [],
      violations: [],
      skipped: 'DELETE is not judged',
    });
    const status = await pipeline.judge(review(privileged, { operation: 'UPDATE', oldObject: privileged, subResource: 'status' }));
    expect(status.skipped).toBe('status updates are not judged');
  });

  it('skips kinds it does not guard', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: {} };
    expect((await pipeline.judge(review(secret))).skipped).toBe('Secret is not a guarded kind');
  });

  it('denies a request whose object is not the kind it claims', async () => {
    const pipeline = pipelineFor('');
    const request = review(deployment('web', 'shop', PINNED));
    const verdict = await pipeline.judge({ ...request, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } } });
    expect(verdict).toMatchObject({ allowed: false, status: { code: 400 } });
    expect(verdict.status?.message).toBe('eksguard cannot judge this request: object is ConfigMap (v1), but the request is for apps/Deployment');
  });

  it('judges an added ephemeral container, and only it', async () => {
    const pipeline = pipelineFor('admission:\n  mode: audit\n  checks: { wl-privileged: enforce, wl-image-latest: enforce }\n');
    const running = pod('web', 'shop', [{ name: 'app', image: 'nginx:latest' }]);
    const debugged = pod('web', 'shop', [{ name: 'app', image: 'nginx:latest' }], {
      ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.36', stdin: true, tty: true, securityContext: { privileged: true } }],
    });
    const verdict = await pipeline.judge(review(debugged, { operation: 'UPDATE', oldObject: running, subResource: 'ephemeralcontainers' }));
    expect(verdict.allowed).toBe(false);
    expect(verdict.status?.message).toBe(
      'eksguard denied Pod shop/web: wl-privileged: Container "debugger" runs privileged (spec.ephemeralContainers[0].securityContext.privileged); ' +
        'fix: Remove securityContext.privileged: true; grant the few capabilities the container needs instead.',
    );
    // The running container's latest tag was admitted before; this request did not add it.
    expect(verdict.violations.every((violation) => violation.container === 'debugger')).toBe(true);

    const unprivileged = pod('web', 'shop', [{ name: 'app', image: 'nginx:latest' }], {
      ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.36' }],
    });
    const allowed = await pipeline.judge(review(unprivileged, { operation: 'UPDATE', oldObject: running, subResource: 'ephemeralcontainers' }));
    expect(allowed.allowed).toBe(true);
  });

  it('judges a binding to a default ClusterRole: system:anonymous or system:authenticated bound cluster-wide is denied', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    expect(pipeline.checkIds).toEqual(expect.arrayContaining(['rbac-anonymous-binding', 'rbac-authenticated-elevated', 'rbac-cluster-admin-binding']));
    // Judged only with the workloads or other bindings of a cluster: never at admission.
    for (const id of ['rbac-impersonate', 'rbac-steal-pods', 'rbac-workload-takeover', 'rbac-node-blast-radius']) expect(pipeline.checkIds).not.toContain(id);

    const anonymousAdmin = clusterRoleBinding('anonymous-admin', 'cluster-admin', { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:anonymous' });
    const denied = await pipeline.judge(review(anonymousAdmin));
    expect(denied.allowed).toBe(false);
    expect(denied.violations.map((violation) => violation.checkId)).toEqual(expect.arrayContaining(['rbac-anonymous-binding', 'rbac-cluster-admin-binding']));
    expect(denied.violations.every((violation) => violation.path === 'subjects[0]')).toBe(true);
    expect(denied.status?.message).toMatch(/^eksguard denied ClusterRoleBinding anonymous-admin \(\d+ violations\):/);
    expect(denied.status?.message).toContain('- rbac-anonymous-binding: User "system:anonymous"');
    expect(denied.status?.message).toContain('(subjects[0]); fix:');

    const everyoneEdits = clusterRoleBinding('everyone-edits', 'edit', { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' });
    const alsoDenied = await pipeline.judge(review(everyoneEdits));
    expect(alsoDenied.allowed).toBe(false);
    const elevated = alsoDenied.violations.find((violation) => violation.checkId === 'rbac-authenticated-elevated');
    expect(elevated).toMatchObject({ mode: 'enforce', severity: 'critical', path: 'subjects[0]' });
    expect(elevated?.message).toContain('Group "system:authenticated"');
    expect(elevated?.message).toContain('ClusterRole "edit"');
    expect(alsoDenied.status?.message).toContain('rbac-authenticated-elevated: ');
  });

  it('admits a service account bound to view in its namespace', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const readers = roleBinding('web-view', 'shop', { kind: 'ClusterRole', name: 'view' }, { kind: 'ServiceAccount', name: 'web', namespace: 'shop' });
    expect(await pipeline.judge(review(readers))).toEqual({ allowed: true, warnings: [], violations: [] });
  });

  it('admits without RBAC verdict a binding to a custom role, and a role on its own (see bootstrap-roles.ts)', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    // The rules of a custom role live in the cluster, not in the request: a scan judges them.
    const custom = roleBinding('everything', 'shop', { kind: 'ClusterRole', name: 'everything' }, { kind: 'ServiceAccount', name: 'web', namespace: 'shop' });
    const local = roleBinding('deployer', 'shop', { kind: 'Role', name: 'deployer' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' });
    // A role grants nothing until bound; the RBAC checks judge subjects.
    const wildcard = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'everything' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    };
    for (const object of [custom, local, wildcard]) {
      expect(await pipeline.judge(review(object)), String(object.metadata.name)).toEqual({ allowed: true, warnings: [], violations: [] });
    }
  });

  it('reports a credential in a ConfigMap with the value masked everywhere', async () => {
    const pipeline = pipelineFor('admission:\n  checks: { sec-credential-in-configmap: enforce }\n');
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-config', namespace: 'shop' },
      data: { AWS_ACCESS_KEY_ID: FAKE.awsAccessKeyId, AWS_SECRET_ACCESS_KEY: FAKE.awsSecretAccessKey, LOG_LEVEL: 'info' },
    };
    const verdict = await pipeline.judge(review(configMap));
    expect(verdict.allowed).toBe(false);
    expect(verdict.status?.message).toContain('sec-credential-in-configmap: ConfigMap key "AWS_SECRET_ACCESS_KEY" holds a literal');
    expect(verdict.status?.message).toContain('(data.AWS_SECRET_ACCESS_KEY)');
    const everything = JSON.stringify(verdict);
    expect(everything).not.toContain(FAKE.awsSecretAccessKey);
    expect(everything).not.toContain(FAKE.awsAccessKeyId);
  });

  it('merges the violations of gates on judged requests, in the mode each gate gives', async () => {
    const calls: string[] = [];
    const gate: VerdictGate = {
      name: 'signature',
      judge: (request) => {
        calls.push(request.uid);
        return Promise.resolve([
          {
            checkId: 'gate:signature/unsigned',
            title: 'Image not signed',
            severity: 'high',
            mode: 'enforce',
            message: 'Image "nginx:1.27" has no valid signature',
            path: 'spec.template.spec.containers[0].image',
            container: 'app',
            remediation: 'Sign the image with the release key.',
          },
        ]);
      },
    };
    const pipeline = pipelineFor('admission: { mode: audit }\n', { gates: [gate] });
    const verdict = await pipeline.judge(review(deployment('web', 'shop', 'nginx:1.27')));
    expect(verdict.allowed).toBe(false);
    expect(verdict.status?.message).toBe(
      'eksguard denied Deployment shop/web: gate:signature/unsigned: Image "nginx:1.27" has no valid signature (spec.template.spec.containers[0].image); fix: Sign the image with the release key.',
    );
    expect(verdict.violations.some((violation) => violation.checkId === 'wl-image-not-digest' && violation.mode === 'audit')).toBe(true);
    await pipeline.judge(review(deployment('web', 'kube-system', 'nginx:1.27')));
    expect(calls).toHaveLength(1);
  });

  it('leaves findings below minSeverity unjudged', async () => {
    const bare = pod('tool', 'shop', [{ name: 'app', image: PINNED }]);
    const low = await pipelineFor('admission: { mode: audit }\n').judge(review(bare));
    expect(low.violations.map((violation) => violation.checkId)).toContain('wl-naked-pod');
    const medium = await pipelineFor('admission: { mode: audit, minSeverity: medium }\n').judge(review(bare));
    expect(medium.violations.length).toBeGreaterThan(0);
    expect(medium.violations.every((violation) => ['critical', 'high', 'medium'].includes(violation.severity))).toBe(true);
    expect(medium.violations.map((violation) => violation.checkId)).not.toContain('wl-naked-pod');
  });

  it('lets a namespace rule set the default while per-check entries stay guardrails', async () => {
    const pipeline = pipelineFor(`
admission:
  mode: enforce
  checks: { wl-privileged: enforce }
  namespaces:
    - { match: ["dev-*"], mode: warn }
    - { match: [legacy], checks: { wl-privileged: audit } }
`);
    const privilegedLatest = (namespace: string) =>
      review(pod('debug', namespace, [{ name: 'app', image: 'busybox:latest', securityContext: { privileged: true } }]));
    const dev = await pipeline.judge(privilegedLatest('dev-alice'));
    expect(dev.allowed).toBe(false);
    expect(dev.status?.message).toContain('wl-privileged');
    expect(dev.status?.message).not.toContain('wl-image-latest');
    expect(dev.warnings.some((warning) => warning.startsWith('eksguard: wl-image-latest: '))).toBe(true);

    const legacy = await pipeline.judge(privilegedLatest('legacy'));
    expect(legacy.violations.find((violation) => violation.checkId === 'wl-privileged')?.mode).toBe('audit');
    expect(legacy.violations.find((violation) => violation.checkId === 'wl-image-latest')?.mode).toBe('enforce');
  });

  it('applies configured severities and options as scan does', async () => {
    const pipeline = pipelineFor(`
admission: { mode: audit }
checks:
  severity: { wl-image-latest: critical }
  options:
    sc-registry-not-allowed: { allowedRegistries: ["registry.example.com"] }
`);
    const verdict = await pipeline.judge(review(deployment('web', 'shop', 'nginx:latest')));
    expect(verdict.violations.find((violation) => violation.checkId === 'wl-image-latest')?.severity).toBe('critical');
    expect(verdict.violations.find((violation) => violation.checkId === 'sc-registry-not-allowed')?.message).toContain('registry.example.com');
  });

  it('runs only selected checks: checks.disable applies', async () => {
    const pipeline = pipelineFor('checks: { disable: ["wl-image-*"] }\nadmission: { mode: audit }\n');
    expect(pipeline.checkIds).not.toContain('wl-image-latest');
    const verdict = await pipeline.judge(review(deployment('web', 'shop', 'nginx:latest')));
    expect(verdict.violations.map((violation) => violation.checkId)).not.toContain('wl-image-latest');
  });

  it('refuses an admission section naming a check that never runs at admission', () => {
    expect(() => pipelineFor('admission:\n  checks:\n    wl-limits-missing: enforce\n')).toThrow(AdmissionConfigError);
    expect(() => pipelineFor('admission:\n  checks:\n    wl-limits-missing: enforce\n')).toThrow(
      '.eksguard.yaml:3:5: admission.checks.wl-limits-missing: wl-limits-missing does not run at admission',
    );
    expect(() => pipelineFor('admission:\n  checks:\n    "ng-*": enforce\n')).toThrow('matches no check that runs at admission');
  });

  it('takes the policy the CLI loads with loadPolicy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-admission-'));
    writeFileSync(join(dir, '.eksguard.yaml'), 'admission:\n  checks: { wl-privileged: enforce }\n');
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir };
    const loaded = loadPolicy({ baseline: true, available: [] }, io);
    const pipeline = createVerdictPipeline(loaded, { ownNamespace: 'eksguard' });
    expect(pipeline.checkIds).toContain('wl-privileged');
    const verdict = await pipeline.judge(review(pod('debug', 'shop', [{ name: 'app', image: PINNED, securityContext: { privileged: true } }])));
    expect(verdict.allowed).toBe(false);
  });
});

const CONTROLLER = (name: string) => `system:serviceaccount:kube-system:${name}`;

/** A pod as a workload controller creates it: a controller reference to its owner. */
function ownedPod(name: string, namespace: string, owner: { apiVersion: string; kind: string; name: string }, spec: Record<string, unknown>, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels,
      ownerReferences: [{ ...owner, uid: '6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718', controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

describe('owner references at admission', () => {
  const nodeExporterException = `
admission: { mode: enforce }
exceptions:
  - checks: [wl-privileged, wl-host-pid]
    resources: { kind: DaemonSet, namespace: monitoring, name: node-exporter }
    reason: node-exporter reads host metrics
`;
  const hostSpec = { hostPID: true, containers: [{ name: 'exporter', image: PINNED, securityContext: { privileged: true } }] };
  const claimsNodeExporter = ownedPod('node-exporter-x7k2p', 'monitoring', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-exporter' }, hostSpec);

  it('does not let a forged owner reference bring its exceptions along', async () => {
    const pipeline = pipelineFor(nodeExporterException);
    const forged = await pipeline.judge(review(claimsNodeExporter));
    expect(forged.allowed).toBe(false);
    expect(forged.violations.map((violation) => violation.checkId)).toEqual(expect.arrayContaining(['wl-privileged', 'wl-host-pid']));
    // Another controller cannot vouch for a DaemonSet either.
    const wrongController = await pipeline.judge(review(claimsNodeExporter, { username: CONTROLLER('replicaset-controller') }));
    expect(wrongController.allowed).toBe(false);
  });

  it('believes the owner reference of the pod the daemon-set-controller creates', async () => {
    const pipeline = pipelineFor(nodeExporterException);
    const verdict = await pipeline.judge(review(claimsNodeExporter, { username: CONTROLLER('daemon-set-controller') }));
    expect(verdict.violations.map((violation) => violation.checkId)).not.toContain('wl-privileged');
    expect(verdict.violations.map((violation) => violation.checkId)).not.toContain('wl-host-pid');
    expect(verdict.waived).toBe(2);
    // A trusted owner also makes it no naked pod.
    expect(verdict.violations.map((violation) => violation.checkId)).not.toContain('wl-naked-pod');
  });

  it('follows a ReplicaSet name to its Deployment only for the replicaset-controller', async () => {
    const pipeline = pipelineFor(`
admission: { mode: enforce }
exceptions:
  - checks: [wl-privileged]
    resources: { kind: Deployment, namespace: shop, name: web }
    reason: legacy image needs it until SHOP-77
`);
    const spec = { containers: [{ name: 'app', image: PINNED, securityContext: { privileged: true } }] };
    const webPod = ownedPod('web-bbbbb-q2x9z', 'shop', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-bbbbb' }, spec, { app: 'web', 'pod-template-hash': 'bbbbb' });
    const forged = await pipeline.judge(review(webPod));
    expect(forged.allowed).toBe(false);
    expect(forged.status?.message).toContain('wl-privileged');
    const created = await pipeline.judge(review(webPod, { username: CONTROLLER('replicaset-controller') }));
    expect(created.violations.map((violation) => violation.checkId)).not.toContain('wl-privileged');
    expect(created.waived).toBe(1);
  });

  it('covers the pods of an EKS add-on DaemonSet by the baseline exactly as the DaemonSet', async () => {
    const pipeline = pipelineFor('admission:\n  mode: audit\n  checks: { wl-privileged: enforce, wl-host-pid: enforce, wl-host-network: enforce }\n');
    const spec = {
      hostPID: true,
      hostNetwork: true,
      containers: [{ name: 'aws-guardduty-agent', image: PINNED, securityContext: { privileged: true } }],
    };
    const agentPod = ownedPod('aws-guardduty-agent-5hx8m', 'amazon-guardduty', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'aws-guardduty-agent' }, spec, {
      app: 'aws-guardduty-agent',
    });
    const created = await pipeline.judge(review(agentPod, { username: CONTROLLER('daemon-set-controller') }));
    expect(created.allowed).toBe(true);
    expect(created.waived).toBeGreaterThanOrEqual(3);
    const enforced = ['wl-privileged', 'wl-host-pid', 'wl-host-network'];
    expect(created.violations.filter((violation) => enforced.includes(violation.checkId))).toEqual([]);
    // The same pod from anyone else is a pod in amazon-guardduty, not the add-on's.
    const forged = await pipeline.judge(review(agentPod));
    expect(forged.allowed).toBe(false);
    expect(forged.violations.map((violation) => violation.checkId)).toEqual(expect.arrayContaining(enforced));
  });

  it('covers the ReplicaSet the deployment-controller creates through its Deployment', async () => {
    const pipeline = pipelineFor(`
admission: { mode: enforce }
exceptions:
  - checks: [wl-privileged]
    resources: { kind: Deployment, namespace: shop, name: web }
    reason: legacy image needs it until SHOP-77
`);
    const template = deployment('web', 'shop', PINNED).spec.template;
    Object.assign(template.spec.containers[0] as Record<string, unknown>, { securityContext: { privileged: true } });
    const replicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-bbbbb',
        namespace: 'shop',
        labels: { app: 'web', 'pod-template-hash': 'bbbbb' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'bbbbb' } }, template },
    };
    const created = await pipeline.judge(review(replicaSet, { username: CONTROLLER('deployment-controller') }));
    expect(created.violations.map((violation) => violation.checkId)).not.toContain('wl-privileged');
    expect(created.waived).toBe(1);
    const forged = await pipeline.judge(review(replicaSet));
    expect(forged.status?.message).toContain('wl-privileged');
  });
});

describe('verdicts beyond the findings', () => {
  it('judges a cluster-scoped object whatever metadata.namespace it writes', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const binding = clusterRoleBinding('anonymous-admin', 'cluster-admin', { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:anonymous' });
    const request = review({ ...binding, metadata: { ...binding.metadata, namespace: 'kube-system' } });
    const verdict = await pipeline.judge(request);
    expect(verdict.skipped).toBeUndefined();
    expect(verdict.allowed).toBe(false);
    expect(verdict.status?.message).toMatch(/^eksguard denied ClusterRoleBinding anonymous-admin /);
  });

  it('throws when a check that enforces crashes, and only records the crash of one that does not', async () => {
    const crashing = defineCheck<Workload, 'never'>({
      id: 'wl-crashes',
      title: 'Crashes on every workload',
      severity: 'high',
      area: 'workload',
      admission: true,
      description: 'A check that throws, standing for a defect.',
      remediation: 'None.',
      messages: { never: 'never reported' },
      targets: (inventory) => inventory.workloads(),
      evaluate() {
        throw new Error('unexpected shape');
      },
    });
    const { config } = parseConfig('admission:\n  mode: warn\n  namespaces:\n    - { match: [shop], mode: enforce }\n', '.eksguard.yaml');
    const pipeline = createVerdictPipeline({ checks: [crashing], engine: {}, config });
    const bare = pod('tool', 'shop', [{ name: 'app', image: PINNED }]);
    await expect(pipeline.judge(review(bare))).rejects.toThrow(CheckCrashError);
    await expect(pipeline.judge(review(bare))).rejects.toThrow('check wl-crashes failed on the object under review');
    const warned = await pipeline.judge(review(pod('tool', 'dev', [{ name: 'app', image: PINNED }])));
    expect(warned.allowed).toBe(true);
    expect(warned.checkErrors).toEqual([expect.stringMatching(/^wl-crashes: /)]);
  });
});

describe('ClusterRoles aggregated into the default roles', () => {
  const aggregating = (name: string, into: 'admin' | 'edit' | 'view', rules: unknown[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { [`rbac.authorization.k8s.io/aggregate-to-${into}`]: 'true' } },
    rules,
  });
  const widgets = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] };

  it('judges what the role adds to view, edit and admin, at the rule that adds it', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const verdict = await pipeline.judge(review(aggregating('widget-viewer', 'view', [widgets, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }])));
    expect(verdict.allowed).toBe(false);
    const secrets = verdict.violations.find((violation) => violation.checkId === 'rbac-secrets-read');
    expect(secrets).toMatchObject({ mode: 'enforce', severity: 'high', path: 'rules[1]' });
    // edit and admin already read Secrets: only view's holders gain it.
    expect(secrets?.message).toBe('ClusterRole "widget-viewer" is aggregated into ClusterRole "view"; for everyone bound to it: Subject can read Secrets');
    expect(verdict.status?.message).toMatch(/^eksguard denied ClusterRole widget-viewer: rbac-secrets-read: ClusterRole "widget-viewer" is aggregated/);
  });

  it('reports only powers the receiving roles lack', async () => {
    const pipeline = pipelineFor('admission: { mode: enforce }\n');
    const secretsToEdit = aggregating('secret-editor', 'edit', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update'] }]);
    expect(await pipeline.judge(review(secretsToEdit))).toEqual({ allowed: true, warnings: [], violations: [] });
    expect(await pipeline.judge(review(aggregating('widget-viewer', 'view', [widgets])))).toEqual({ allowed: true, warnings: [], violations: [] });

    const escalating = await pipeline.judge(
      review(aggregating('role-manager', 'edit', [widgets, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind', 'escalate'] }])),
    );
    expect(escalating.allowed).toBe(false);
    const bind = escalating.violations.find((violation) => violation.checkId === 'rbac-bind-escalate');
    expect(bind?.path).toBe('rules[1]');
    // bind and escalate need a way to write bindings or roles: admin has it, edit does not (as the check judges a scan).
    expect(bind?.message).toContain('aggregated into ClusterRole "admin"; for everyone bound to it: Subject can bind or escalate roles');
    const toView = await pipeline.judge(review(aggregating('everything-viewer', 'view', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])));
    expect(toView.violations.find((violation) => violation.checkId === 'rbac-wildcard')?.message).toContain(
      'aggregated into ClusterRole "admin", "edit", "view"; for everyone bound to them: Wildcard in RBAC rules',
    );

    const wildcard = await pipeline.judge(review(aggregating('everything', 'admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }])));
    expect(wildcard.allowed).toBe(false);
    expect(wildcard.violations.map((violation) => violation.checkId)).toContain('rbac-wildcard');
    expect(wildcard.violations.every((violation) => violation.path === 'rules[0]')).toBe(true);
  });

  it('applies modes and exceptions to the role under review', async () => {
    const role = aggregating('widget-viewer', 'view', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    const warned = await pipelineFor('admission: { mode: warn }\n').judge(review(role));
    expect(warned.allowed).toBe(true);
    expect(warned.warnings).toContain(
      'eksguard: rbac-secrets-read: ClusterRole "widget-viewer" is aggregated into ClusterRole "view"; for everyone bound to it: Subject can read Secrets (rules[0])',
    );
    const waived = await pipelineFor(`
admission: { mode: enforce }
exceptions:
  - checks: [rbac-secrets-read]
    resources: { kind: ClusterRole, name: widget-viewer }
    reason: viewers of this team read the widget credentials
`).judge(review(role));
    expect(waived).toMatchObject({ allowed: true, violations: [], waived: 1 });
  });
});
