import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: tools }
spec:
  containers:
    - name: shell
      image: public.ecr.aws/docker/library/busybox@sha256:${'a'.repeat(64)}
      securityContext: { privileged: true }
`;

const HARDENED = `apiVersion: v1
kind: Namespace
metadata:
  name: tools
  labels: { pod-security.kubernetes.io/enforce: restricted }
---
apiVersion: v1
kind: Pod
metadata: { name: ok, namespace: tools }
spec:
  automountServiceAccountToken: false
  securityContext: { runAsNonRoot: true, runAsUser: 20000, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: app
      image: public.ecr.aws/docker/library/busybox@sha256:${'a'.repeat(64)}
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('eksguard scan manifests: exit codes', () => {
  it('exits 1 when an unwaived finding is at or above --fail-on, 0 when the threshold is above it', async () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED });
    expect((await run(['scan', 'manifests', dir, '--fail-on', 'critical'])).code).toBe(1);
    expect((await run(['scan', 'manifests', dir, '--fail-on', 'none'])).code).toBe(0);
    expect((await run(['scan', 'manifests', dir, '--checks', 'wl-host-pid', '--fail-on', 'low'])).code).toBe(0);
  });

  it('exits 0 for a hardened workload with the default threshold (high)', async () => {
    const dir = workdir({ 'pod.yaml': HARDENED });
    const result = await run(['scan', 'manifests', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('exits 2 on input errors even with findings, unless --ignore-input-errors', async () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED, 'broken.yaml': 'kind: [' });
    const failed = await run(['scan', 'manifests', dir, '--format', 'json']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/broken\.yaml:1: invalid YAML/);
    const report = JSON.parse(failed.stdout);
    expect(report.inputErrors).toEqual([{ file: join(dir, 'broken.yaml'), line: 1, message: expect.stringMatching(/invalid YAML/) }]);
    expect(report.results.some((r: { checkId: string }) => r.checkId === 'wl-privileged')).toBe(true);
    expect((await run(['scan', 'manifests', dir, '--ignore-input-errors', '--fail-on', 'critical'])).code).toBe(1);
    expect((await run(['scan', 'manifests', dir, '--ignore-input-errors', '--fail-on', 'none'])).code).toBe(0);
  });

  it('exits 2 on usage errors: unknown format, severity, check id, option', async () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED });
    for (const args of [
      ['--format', 'xml'],
      ['--fail-on', 'severe'],
      ['--checks', 'wl-privilegd'],
      ['--output', 'pdf=out.pdf'],
      ['--no-such-option'],
    ]) {
      const result = await run(['scan', 'manifests', dir, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect((await run(['scan', 'manifests'])).code).toBe(2);
    expect((await run(['scan', 'manifests', join(dir, 'missing')])).code).toBe(2);
  });

  it('exits 2 rather than passing a gate that checks nothing or writes nowhere', async () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED, 'a-file': 'x' });
    const empty = workdir({});
    const cases: Array<[string[], RegExp]> = [
      [['scan', 'manifests', dir, '--checks', ''], /--checks names no check/],
      [['scan', 'manifests', dir, '--skip-checks', ' , '], /--skip-checks names no check/],
      [['scan', 'manifests', dir, '-o', `json=${join(dir, 'r')}`, '-o', `sarif=${join(dir, 'r')}`], /two outputs write the same file/],
      [['scan', 'manifests', dir, '-o', `json=${join(dir, 'a-file', 'r.json')}`], /cannot write json report/],
      [['scan', 'manifests', empty], /no Kubernetes objects found/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('exits 2 with file:line on configuration errors', async () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED, 'cfg.yaml': 'checks:\n  disabel: [wl-privileged]\n' });
    const result = await run(['scan', 'manifests', join(dir, 'pod.yaml'), '--config', join(dir, 'cfg.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cfg\.yaml:2:3: checks\.disabel/);
  });

  it('exits 3 when a check cannot run, and reports it as an error result', async () => {
    const dir = workdir({
      'pod.yaml': PRIVILEGED,
      '.eksguard.yaml': 'customChecks: [policies]\n',
    });
    const policies = join(dir, 'policies');
    await import('node:fs').then((fs) => fs.mkdirSync(policies));
    writeFileSync(
      join(policies, 'bad-index.yaml'),
      `apiVersion: eksguard.dev/v1
kind: CustomCheck
id: custom-first-arg
title: First argument is not a flag
severity: low
description: Reads the first argument of each container, which fails at run time when there is none.
remediation: Pass arguments explicitly.
match: { workloads: true }
forEach: container
validations:
  - expression: "container.args[0] != '--debug'"
    message: "Container {{container}} runs with --debug"
`,
    );
    const result = await run(['scan', 'manifests', join(dir, 'pod.yaml'), '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.results.filter((r: { status: string }) => r.status === 'error').map((r: { checkId: string }) => r.checkId)).toEqual(['custom-first-arg']);
  });
});

describe('eksguard scan manifests: outputs', () => {
  it('reads standard input and writes several formats in one scan', async () => {
    const dir = workdir({});
    const result = await run(
      ['scan', 'manifests', '-', '--output', `json=${join(dir, 'r.json')}`, '--output', `sarif=${join(dir, 'r.sarif')}`, '-o', `junit=${join(dir, 'r.xml')}`, '--fail-on', 'none'],
      { stdin: `# Source: tools/templates/pod.yaml\n${PRIVILEGED}` },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const privileged = json.results.find((r: { checkId: string }) => r.checkId === 'wl-privileged');
    expect(privileged).toMatchObject({
      status: 'fail',
      severity: 'critical',
      container: 'shell',
      path: 'spec.containers[0].securityContext.privileged',
      location: { file: '<stdin>', line: 9, helmSource: 'tools/templates/pod.yaml' },
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'tools', name: 'debug' },
    });
    expect(privileged.refs['cis-eks-1.8']).toContain('4.2.1');
    expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/^<\?xml/);
  });

  it('colours the table only on a terminal without NO_COLOR', async () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED });
    const args = ['scan', 'manifests', dir, '--fail-on', 'none'];
    const ESC = '\u001b[';
    expect((await run(args)).stdout).not.toContain(ESC);
    expect((await run(args, { tty: true })).stdout).toContain(ESC);
    expect((await run(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await run([...args, '--no-color'], { tty: true })).stdout).not.toContain(ESC);
  });

  it('lists passes only with --include-passed', async () => {
    const dir = workdir({ 'pod.yaml': HARDENED });
    const without = JSON.parse((await run(['scan', 'manifests', dir, '--format', 'json'])).stdout);
    const withPassed = JSON.parse((await run(['scan', 'manifests', dir, '--format', 'json', '--include-passed'])).stdout);
    expect(without.results.every((r: { status: string }) => r.status !== 'pass')).toBe(true);
    expect(withPassed.results.some((r: { status: string }) => r.status === 'pass')).toBe(true);
  });

  it('marks baseline-waived findings and drops them with --no-baseline', async () => {
    const awsNode = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: aws-node } }
  template:
    metadata: { labels: { k8s-app: aws-node } }
    spec:
      hostNetwork: true
      initContainers:
        - name: aws-vpc-cni-init
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:v1.19.2
          securityContext: { privileged: true }
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
`;
    const dir = workdir({ 'aws-node.yaml': awsNode });
    const waived = JSON.parse((await run(['scan', 'manifests', dir, '--format', 'json', '--checks', 'wl-privileged'])).stdout);
    expect(waived.results).toEqual([expect.objectContaining({ checkId: 'wl-privileged', waived: expect.objectContaining({ source: 'baseline' }) })]);
    const strict = await run(['scan', 'manifests', dir, '--format', 'json', '--checks', 'wl-privileged', '--no-baseline']);
    expect(JSON.parse(strict.stdout).results[0].waived).toBeUndefined();
    expect(strict.code).toBe(1);
  });
});

describe('eksguard checks', () => {
  it('lists every check and explains one', async () => {
    const list = await run(['checks', 'list', '--format', 'json']);
    const rows = JSON.parse(list.stdout) as Array<{ id: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(97);
    const explain = await run(['checks', 'explain', 'wl-privileged']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/Remediation:/);
    expect(explain.stdout).toMatch(/cis-eks-1\.8 4\.2\.1/);
    expect((await run(['checks', 'explain', 'wl-privilege'])).code).toBe(2);
  });

  it('prints help with an example for every command', async () => {
    for (const args of [['--help'], ['scan', 'manifests', '--help'], ['checks', 'list', '--help'], ['checks', 'explain', '--help']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(/Examples?:\n\s+eksguard /);
    }
  });
});
