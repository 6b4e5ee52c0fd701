import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const CHECKS = 'wl-run-as-root,wl-caps-not-dropped';

function shopCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
  cpSync(join(EXAMPLES, 'shop'), join(dir, 'shop'), { recursive: true });
  return dir;
}

function failuresOf(stdout: string): string[] {
  const report = JSON.parse(stdout) as { results: Array<{ status: string; checkId: string; resource: { name: string }; container?: string; waived?: unknown }> };
  return report.results
    .filter((result) => result.status === 'fail' && !result.waived)
    .map((result) => `${result.checkId} ${result.resource.name} ${result.container ?? ''}`)
    .sort();
}

describe('eksguard fix', () => {
  it('prints a unified diff of the safe fixes and lists suggestions as manual', async () => {
    const dir = shopCopy();
    const before = readFileSync(join(dir, 'shop', '40-monitoring.yaml'), 'utf8');
    const result = await run(['fix', 'shop', '--checks', CHECKS], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '--- a/shop/40-monitoring.yaml',
        '+++ b/shop/40-monitoring.yaml',
        '@@ -20,6 +20,9 @@',
        '           image: fluent/fluent-bit:3.1',
        '           securityContext:',
        '             privileged: true',
        '+            capabilities:',
        '+              drop:',
        '+                - ALL',
        '           resources:',
        '             limits: { memory: 200Mi }',
        '             requests: { cpu: 50m, memory: 100Mi }',
        '--- a/shop/60-kube-system.yaml',
        '+++ b/shop/60-kube-system.yaml',
        '@@ -47,7 +47,7 @@',
        '           ports: [{ name: metrics, containerPort: 61678 }]',
        '           resources: { requests: { cpu: 25m } }',
        '           securityContext:',
        '-            capabilities: { add: [NET_ADMIN, NET_RAW] }',
        '+            capabilities: { add: [NET_ADMIN, NET_RAW], drop: [ALL] }',
        '           livenessProbe: { exec: { command: [/app/grpc-health-probe, -addr=:50051] } }',
        '           readinessProbe: { exec: { command: [/app/grpc-health-probe, -addr=:50051] } }',
        '           volumeMounts:',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toMatch(/^eksguard fix: fixed 2 finding\(s\) in 2 file\(s\), in the diff\n/);
    expect(result.stderr).toMatch(/manual: wl-run-as-root DaemonSet\/monitoring\/log-shipper container shipper: Run as a non-root user.*--include-suggestions/);
    // Nothing is written without --write.
    expect(readFileSync(join(dir, 'shop', '40-monitoring.yaml'), 'utf8')).toBe(before);
  });

  it('--write rewrites the files, keeps their mode, and a new scan no longer has those findings', async () => {
    const dir = shopCopy();
    const file = join(dir, 'shop', '40-monitoring.yaml');
    chmodSync(file, 0o640);
    // scan reads paths from the process's directory, not the CLI's cwd.
    const scanArgs = ['scan', 'manifests', join(dir, 'shop'), '--checks', CHECKS, '--format', 'json', '--no-store', '--fail-on', 'none'];
    const before = failuresOf((await run(scanArgs, { cwd: dir })).stdout);
    expect(before).toEqual(expect.arrayContaining(['wl-caps-not-dropped log-shipper shipper', 'wl-run-as-root log-shipper shipper']));

    const result = await run(['fix', 'shop', '--checks', CHECKS, '--include-suggestions', '--write'], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^eksguard fix: fixed 3 finding\(s\) in 2 file\(s\), written\n$/);
    expect(result.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);

    const after = failuresOf((await run(scanArgs, { cwd: dir })).stdout);
    expect(after).not.toContain('wl-caps-not-dropped log-shipper shipper');
    expect(after).not.toContain('wl-run-as-root log-shipper shipper');
    expect(after.length).toBe(before.length - 3);
  });

  it('exits 1 when a fixable finding cannot be fixed, naming why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
    writeFileSync(
      join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop}\nspec:\n  containers:\n  - name: api\n    image: shop/api:1\n    securityContext: &sc {runAsNonRoot: true}\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n    securityContext: *sc\n',
    );
    const result = await run(['fix', 'pod.yaml', '--checks', 'wl-caps-not-dropped'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/not fixed: wl-caps-not-dropped Pod\/shop\/api container api: .*anchor &sc/);
  });

  it('prints kubectl patch commands for a snapshot, addressing the controller', async () => {
    const result = await run(['fix', '--snapshot', join(EXAMPLES, 'prod.snapshot.json.gz'), '--checks', 'wl-caps-not-dropped']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('# wl-caps-not-dropped: Container "report" does not drop ALL capabilities');
    expect(lines[1]).toBe(
      `kubectl patch cronjob.batch/nightly-reports -n batch --type=json -p '[{"op":"add","path":"/spec/jobTemplate/spec/template/spec/containers/0/securityContext/capabilities","value":{"drop":["ALL"]}}]'`,
    );
    expect(lines.filter((line) => line.startsWith('kubectl patch ')).length).toBe(lines.length / 2);
    expect(result.stderr).toMatch(/^eksguard fix: fixed \d+ finding\(s\) on \d+ object\(s\), as kubectl commands\n/);
  });

  it('fixes the readable documents of a file that also holds a broken one, and exits 2 for the input error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
    const good = 'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop}\nspec:\n  containers:\n  - name: api\n    image: shop/api:1\n';
    writeFileSync(join(dir, 'pods.yaml'), `${good}---\napiVersion: v1\nkind: Pod\nmetadata: {name: broken\n`);
    const result = await run(['fix', 'pods.yaml', '--checks', 'wl-caps-not-dropped', '--write'], { cwd: dir });
    expect(result.stderr).toMatch(/input error: pods\.yaml:\d+: invalid YAML/);
    expect(result.stderr).not.toMatch(/unreadable/);
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'pods.yaml'), 'utf8')).toContain('    securityContext:\n      capabilities:\n        drop:\n        - ALL\n---\n');
  });

  it('keeps a JSON file with a byte order mark JSON, mark included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
    const text = '\uFEFF{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "name": "api",\n    "namespace": "shop"\n  },\n  "spec": {\n    "containers": [\n      {\n        "name": "api",\n        "image": "shop/api:1"\n      }\n    ]\n  }\n}\n';
    writeFileSync(join(dir, 'pod.json'), text);
    const result = await run(['fix', 'pod.json', '--checks', 'wl-caps-not-dropped', '--write'], { cwd: dir });
    expect(result.stderr).toBe('eksguard fix: fixed 1 finding(s) in 1 file(s), written\n');
    expect(result.code).toBe(0);
    const after = readFileSync(join(dir, 'pod.json'), 'utf8');
    expect(after.startsWith('\uFEFF{\n  "apiVersion"')).toBe(true);
    expect(JSON.parse(after.slice(1))).toMatchObject({ spec: { containers: [{ securityContext: { capabilities: { drop: ['ALL'] } } }] } });
  });

  it('--write edits the file a symlink inside the given directory points to, once, and keeps the link; one pointing outside is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
    const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  containers:\n  - name: api\n    image: shop/api:1\n`;
    mkdirSync(join(dir, 'k8s', 'shared'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'k8s', 'shared', 'inside.yaml'), pod('inside'));
    writeFileSync(join(dir, 'elsewhere', 'outside.yaml'), pod('outside'));
    symlinkSync(join('shared', 'inside.yaml'), join(dir, 'k8s', 'link-in.yaml'));
    symlinkSync(join(dir, 'elsewhere', 'outside.yaml'), join(dir, 'k8s', 'link-out.yaml'));
    const result = await run(['fix', 'k8s', '--checks', 'wl-caps-not-dropped', '--write'], { cwd: dir });
    expect(lstatSync(join(dir, 'k8s', 'link-in.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'k8s', 'link-in.yaml'))).toBe(join('shared', 'inside.yaml'));
    expect(readFileSync(join(dir, 'k8s', 'shared', 'inside.yaml'), 'utf8')).toContain('drop:');
    expect(lstatSync(join(dir, 'k8s', 'link-out.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'elsewhere', 'outside.yaml'), 'utf8')).toBe(pod('outside'));
    expect(result.stderr).toMatch(/not written: k8s\/link-out\.yaml: .*outside the paths given/);
    expect(result.code).toBe(1);
  });

  it('exits 1 when a failure remains after the fixes under a new message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
    writeFileSync(
      join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop}\nspec:\n  containers:\n  - name: api\n    image: shop/api:1\n    securityContext:\n      capabilities: {add: [SYS_ADMIN, CHOWN]}\n',
    );
    const result = await run(['fix', 'pod.yaml', '--checks', 'wl-caps-added-dangerous,pss-workload-violations', '--include-suggestions'], { cwd: dir });
    expect(result.stdout).toContain('+      capabilities: {add: [CHOWN]}');
    expect(result.stderr).toMatch(/new after fixing: pss-workload-violations Pod\/shop\/api container api: .*"CHOWN"/);
    expect(result.code).toBe(1);
  });

  it('rejects unknown check ids, standard input and two inputs as usage errors', async () => {
    expect((await run(['fix', 'examples/shop', '--checks', 'no-such-check'])).code).toBe(2);
    expect((await run(['fix', '-'])).code).toBe(2);
    expect((await run(['fix', 'examples/shop', '--snapshot', 'x.json'])).code).toBe(2);
  });

  it('shows control characters in names from a manifest escaped on standard error, never raw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-fix-'));
    writeFileSync(
      join(dir, 'evil.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: "web\\e[31mred\\e]0;title\\a", namespace: shop }\nspec:\n' +
        '  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n' +
        '    spec: { containers: [{ name: "c\\e[2J", image: nginx:1.27 }] }\n',
    );
    const result = await run(['fix', 'evil.yaml'], { cwd: dir });
    expect(result.stderr).toContain('manual: wl-run-as-root Deployment/shop/web\\x1B[31mred\\x1B]0;title\\x07 container c\\x1B[2J');
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/);
  });
});
