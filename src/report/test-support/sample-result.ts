import {
  SEVERITIES,
  STATUSES,
  type AttackPath,
  type CheckMeta,
  type CheckResult,
  type ExpiredException,
  type InputError,
  type ScanResult,
} from '../../model/index.js';
import type { ReportOptions } from '../report-options.js';

/** A hand-built scan of a small repository: manifests, a rendered Helm chart, no AWS data. */

const meta = (
  id: string,
  title: string,
  severity: CheckMeta['severity'],
  area: CheckMeta['area'],
  remediation: string,
  links: string[] = [],
): CheckMeta => ({
  id,
  title,
  severity,
  area,
  description: `${title}: see the catalogue for why it matters.`,
  remediation,
  messages: {},
  links,
});

export const sampleCatalogue: readonly CheckMeta[] = [
  {
    ...meta(
      'wl-privileged',
      'Privileged container',
      'critical',
      'workload',
      'Remove `securityContext.privileged: true`; grant the few capabilities the container needs instead.',
      ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    ),
    description:
      'A privileged container runs with every capability and the host devices: escaping to the node is trivial, and from the node to the cluster.',
  },
  meta('wl-run-as-root', 'Can run as root', 'medium', 'workload', 'Set `runAsNonRoot: true` and a non-zero `runAsUser`.'),
  meta('wl-limits-missing', 'CPU/memory limits missing', 'low', 'workload', 'Set `resources.limits.memory` (and CPU where fairness matters).'),
  meta('wl-image-latest', '`:latest` or untagged image', 'medium', 'supply-chain', 'Pin the image by tag and digest.'),
  meta('wl-host-network', 'hostNetwork', 'high', 'workload', 'Remove `hostNetwork: true`.'),
  meta('netpol-namespace-none', 'Namespace has no NetworkPolicy', 'medium', 'network', 'Add a default-deny NetworkPolicy to the namespace.'),
  meta('rbac-cluster-admin-binding', 'Non-system subjects bound to `cluster-admin`', 'critical', 'rbac', 'Bind a narrower role.'),
  meta(
    'eks-endpoint-public-open-cidr',
    'Public API endpoint reachable from 0.0.0.0/0',
    'high',
    'cluster',
    'Restrict `publicAccessCidrs` or disable the public endpoint.',
  ),
];

const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' } as const;
const api = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'payments', name: 'api' } as const;
const awsNode = { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'aws-node' } as const;

function result(partial: Omit<CheckResult, 'title' | 'area' | 'remediation' | 'refs'> & Partial<CheckResult>): CheckResult {
  const check = sampleCatalogue.find((candidate) => candidate.id === partial.checkId);
  if (!check) throw new Error(`sample uses unknown check ${partial.checkId}`);
  return { title: check.title, area: check.area, remediation: check.remediation, refs: {}, ...partial };
}

