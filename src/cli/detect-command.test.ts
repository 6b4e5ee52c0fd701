import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/index.js';
import { alertValidator } from '../report/test-support/schemas.js';
import { run } from './test-support/run.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AUDIT = 'examples/audit/audit.jsonl';
const AUDIT_RULES = ['k8s-exec-into-pod', 'k8s-cluster-admin-binding-created', 'k8s-aws-auth-changed', 'k8s-secrets-listed-cluster-wide'];
const CLOUDTRAIL_RULES = ['ct-eks-access-entry-created', 'ct-eks-cluster-admin-policy-associated', 'ct-eks-logging-disabled'];

const jsonl = (text: string): Alert[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Alert);

function tmp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-detect-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('eksguard detect', () => {
  it('finds the attacks of the example audit log, as JSON lines when not on a terminal, and exits 1 (high and above)', async () => {
    const result = await run(['detect', AUDIT], { cwd: ROOT });
    expect(result.code).toBe(1);
    const alerts = jsonl(result.stdout);
    expect(alerts.map((alert) => alert.ruleId).sort()).toEqual([...AUDIT_RULES].sort());
    expect(alerts[0]).toMatchObject({ source: 'k8s-audit', subject: { name: expect.stringContaining('alice') } });
    expect(result.stderr).toContain('events: 9 (9 k8s-audit, 0 cloudtrail) from 1 file(s)');
    expect(result.stderr).toContain('alerts: 4 (1 critical, 2 high, 1 medium)');
  });

  it('reads a folder with CloudTrail files too, and prints readable lines on a terminal', async () => {
    const result = await run(['detect', 'examples/audit', '--fail-on', 'none'], { cwd: ROOT, tty: true });
    expect(result.code).toBe(0);
    for (const id of [...AUDIT_RULES, ...CLOUDTRAIL_RULES]) expect(result.stdout).toMatch(new RegExp(`^\\S+\\s+[A-Z]+\\s+${id}\\s`, 'm'));
    expect(result.stdout).toMatch(/CRITICAL {2}k8s-cluster-admin-binding-created {2}.*bound cluster-admin/);
    expect(result.stderr).toContain('(9 k8s-audit, 4 cloudtrail) from 2 file(s)');
  });

  it('reads standard input with -, and honours --min-severity and --fail-on', async () => {
    const stdin = readFileSync(join(ROOT, AUDIT), 'utf8');
    const result = await run(['detect', '-', '--min-severity', 'critical', '--fail-on', 'critical'], { stdin });
    expect(result.code).toBe(1);
    expect(jsonl(result.stdout).map((alert) => alert.ruleId)).toEqual(['k8s-cluster-admin-binding-created']);
    expect(result.stderr).toContain('3 below --min-severity not shown');
    const text = await run(['detect', '-', '--format', 'text', '--fail-on', 'none'], { stdin });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('MEDIUM    k8s-exec-into-pod');
  });

  it('exits 0 when nothing reaches --fail-on', async () => {
    const benign = readFileSync(join(ROOT, AUDIT), 'utf8').split('\n').slice(0, 2).join('\n');
    const result = await run(['detect', '-'], { stdin: benign });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('alerts: 0');
  });

  it('reports a malformed line with its line number and goes on', async () => {
    const lines = readFileSync(join(ROOT, AUDIT), 'utf8').trim().split('\n');
    lines.splice(2, 0, '{"kind": "Event", this is not json');
    const file = tmp('audit.jsonl', `${lines.join('\n')}\n`);
    const result = await run(['detect', file, '--fail-on', 'none']);
    expect(result.code).toBe(0);
    expect(jsonl(result.stdout).map((alert) => alert.ruleId).sort()).toEqual([...AUDIT_RULES].sort());
    expect(result.stderr).toContain('1 malformed');
    expect(result.stderr).toContain(`${file}:3: `);
  });

  it('loads --rules files; a bad rule file is exit 2 naming file, line, rule and field', async () => {
    const good = await run(['detect', AUDIT, '--rules', 'examples/audit/rules.yaml', '--fail-on', 'none'], { cwd: ROOT });
    expect(good.code).toBe(0);
    expect(jsonl(good.stdout).map((alert) => alert.ruleId)).toContain('org-configmap-read-by-human');

    const bad = tmp(
      'bad.yaml',
      'rules:\n  - id: my-rule\n    title: T\n    description: D\n    severity: urgent\n    mitre: { tactic: execution, technique: T1609 }\n    source: k8s-audit\n    condition: no_such_macro\n    output: x\n',
    );
    const result = await run(['detect', join(ROOT, AUDIT), '--rules', bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${bad}:5: rule my-rule: severity: must be one of`);
    expect(result.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: rule my-rule: condition: unknown macro or variable "no_such_macro"`));
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await run(['detect', 'no/such/file.jsonl'])).code).toBe(2);
    expect((await run(['detect', AUDIT, '--fail-on', 'urgent'], { cwd: ROOT })).code).toBe(2);
    expect((await run(['detect', AUDIT, '--format', 'xml'], { cwd: ROOT })).code).toBe(2);
  });
});

