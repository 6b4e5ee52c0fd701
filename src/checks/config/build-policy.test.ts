import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../model/index.js';
import { InventoryView, type Workload } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { defineCheck, type AnyCheck } from '../define-check.js';
import { runChecks } from '../engine.js';
import { check as wlPrivileged } from '../workload/wl-privileged/check.js';
import { buildPolicy } from './build-policy.js';
import { parseConfig } from './parse-config.js';

/** Stands in for the catalogue check of the same id: flags hostNetwork, reads an option. */
const hostNetwork = defineCheck<Workload, 'host'>({
  id: 'wl-host-network',
  title: 'Host network',
  severity: 'high',
  area: 'workload',
  description: 'test double',
  remediation: 'test double',
  messages: { host: 'uses the host network (label {{label}})' },
  options: { label: 'default' },
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (workload.podSpec.hostNetwork === true) {
      context.fail('host', { label: String(context.options.label) }, { path: [...workload.podSpecPath, 'hostNetwork'] });
    }
  },
});

const CHECKS: AnyCheck[] = [wlPrivileged, hostNetwork];
const NOW = new Date('2026-06-15T12:00:00Z');

function scan(manifests: string, configText: string, options: { now?: Date; baseline?: boolean } = {}) {
  const { config, errors } = parseConfig(configText, 'ci/.eksguard.yaml');
  expect(errors).toEqual([]);
  const built = buildPolicy(config, { now: options.now ?? NOW, ...(options.baseline === undefined ? {} : { baseline: options.baseline }) });
  const loaded = loadManifestText(manifests, 'manifests.yaml');
  expect(loaded.errors).toEqual([]);
  const view = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
  const failures = runChecks(view, CHECKS, built.policy).filter((result) => result.status === 'fail');
  return { failures, expired: built.expiredExceptions };
}

const key = (result: CheckResult): string =>
  `${result.checkId} ${result.resource.kind}/${result.resource.namespace ?? ''}/${result.resource.name}${result.container ? `:${result.container}` : ''}`;
const waived = (failures: CheckResult[]): string[] => failures.filter((r) => r.waived).map(key).sort();
const open = (failures: CheckResult[]): string[] => failures.filter((r) => !r.waived).map(key).sort();

const EXPORTER = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter-main, namespace: monitoring, labels: { team: obs } }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: node-exporter } }
    spec:
      hostNetwork: true
      containers:
        - { name: exporter, image: prom/node-exporter:v1.8.0, securityContext: { privileged: true } }
        - { name: sidecar, image: busybox:1.36, securityContext: { privileged: true } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter-main, namespace: staging }
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{ name: exporter, image: prom/node-exporter:v1.8.0 }]
`;

describe('buildPolicy', () => {
  it('passes severity overrides and options to the engine', () => {
    const { failures } = scan(
      EXPORTER,
      'checks:\n  severity: { wl-host-network: low }\n  options: { wl-host-network: { label: configured } }\n',
    );
    const host = failures.filter((result) => result.checkId === 'wl-host-network');
    expect(host.map((result) => result.severity)).toEqual(['low', 'low']);
    expect(host[0]?.message).toContain('label configured');
  });

  it('waives by kind, namespace glob and name glob, with the reason and the file as source', () => {
    const { failures } = scan(
      EXPORTER,
      `exceptions:
  - checks: [wl-host-network]
    resources: { kind: DaemonSet, namespace: "monitor*", name: "node-exporter*" }
    reason: scrapes node metrics on the host network
    expires: 2027-03-31
`,
    );
    expect(waived(failures)).toEqual(['wl-host-network DaemonSet/monitoring/node-exporter-main']);
    expect(failures.find((result) => result.waived)?.waived).toEqual({
      reason: 'scrapes node metrics on the host network',
      expires: '2027-03-31',
      source: 'ci/.eksguard.yaml',
    });
    expect(open(failures)).toContain('wl-host-network DaemonSet/staging/node-exporter-main');
  });

  it('waives by labels, including pod template labels', () => {
    const { failures } = scan(
      EXPORTER,
      `exceptions:
  - checks: ["wl-*"]
    resources: { labels: { app.kubernetes.io/name: node-exporter, team: obs } }
    reason: node exporter
`,
    );
    expect(open(failures)).toEqual(['wl-host-network DaemonSet/staging/node-exporter-main']);
  });

  it('waives only the selected container', () => {
    const { failures } = scan(
      EXPORTER,
      `exceptions:
  - checks: ["*"]
    resources: { namespace: monitoring, container: "exp*" }
    reason: the exporter reads host devices
`,
    );
    expect(waived(failures)).toEqual(['wl-privileged DaemonSet/monitoring/node-exporter-main:exporter']);
    expect(open(failures)).toContain('wl-privileged DaemonSet/monitoring/node-exporter-main:sidecar');
    // hostNetwork is a pod-level finding: no container, so a container selector never matches it
    expect(open(failures)).toContain('wl-host-network DaemonSet/monitoring/node-exporter-main');
  });

  it('stops applying an expired exception and lists it once', () => {
    const config = `exceptions:
  - checks: [wl-privileged, wl-host-network]
    resources: { name: "node-exporter*" }
    reason: temporary, until the exporter is replaced
    expires: 2026-06-14