const RESULTS: CheckResult[] = [
  result({
    checkId: 'wl-privileged',
    severity: 'critical',
    status: 'fail',
    resource: web,
    container: 'app',
    path: 'spec.template.spec.containers[0].securityContext.privileged',
    location: { file: './deploy/web.yaml', line: 31 },
    message: 'Container "app" runs privileged',
    refs: { pss: ['baseline'], 'cis-eks-1.8': ['4.2.1'] },
    fingerprint: '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70',
    fix: {
      kind: 'patch',
      description: 'Set privileged to false',
      operations: [{ op: 'replace', path: '/spec/template/spec/containers/0/securityContext/privileged', value: false }],
    },
  }),
  result({
    checkId: 'wl-run-as-root',
    severity: 'high',
    status: 'fail',
    resource: web,
    container: 'app',
    path: 'spec.template.spec.containers[0].securityContext',
    location: { file: './deploy/web.yaml', line: 29 },
    message: 'Container "app" may run as root: runAsNonRoot is not set',
    fingerprint: '1a2b3c4d5e6f708192a3b4c5d6e7f801',
    fix: {
      kind: 'suggestion',
      description: 'Run as a non-root user',
      operations: [
        { op: 'add', path: '/spec/template/spec/containers/0/securityContext/runAsNonRoot', value: true },
        { op: 'add', path: '/spec/template/spec/containers/0/securityContext/runAsUser', value: 10001 },
      ],
    },
  }),
  result({
    checkId: 'wl-limits-missing',
    severity: 'medium',
    status: 'fail',
    resource: web,
    container: 'log-shipper',
    path: 'spec.template.spec.containers[1].resources',
    location: { file: './deploy/web.yaml', line: 44 },
    message: 'Container "log-shipper" has no memory limit & no CPU limit (<none>)',
    fingerprint: '2b3c4d5e6f708192a3b4c5d6e7f80912',
  }),
  result({
    checkId: 'wl-privileged',
    severity: 'critical',
    status: 'fail',
    resource: awsNode,
    container: 'aws-vpc-cni-init',
    path: 'spec.template.spec.initContainers[0].securityContext.privileged',
    location: { file: 'deploy\\addons\\aws-node.yaml', line: 52 },
    message: 'Container "aws-vpc-cni-init" runs privileged',
    fingerprint: '3c4d5e6f708192a3b4c5d6e7f8091a2b',
    waived: {
      reason: 'EKS platform component: the VPC CNI init container configures the node network',
      source: 'baseline',
    },
  }),
  result({
    checkId: 'wl-image-latest',
    severity: 'medium',
    status: 'fail',
    resource: api,
    container: 'api',
    path: 'spec.template.spec.containers[0].image',
    location: { file: 'rendered/payments.yaml', line: 118, helmSource: 'payments/templates/deployment.yaml' },
    message: 'Container "api" uses image "ghcr.io/acme/payments-api:latest"',
    fingerprint: '4d5e6f708192a3b4c5d6e7f8091a2b3c',
  }),
  result({
    checkId: 'netpol-namespace-none',
    severity: 'medium',
    status: 'fail',
    resource: { kind: 'Namespace', name: 'payments' },
    message: 'Namespace "payments" has no NetworkPolicy: every pod accepts traffic from anywhere',
    fingerprint: '5e6f708192a3b4c5d6e7f8091a2b3c4d',
  }),
  result({
    checkId: 'eks-endpoint-public-open-cidr',
    severity: 'high',
    status: 'not-evaluated',
    resource: { kind: 'Cluster', name: 'cluster' },
    message: 'AWS data was not collected (manifest scan)',
    fingerprint: '6f708192a3b4c5d6e7f8091a2b3c4d5e',
  }),
  result({
    checkId: 'rbac-cluster-admin-binding',
    severity: 'critical',
    status: 'error',
    resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'ci-deployer' },
    location: { file: 'rbac/ci.yaml', line: 1 },
    message: "check failed to run: Cannot read properties of undefined (reading 'subjects')",
    fingerprint: '708192a3b4c5d6e7f8091a2b3c4d5e6f',
  }),
  result({
    checkId: 'wl-host-network',
    severity: 'high',
    status: 'not-evaluated',
    resource: web,
    location: { file: './deploy/web.yaml', line: 1 },
    message: 'The pod template comes from an unresolved Helm value',
    fingerprint: '8192a3b4c5d6e7f8091a2b3c4d5e6f70',
  }),
  result({
    checkId: 'wl-privileged',
    severity: 'critical',
    status: 'pass',
    resource: api,
    location: { file: 'rendered/payments.yaml', line: 101, helmSource: 'payments/templates/deployment.yaml' },
    message: 'Privileged container: passed',
    fingerprint: '92a3b4c5d6e7f8091a2b3c4d5e6f7081',
  }),
  result({
    checkId: 'wl-run-as-root',
    severity: 'high',
    status: 'pass',
    resource: api,
    location: { file: 'rendered/payments.yaml', line: 101, helmSource: 'payments/templates/deployment.yaml' },
    message: 'Can run as root: passed',
    fingerprint: 'a3b4c5d6e7f8091a2b3c4d5e6f708192',
  }),
];

const INPUT_ERRORS: InputError[] = [
  { file: 'deploy/broken.yaml', line: 7, message: 'bad indentation of a mapping entry' },
  { file: 'deploy/empty.json', message: 'Unexpected end of JSON input' },
];

const EXPIRED: ExpiredException[] = [
  {
    checkId: 'wl-host-network',
    reason: 'node-exporter needs the host network until the v2 migration',
    expires: '2025-01-31',
    source: '.eksguard.yaml',
  },
];

/** A ScanResult whose summary agrees with its results, as the engine's caller would build it. */
export function scanOf(
  results: readonly CheckResult[],
  inputErrors: readonly InputError[] = [],
  expiredExceptions: readonly ExpiredException[] = [],
  checks = sampleCatalogue.length,
): ScanResult {
  const copy = structuredClone([...results]);
  const resources = new Set(copy.map((entry) => [entry.resource.kind, entry.resource.namespace, entry.resource.name].join('/')));
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as ScanResult['summary']['byStatus'];
  const failuresBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as ScanResult['summary']['failuresBySeverity'];
  for (const entry of copy) {
    byStatus[entry.status] += 1;
    if (entry.status === 'fail' && !entry.waived) failuresBySeverity[entry.severity] += 1;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: '0.1.0' },
    scannedAt: '2025-06-02T09:15:00.000Z',
    summary: {
      resources: resources.size,
      checks,
      byStatus,
      failuresBySeverity,
      waived: copy.filter((entry) => entry.waived).length,
      inputErrors: inputErrors.length,
    },
    results: copy,
    inputErrors: structuredClone([...inputErrors]),
    expiredExceptions: structuredClone([...expiredExceptions]),
  };
}

/** Fresh on every call, so a test may change it freely. */
export function sampleResult(): ScanResult {
  return scanOf(RESULTS, INPUT_ERRORS, EXPIRED);
}

