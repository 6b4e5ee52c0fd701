/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   parsed reports are probed by shape; the JSON renderer's own tests validate the schema */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findFramework } from '../frameworks/index.js';
import { run } from './test-support/run.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SNAPSHOT = join(ROOT, 'examples/prod.snapshot.json.gz');
const SHOP = join(ROOT, 'examples/shop');
const scratch = mkdtempSync(join(tmpdir(), 'eksguard-compliance-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('eksguard compliance', () => {
  it('prints one line per CIS v1.8.0 recommendation for a snapshot, then the score', async () => {
    const { code, stdout, stderr } = await run(['compliance', '--framework', 'cis-eks-1.8', '--snapshot', SNAPSHOT]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const controlLines = stdout.split('\n').filter((line) => /^\d+\.\d+\.\d+ /.test(line));
    expect(controlLines.map((line) => line.split(/\s+/)[0])).toEqual(findFramework('cis-eks-1.8').controls.map((control) => control.id));
    expect(stdout).toMatch(/^3\.1\.1 +MANUAL +- +Ensure that the kubeconfig file permissions/m);
    expect(stdout).toMatch(/^Score: \d+\.\d% of decided controls/m);
  });

  it('decides each kubelet, ECR and KMS recommendation by its own findings (snapshot)', async () => {
    const { stdout } = await run(['compliance', '--framework', 'cis-eks-1.8', '--snapshot', SNAPSHOT, '--format', 'json']);
    const byId = new Map(JSON.parse(stdout).controls.map((control: any) => [control.id, control]));
    const brief = (id: string): unknown => {
      const control: any = byId.get(id);
      return [control.status, control.failures];
    };
    expect(['3.2.5', '3.2.6', '3.2.7', '3.2.8', '3.2.9'].map(brief)).toEqual([['fail', 1], ['fail', 1], ['pass', 0], ['fail', 1], ['fail', 1]]);
    expect(brief('5.1.3')).toEqual(['pass', 0]);
    expect(brief('5.3.1')).toEqual(['pass', 0]);
  });

  it('does not pass a control part of whose checks did not run (manifests)', async () => {
    const { stdout } = await run(['compliance', '--framework', 'cis-eks-1.8', SHOP, '--format', 'json']);
    const byId = new Map(JSON.parse(stdout).controls.map((control: any) => [control.id, control]));
    expect(byId.get('5.4.5')).toMatchObject({ status: 'not-evaluated', reason: expect.stringContaining('elb-listener-weak-tls') });
    expect(byId.get('5.2.1')).toMatchObject({ status: 'not-evaluated', reason: expect.stringContaining('workload-role-shared') });
  });

  it('gives scan findings the refs of the chosen framework only, per finding', async () => {
    const { stdout } = await run(['scan', 'snapshot', SNAPSHOT, '--framework', 'cis-eks-1.8', '--format', 'json', '--no-store']);
    const results: any[] = JSON.parse(stdout).results;
    const kubelet = results.filter((result) => result.checkId === 'ng-kubelet-misc' && result.status === 'fail');
    expect(kubelet.map((result) => result.refs).sort((a, b) => String(a['cis-eks-1.8']).localeCompare(String(b['cis-eks-1.8'])))).toEqual([
      { 'cis-eks-1.8': ['3.2.5'] },
      { 'cis-eks-1.8': ['3.2.6'] },
      { 'cis-eks-1.8': ['3.2.8'] },
      { 'cis-eks-1.8': ['3.2.9'] },
    ]);
    expect(results.every((result) => Object.keys(result.refs).every((framework) => framework === 'cis-eks-1.8'))).toBe(true);
  });

  it('lists the PSS evidence findings only in scans narrowed to a PSS framework, but measures PSS either way', async () => {
    const plain = JSON.parse((await run(['scan', 'manifests', SHOP, '--format', 'json', '--no-store', '--fail-on', 'none'])).stdout);
    const narrowed = JSON.parse((await run(['scan', 'manifests', SHOP, '--format', 'json', '--no-store', '--fail-on', 'none', '--framework', 'pss'])).stdout);
    const evidence = (report: any) => report.results.filter((result: any) => result.checkId === 'pss-workload-violations').length;
    expect(evidence(plain)).toBe(0);
    expect(evidence(narrowed)).toBeGreaterThan(0);
    // The hidden check is not counted among the checks that ran, nor its passes among the results.
    const full = JSON.parse((await run(['scan', 'manifests', SHOP, '--format', 'json', '--no-store', '--fail-on', 'none', '--include-passed'])).stdout);
    expect(full.results.length).toBe(full.summary.byStatus.pass + full.summary.byStatus.fail + full.summary.byStatus.error + full.summary.byStatus['not-evaluated']);
    const pss = await run(['compliance', '--framework', 'pss', SHOP, '--format', 'json']);
    expect(JSON.parse(pss.stdout).counts.fail).toBeGreaterThan(0);
  });

  it('writes JSON whose counts agree with its controls', async () => {
    const { code, stdout } = await run(['compliance', '--framework', 'pss-baseline', SHOP, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.framework).toBe('pss-baseline');
    expect(report.controls.every((control: any) => control.id.startsWith('baseline.') || control.id === 'enforcement')).toBe(true);
    const counted: Record<string, number> = { pass: 0, fail: 0, manual: 0, 'not-evaluated': 0 };
    for (const control of report.controls) counted[control.status]!++;
    expect(report.counts).toEqual(counted);
    const decided = counted.pass! + counted.fail!;
    expect(report.score).toBe(decided === 0 ? null : Math.round((counted.pass! / decided) * 1000) / 10);
  });

  it('says why AWS controls are not evaluated for manifests', async () => {
    const { stdout } = await run(['compliance', '--framework', 'cis-eks-1.8', SHOP, '--format', 'json']);
    const control = JSON.parse(stdout).controls.find((entry: any) => entry.id === '5.3.1');
    expect(control.status).toBe('not-evaluated');
    expect(control.reason).toMatch(/did not run on this input/);
  });

  it('writes Markdown and CSV to a file with -o', async () => {
    const markdown = join(scratch, 'out', 'compliance.md');
    const csv = join(scratch, 'compliance.csv');
    expect((await run(['compliance', '--framework', 'nsa-cisa-1.2', '--snapshot', SNAPSHOT, '--format', 'markdown', '-o', markdown])).code).toBe(0);
    expect(readFileSync(markdown, 'utf8')).toMatch(/^### .*NSA.*: \d+\.\d%\n/);
    const result = await run(['compliance', '--framework', 'pss', '--snapshot', SNAPSHOT, '--format', 'csv', '-o', csv]);
    expect(result.stdout).toBe('');
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('framework,version,control,title,status,failures,passes,waived,checkIds,reason');
  });

  it('refuses an unknown framework, a missing one, and no or two inputs, listing what it knows', async () => {
    const unknown = await run(['compliance', '--framework', 'cis-eks-9', SHOP]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('known frameworks: cis-eks-1.8, nsa-cisa-1.2, pss, pss-baseline, pss-restricted');
    const missing = await run(['compliance', SHOP]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--framework <id> is required');
    for (const args of [[], ['--snapshot', SNAPSHOT, SHOP]]) {
      const result = await run(['compliance', '--framework', 'pss', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('give exactly one input');
    }
  });

  it('exits 2 when the input cannot be read', async () => {
    const result = await run(['compliance', '--framework', 'pss', join(scratch, 'missing-dir')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('input error');
  });

  it('runs the examples of its --help and of docs/commands/compliance.md', async () => {
    const help = (await run(['compliance', '--help'])).stdout;
    const docs = [...readFileSync(join(ROOT, 'docs/commands/compliance.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const examples = [help, ...docs]
      .join('\n')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('eksguard compliance ') && !line.includes('<') && !line.includes('--name') && !line.includes(' -o '));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) {
      const args = example.split(/\s+/).slice(1).map((arg) => (arg.startsWith('examples/') ? join(ROOT, arg) : arg));
      const result = await run(args);
      expect(result.code, example).toBe(0);
      expect(result.stdout, example).toMatch(/Score: |"score"/);
    }
  });
});

describe('eksguard scan --framework', () => {
  it('keeps only the framework\'s checks, recounts the summary and adds its compliance to JSON', async () => {
    const all = JSON.parse((await run(['scan', 'snapshot', SNAPSHOT, '--format', 'json', '--fail-on', 'none'])).stdout);
    const { code, stdout } = await run(['scan', 'snapshot', SNAPSHOT, '--format', 'json', '--fail-on', 'none', '--framework', 'pss-restricted']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(all).not.toHaveProperty('compliance');
    const named = new Set(findFramework('pss-restricted').controls.flatMap((control) => control.checks));
    expect(document.results.length).toBeGreaterThan(0);
    expect(document.results.every((result: any) => named.has(result.checkId))).toBe(true);
    expect(document.summary.checks).toBeLessThanOrEqual(named.size);
    expect(document.summary.checks).toBeLessThan(all.summary.checks);
    const byStatus: Record<string, number> = { fail: 0, error: 0, 'not-evaluated': 0 };
    for (const result of document.results) byStatus[result.status]!++;
    expect({ ...document.summary.byStatus, pass: 0 }).toEqual({ ...byStatus, pass: 0 });
    expect(document.compliance.framework).toBe('pss-restricted');
    expect(document.compliance.controls.length).toBe(findFramework('pss-restricted').controls.length);
  });

  it('agrees with `eksguard compliance` on the same input', async () => {
    const scan = JSON.parse((await run(['scan', 'snapshot', SNAPSHOT, '--format', 'json', '--fail-on', 'none', '--framework', 'cis-eks-1.8'])).stdout);
    const compliance = JSON.parse((await run(['compliance', '--framework', 'cis-eks-1.8', '--snapshot', SNAPSHOT, '--format', 'json'])).stdout);
    expect(scan.compliance).toEqual(compliance);
  });

  it('refuses an unknown framework with exit 2', async () => {
    const result = await run(['scan', 'manifests', SHOP, '--framework', 'pss-privileged']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown framework "pss-privileged"');
  });
});