`;
    const { failures, expired } = scan(EXPORTER, config);
    expect(waived(failures)).toEqual([]);
    expect(expired).toEqual([
      {
        checkId: 'wl-privileged, wl-host-network',
        reason: 'temporary, until the exporter is replaced',
        expires: '2026-06-14',
        source: 'ci/.eksguard.yaml',
      },
    ]);
    // the expiry day itself still counts (UTC)
    const lastDay = scan(EXPORTER, config, { now: new Date('2026-06-14T23:59:59Z') });
    expect(lastDay.expired).toEqual([]);
    expect(waived(lastDay.failures)).toHaveLength(4);
  });

  it('with a clock, stops applying an exception the day after its date without being rebuilt', () => {
    const { config } = parseConfig(
      `exceptions:
  - checks: [wl-privileged, wl-host-network]
    resources: { name: "node-exporter*" }
    reason: temporary, until the exporter is replaced
    expires: 2026-06-14
`,
      'ci/.eksguard.yaml',
    );
    let now = new Date('2026-06-14T23:59:00Z');
    const built = buildPolicy(config, { now: () => now });
    expect(built.expiredExceptions).toEqual([]);
    const loaded = loadManifestText(EXPORTER, 'manifests.yaml');
    const view = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
    const run = () => runChecks(view, CHECKS, built.policy).filter((result) => result.status === 'fail');
    expect(waived(run())).toHaveLength(4);
    now = new Date('2026-06-15T00:00:01Z');
    expect(waived(run())).toEqual([]);
  });
});

const AWS_NODE = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: kube-system, labels: { k8s-app: aws-node } }
spec:
  template:
    metadata: { labels: { k8s-app: aws-node } }
    spec:
      hostNetwork: true
      initContainers:
        - { name: aws-vpc-cni-init, image: amazon-k8s-cni-init:v1.19.0, securityContext: { privileged: true } }
      containers:
        - name: aws-node
          image: amazon-k8s-cni:v1.19.0
          securityContext: { privileged: true, capabilities: { add: [NET_ADMIN, NET_RAW] } }
        - { name: aws-eks-nodeagent, image: aws-network-policy-agent:v1.1.0, securityContext: { privileged: true } }
`;

describe('buildPolicy with the EKS baseline', () => {
  it('waives what aws-node needs, container by container, as baseline', () => {
    const { failures } = scan(AWS_NODE, '');
    expect(waived(failures)).toEqual([
      'wl-host-network DaemonSet/kube-system/aws-node',
      'wl-privileged DaemonSet/kube-system/aws-node:aws-eks-nodeagent',
      'wl-privileged DaemonSet/kube-system/aws-node:aws-vpc-cni-init',
    ]);
    // the main container never needs privileged mode: that stays a finding
    expect(open(failures)).toEqual(['wl-privileged DaemonSet/kube-system/aws-node:aws-node']);
    const waiver = failures.find((result) => result.waived)?.waived;
    expect(waiver?.source).toBe('baseline');
    expect(waiver?.reason).toMatch(/^Amazon VPC CNI: /);
  });

  it('is off with baseline: false in the file or from the command line', () => {
    expect(waived(scan(AWS_NODE, 'baseline: false\n').failures)).toEqual([]);
    expect(waived(scan(AWS_NODE, '', { baseline: false }).failures)).toEqual([]);
    // a command-line flag that defaults to true does not turn the file's false back on
    expect(waived(scan(AWS_NODE, 'baseline: false\n', { baseline: true }).failures)).toEqual([]);
    expect(waived(scan(AWS_NODE, '', { baseline: true }).failures)).toHaveLength(3);
  });

  it('never matches by labels alone, nor the same name in another namespace', () => {
    const impostors = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: miner, namespace: kube-system, labels: { k8s-app: aws-node } }
spec:
  template:
    metadata: { labels: { k8s-app: aws-node } }
    spec:
      hostNetwork: true
      containers: [{ name: aws-vpc-cni-init, image: miner, securityContext: { privileged: true } }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: default }
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{ name: aws-vpc-cni-init, image: miner, securityContext: { privileged: true } }]
`;
    expect(waived(scan(impostors, '').failures)).toEqual([]);
  });

  it('does not let a pod claim a platform DaemonSet as its owner to be waived by the baseline', () => {
    const pod = `
apiVersion: v1
kind: Pod
metadata:
  name: aws-node-x7k2p
  namespace: kube-system
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: aws-node, controller: true }]
spec:
  hostNetwork: true
  initContainers: [{ name: aws-vpc-cni-init, image: cni-init, securityContext: { privileged: true } }]
  containers: [{ name: aws-node, image: cni }]
`;
    // ownerReferences are written by whoever creates the pod; only the resource's own name counts.
    expect(waived(scan(pod, '').failures)).toEqual([]);
  });

  it("prefers the file's own exception, so its reason is the one shown", () => {
    const { failures } = scan(
      AWS_NODE,
      'exceptions:\n  - checks: [wl-host-network]\n    resources: { name: aws-node }\n    reason: reviewed by platform team\n',
    );
    const host = failures.find((result) => result.checkId === 'wl-host-network');
    expect(host?.waived).toEqual({ reason: 'reviewed by platform team', source: 'ci/.eksguard.yaml' });
  });
});
