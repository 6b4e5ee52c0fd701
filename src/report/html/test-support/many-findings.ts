import type { CheckResult, ComplianceReport, ScanResult } from '../../../model/index.js';
import { SAMPLE_PATHS, sampleCatalogue, scanOf } from '../../test-support/sample-result.js';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] as const;

/**
 * A large scan shaped like a real one: `count` results over the sample checks, spread across
 * 60 namespaces and many workloads, with evidence paths, locations and messages as long as real ones, a fix on three in five and a
 * waiver on every twentieth; every hundredth is marked `needle` in its message for searches.
 */
export function manyFindings(count: number): ScanResult {
  const results: CheckResult[] = [];
  for (let index = 0; index < count; index += 1) {
    const check = sampleCatalogue[index % sampleCatalogue.length]!;
    const namespace = `team-${index % 60}`;
    const name = `service-${Math.floor(index / 7) % 900}`;
    const container = `app-${index % 3}`;
    const entry: CheckResult = {
      checkId: check.id,
      title: check.title,
      severity: check.severity,
      area: check.area,
      status: index % 50 === 49 ? 'not-evaluated' : 'fail',
      resource: { apiVersion: 'apps/v1', kind: KINDS[index % KINDS.length]!, namespace, name },
      container,
      path: `spec.template.spec.containers[${index % 3}].securityContext`,
      location: { file: `deploy/${namespace}/${name}.yaml`, line: 10 + (index % 300) },
      // As long as the demo scan's messages (134 characters on average).
      message: `Container "${container}" of ${KINDS[index % KINDS.length]} ${namespace}/${name} fails ${check.id}: the setting is missing or unsafe in its pod template${index % 100 === 0 ? ' needle' : ''}`,
      remediation: check.remediation,
      refs: {},
      fingerprint: index.toString(16).padStart(32, '0'),
      riskScore: index % 101,
    };
    if (index % 5 < 3) {
      entry.fix = {
        kind: 'patch',
        description: 'Set the field to its safe value',
        operations: [{ op: 'replace', path: `/spec/template/spec/containers/${index % 3}/securityContext/privileged`, value: false }],
      };
    }
    if (index % 20 === 19) entry.waived = { reason: 'accepted until the migration', source: '.eksguard.yaml' };
    results.push(entry);
  }
  const scan = scanOf(results);
  scan.attackPaths = [...SAMPLE_PATHS];
  return scan;
}

/** Two frameworks as the compliance step reports them, for tests until scans carry their own. */
export function sampleCompliance(): ComplianceReport[] {
  return [
    {
      framework: 'cis-eks-1.8',
      title: 'CIS Amazon EKS Benchmark',
      version: '1.8.0',
      score: 62.5,
      counts: { pass: 5, fail: 3, manual: 2, 'not-evaluated': 1 },
      controls: [
        { id: '4.2.1', title: 'Minimize the admission of privileged containers', status: 'fail', checkIds: ['wl-privileged'], failures: 2, passes: 1 },
        { id: '4.1.1', title: 'Ensure that the cluster-admin role is only used where required', status: 'pass', checkIds: ['rbac-cluster-admin-binding'], failures: 0, passes: 4 },
        { id: '3.1.1', title: 'Ensure that the kubeconfig file permissions are set to 644 or more restrictive', status: 'manual', checkIds: [], failures: 0, passes: 0, reason: 'Node files are not observable agentlessly' },
      ],
    },
    {
      framework: 'pss-restricted',
      title: 'Pod Security Standards (restricted)',
      version: 'v1.30',
      score: null,
      counts: { pass: 0, fail: 0, manual: 0, 'not-evaluated': 2 },
      controls: [
        { id: 'runAsNonRoot', title: 'Running as Non-root', status: 'not-evaluated', checkIds: ['wl-run-as-root'], failures: 0, passes: 0, reason: 'no pods in the input' },
      ],
    },
  ];
}