describe('eksguard rules', () => {
  it('rules test --cases passes the example cases, fails (exit 1) on an unmet expectation, and refuses bad cases files (exit 2)', async () => {
    const good = await run(['rules', 'test', 'examples/audit/rules.yaml', '--cases', 'examples/audit/rules.tests.yaml'], { cwd: ROOT });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('3 passed, 0 failed');
    const wrong = tmp('wrong.tests.yaml', readFileSync(join(ROOT, 'examples/audit/rules.tests.yaml'), 'utf8').replace('file: audit.jsonl', `file: ${join(ROOT, AUDIT)}`).replace('expect: { org-configmap-read-by-human: 1 }', 'expect: { org-configmap-read-by-human: 2 }'));
    const failed = await run(['rules', 'test', 'examples/audit/rules.yaml', '--cases', wrong], { cwd: ROOT });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAIL {2}the example audit log has one human ConfigMap read in payments {2}\(.*wrong\.tests\.yaml:4\)\n {8}org-configmap-read-by-human: expected 2 alert\(s\), got 1/);
    const broken = await run(['rules', 'test', 'examples/audit/rules.yaml', '--cases', tmp('broken.yaml', 'tests:\n  - name: x\n    expect: {}\n')], { cwd: ROOT });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:2: tests\[0\]: give exactly one of event, events or file/);
    expect((await run(['rules', 'test', 'examples/audit/rules.yaml'], { cwd: ROOT })).stderr).toContain('give --events');
  });

  it('lists the rules as a table and as JSON', async () => {
    const table = await run(['rules', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+SEVERITY\s+SOURCE\s+TACTIC\s+TITLE$/m);
    expect(table.stdout).toMatch(/^k8s-exec-into-pod\s+medium\s+k8s-audit\s+execution\s+Exec or attach into a pod$/m);
    const json = await run(['rules', 'list', '--format', 'json']);
    const rows = JSON.parse(json.stdout) as { id: string; source: string; mitre: { technique: string } }[];
    expect(rows.find((row) => row.id === 'ct-eks-logging-disabled')).toMatchObject({ source: 'cloudtrail', mitre: { technique: expect.stringMatching(/^T\d{4}/) } });
    const withUser = await run(['rules', 'list', '--rules', 'examples/audit/rules.yaml', '--format', 'json'], { cwd: ROOT });
    expect((JSON.parse(withUser.stdout) as { id: string }[]).some((row) => row.id === 'org-configmap-read-by-human')).toBe(true);
  });

  it('explains a rule with its condition, exceptions and MITRE ATT&CK reference', async () => {
    const result = await run(['rules', 'explain', 'k8s-exec-into-pod']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('MITRE ATT&CK: execution / T1609');
    expect(result.stdout).toContain('Condition: succeeded && !in_kube_system');
    expect(result.stdout).toContain('Expanded:');
    const user = await run(['rules', 'explain', 'org-configmap-read-by-human', '--rules', 'examples/audit/rules.yaml'], { cwd: ROOT });
    expect(user.stdout).toContain('known_readers: fields user.username, objectRef.name');
    const missing = await run(['rules', 'explain', 'exec']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('did you mean k8s-exec-into-pod');
  });

  it('tests user rules against user events, printing what each rule matched', async () => {
    const result = await run(['rules', 'test', 'examples/audit/rules.yaml', '--events', AUDIT], { cwd: ROOT });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('org-configmap-read-by-human: 1 alert(s)');
    expect(result.stdout).toContain(`${AUDIT}:2: `);
    expect(result.stdout).not.toContain('k8s-exec-into-pod');
    const all = await run(['rules', 'test', 'examples/audit/rules.yaml', '--events', AUDIT, '--all'], { cwd: ROOT });
    expect(all.stdout).toContain('k8s-exec-into-pod: 1 alert(s)');
    const bad = tmp('bad.yaml', 'rules:\n  - id: broken\n    title: T\n');
    const failed = await run(['rules', 'test', bad, '--events', join(ROOT, AUDIT)]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`${bad}:2: rule broken: `);
  });
});

describe('eksguard detect: posture, intel, CloudTrail trees, sinks', () => {
  it('--snapshot ties alerts to the demo cluster and raises those on attack paths', async () => {
    const result = await run(['detect', 'examples/incident', '--snapshot', 'examples/prod.snapshot.json.gz'], { cwd: ROOT });
    const alerts = jsonl(result.stdout);
    expect(alerts.map((alert) => `${alert.ruleId} ${alert.severity} ${alert.posture?.severityRaisedFrom ?? '-'}`)).toEqual([
      'k8s-exec-into-pod high medium',
      'k8s-service-account-token-requested high medium',
      'k8s-secrets-read-burst critical high',
    ]);
    expect(alerts[0]?.posture).toMatchObject({ matched: ['Deployment payments/payments-api'], exposed: true });
    expect(alerts[1]?.posture).toMatchObject({ matched: ['ServiceAccount ci/runner', 'ServiceAccount ci/ci-deployer'], clusterAdmin: true });
    expect(alerts[2]?.threshold).toMatchObject({ count: 10, windowSeconds: 60, key: { 'user.username': 'system:serviceaccount:ci:ci-deployer' } });
    const validate = alertValidator();
    for (const alert of [...alerts, ...jsonl((await run(['detect', 'examples/audit', '--fail-on', 'none'], { cwd: ROOT })).stdout)]) {
      expect(validate(alert), JSON.stringify(validate.errors)).toBe(true);
    }
    // without the snapshot: the rules' own severities, no context
    const plain = jsonl((await run(['detect', 'examples/incident', '--fail-on', 'none'], { cwd: ROOT })).stdout);
    expect(plain.map((alert) => alert.severity)).toEqual(['medium', 'medium', 'high']);
    expect(plain.every((alert) => alert.posture === undefined)).toBe(true);
  });

  it('--intel drives the listed-IP rules and reports bad lines by file:line', async () => {
    const list = tmp('intel.txt', '# feed\n203.0.113.0/24\nnot-an-ip\n');
    const result = await run(['detect', AUDIT, '--intel', `tor=${list}`, '--fail-on', 'none'], { cwd: ROOT });
    const listed = jsonl(result.stdout).filter((alert) => alert.ruleId.includes('listed-ip'));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((alert) => alert.output.endsWith('listed in tor'))).toBe(true);
    expect(result.stderr).toContain(`${list}:3:`);
    expect((await run(['detect', AUDIT, '--intel', 'tor=missing.txt'], { cwd: ROOT })).code).toBe(2);
    expect((await run(['detect', AUDIT, '--intel', 'no-equals'], { cwd: ROOT })).stderr).toContain('expected NAME=FILE');
  });

  it('detect cloudtrail selects AWSLogs files and records by region and time, and skips digests', async () => {
    const all = await run(['detect', 'cloudtrail', 'examples/cloudtrail/AWSLogs/', '--fail-on', 'none'], { cwd: ROOT });
    expect(all.stderr).toContain('events: 4 (0 k8s-audit, 4 cloudtrail) from 2 file(s)');
    const late = await run(['detect', 'cloudtrail', 'examples/cloudtrail/AWSLogs/', '--since', '2025-05-12T10:30:00Z', '--fail-on', 'none'], { cwd: ROOT });
    expect(jsonl(late.stdout).map((alert) => alert.ruleId).sort()).toEqual(['ct-eks-irsa-credentials-used-outside', 'ct-eks-logging-disabled']);
    expect(late.stderr).toContain('from 1 file(s)');
    const elsewhere = await run(['detect', 'cloudtrail', 'examples/cloudtrail/AWSLogs/', '--region', 'us-east-1', '--fail-on', 'none'], { cwd: ROOT });
    expect(elsewhere.stderr).toContain('events: 0');
    expect((await run(['detect', 'cloudtrail', 'examples/cloudtrail', '--since', 'yesterday'], { cwd: ROOT })).code).toBe(2);
  });

  it('deduplicates repeats within --dedup-window and sends every one with 0', async () => {
    const line = readFileSync(join(ROOT, AUDIT), 'utf8').split('\n').find((text) => text.includes('/exec?'))!;
    const twice = tmp('twice.jsonl', `${line}\n${line}\n`);
    const deduped = await run(['detect', twice, '--fail-on', 'none']);
    expect(jsonl(deduped.stdout)).toHaveLength(1);
    expect(deduped.stderr).toContain('duplicates: 1 repeat(s) within 10m not sent');
    expect(jsonl((await run(['detect', twice, '--dedup-window', '0', '--fail-on', 'none'])).stdout)).toHaveLength(2);
    expect((await run(['detect', twice, '--dedup-window', 'soon'])).stderr).toContain('--dedup-window must be a duration');
  });

  it('refuses bad sink specs without echoing URLs', async () => {
    const bad = await run(['detect', AUDIT, '--sink', 'webhook=ftp://user:secret@example.com/x'], { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('secret');
    expect((await run(['detect', AUDIT, '--sink', 'kafka=x'], { cwd: ROOT })).stderr).toContain('unknown sink');
  });
});

describe('examples in --help and docs/commands for detect and rules', async () => {
  const pick = (text: string): string[] =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^(eksguard|cat \S+ \| eksguard) (detect|rules) /.test(line));
  const help: string[] = [];
  for (const args of [[], ['detect'], ['detect', 'cloudtrail'], ['detect', 'serve'], ['rules', 'list'], ['rules', 'explain'], ['rules', 'test']]) help.push(...pick((await run([...args, '--help'])).stdout));
  const docs = ['detect', 'rules'].flatMap((name) =>
    [...readFileSync(join(ROOT, 'docs', 'commands', `${name}.md`), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => pick(match[1]!)),
  );
  const all = [...new Set([...help, ...docs])];
  // Following CloudWatch Logs and serving the webhook run until stopped, against AWS or an API
  // server: detect-follow.test.ts and detect-serve.test.ts run them against local peers.
  const examples = all.filter((line) => !line.includes(' --follow') && !line.includes('eksguard detect serve'));

  it('has examples for each command', () => {
    expect(all.some((line) => line.includes(' --follow'))).toBe(true);
    expect(all.some((line) => line.startsWith('eksguard detect serve '))).toBe(true);
    for (const command of ['detect', 'detect cloudtrail', 'rules list', 'rules explain', 'rules test']) expect(examples.some((line) => line.includes(`eksguard ${command} `) || line.endsWith(`eksguard ${command}`))).toBe(true);
  });

  it.each(examples)('%s', async (example) => {
    const cat = /^cat (\S+) \| (.*)$/.exec(example);
    const args = (cat ? cat[2]! : example).split(/\s+/).slice(1);
    const result = await run(args, { cwd: ROOT, ...(cat && { stdin: readFileSync(join(ROOT, cat[1]!), 'utf8') }) });
    expect([0, 1]).toContain(result.code);
    expect(result.stdout.trim()).not.toBe('');
    expect(result.stderr).not.toMatch(/eksguard: |issues:|rule errors/);
  });
});