export function sampleResults(): CheckResult[] {
  return structuredClone(RESULTS);
}

export function emptyScan(): ScanResult {
  return scanOf([], [], [], 0);
}

export const defaultOptions: ReportOptions = { includePassed: false, color: false };

const INTERNET = { kind: 'Internet', name: 'internet' };
const WEB_NODE = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const API_NODE = { kind: 'Deployment', namespace: 'payments', name: 'api' };
const NODE_ROLE = { kind: 'IAMRole', name: 'arn:aws:iam::111122223333:role/eks-node' };

/** Two attack paths through the sample's resources, as analyzeAttackPaths reports them. */
export const SAMPLE_PATHS: readonly AttackPath[] = [
  {
    id: 'internet-to-aws-admin:3f1c2a9b8d7e',
    query: 'internet-to-aws-admin',
    title: 'Internet-exposed workload reaches AWS administrator access',
    severity: 'critical',
    score: 88,
    steps: [
      {
        from: INTERNET,
        edge: 'exposes',
        to: { kind: 'LoadBalancer', namespace: 'shop', name: 'Service/web' },
        evidence: [{ resource: { kind: 'Service', namespace: 'shop', name: 'web' }, path: 'spec.type', detail: 'internet-facing load balancer' }],
      },
      { from: { kind: 'LoadBalancer', namespace: 'shop', name: 'Service/web' }, edge: 'routes-to', to: { kind: 'Service', namespace: 'shop', name: 'web' }, evidence: [] },
      {
        from: { kind: 'Service', namespace: 'shop', name: 'web' },
        edge: 'selects',
        to: WEB_NODE,
        evidence: [{ resource: { kind: 'Service', namespace: 'shop', name: 'web' }, path: 'spec.selector', detail: 'selects app=web' }],
      },
      {
        from: WEB_NODE,
        edge: 'escapes-to-node',
        to: { kind: 'NodeGroup', name: 'workers' },
        evidence: [{ resource: WEB_NODE, path: 'spec.template.spec.containers[0].securityContext.privileged', detail: 'container "app" is privileged' }],
        checkIds: ['wl-privileged'],
      },
      {
        from: { kind: 'NodeGroup', name: 'workers' },
        edge: 'node-credentials',
        to: NODE_ROLE,
        evidence: [{ resource: { kind: 'NodeGroup', name: 'workers' }, detail: 'root on the node reads the instance profile credentials' }],
      },
      {
        from: NODE_ROLE,
        edge: 'has-permission',
        to: { kind: 'AWSPermission', name: 'admin' },
        evidence: [{ resource: NODE_ROLE, detail: 'AdministratorAccess is attached' }],
      },
    ],
  },
  {
    id: 'lateral-to-secrets:9a8b7c6d5e4f',
    query: 'lateral-to-secrets',
    title: 'Compromised pod reaches a workload holding secrets',
    severity: 'high',
    score: 85,
    steps: [
      {
        from: WEB_NODE,
        edge: 'reaches',
        to: API_NODE,
        evidence: [{ resource: { kind: 'Namespace', name: 'payments' }, detail: 'no NetworkPolicy selects the pods of payments/api' }],
        checkIds: ['netpol-namespace-none'],
      },
      {
        from: API_NODE,
        edge: 'mounts-secret',
        to: { kind: 'Secret', namespace: 'payments', name: 'db' },
        evidence: [{ resource: API_NODE, path: 'spec.template.spec.containers[0].envFrom[0].secretRef', detail: 'Secret "db" as environment' }],
      },
    ],
  },
];

const RISK: Record<string, number> = {
  '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70': 88,
  '1a2b3c4d5e6f708192a3b4c5d6e7f801': 62,
  '2b3c4d5e6f708192a3b4c5d6e7f80912': 28,
  '3c4d5e6f708192a3b4c5d6e7f8091a2b': 70,
  '4d5e6f708192a3b4c5d6e7f8091a2b3c': 40,
  '5e6f708192a3b4c5d6e7f8091a2b3c4d': 90,
};

const ON_PATHS: Record<string, string[]> = {
  '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70': ['internet-to-aws-admin:3f1c2a9b8d7e'],
  '5e6f708192a3b4c5d6e7f8091a2b3c4d': ['lateral-to-secrets:9a8b7c6d5e4f'],
};

/**
 * The sample scan after attack-path analysis: failures scored, the privileged web container
 * and the payments namespace without NetworkPolicy on a path each.
 */
export function sampleWithPaths(): ScanResult {
  const scan = sampleResult();
  scan.results = scan.results.map((entry) => {
    if (entry.status !== 'fail') return entry;
    const scored: CheckResult = { ...entry, riskScore: RISK[entry.fingerprint] ?? 10 };
    const paths = ON_PATHS[entry.fingerprint];
    if (paths) scored.attackPathIds = paths;
    return scored;
  });
  scan.attackPaths = structuredClone([...SAMPLE_PATHS]);
  return scan;
}
