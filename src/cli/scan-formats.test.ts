import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asffValidator, errorsOf } from '../report/test-support/schemas.js';
import { run } from './test-support/run.js';

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: "=cmd|' /C calc'!A0", namespace: tools }
spec:
  containers:
    - name: shell
      image: public.ecr.aws/docker/library/busybox@sha256:${'a'.repeat(64)}
      securityContext: { privileged: true }
`;

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-formats-'));
  writeFileSync(join(dir, 'pod.yaml'), PRIVILEGED);
  return dir;
}

describe('eksguard scan: csv, asff and markdown', () => {
  it('writes csv, markdown and asff files in one scan', async () => {
    const dir = workdir();
    const csv = join(dir, 'out', 'findings.csv');
    const md = join(dir, 'out', 'summary.md');
    const asff = join(dir, 'out', 'asff.json');
    const result = await run([
      'scan', 'manifests', join(dir, 'pod.yaml'), '--fail-on', 'none', '--checks', 'wl-privileged',
      '-o', `csv=${csv}`, '-o', `markdown=${md}`, '-o', `asff=${asff}`, '--aws-account', '111122223333', '--aws-region', 'eu-west-1',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const csvText = readFileSync(csv, 'utf8');
    expect(csvText.startsWith('severity,riskScore,checkId,')).toBe(true);
    expect(csvText).toContain(",'=cmd|' /C calc'!A0,");
    expect(csvText.split('\r\n')).toHaveLength(3);
    expect(readFileSync(md, 'utf8')).toContain('| critical |');
    const findings = JSON.parse(readFileSync(asff, 'utf8')) as unknown[];
    const validate = asffValidator();
    expect(validate(findings), errorsOf(validate)).toBe(true);
    expect(findings).toHaveLength(1);
  });

  it('prints a format chosen with --format', async () => {
    const dir = workdir();
    const result = await run(['scan', 'manifests', dir, '--fail-on', 'none', '--checks', 'wl-privileged', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('<!-- eksguard-summary -->\n## eksguard scan')).toBe(true);
  });

  it('refuses asff for manifests without an account and region, and a malformed account', async () => {
    const dir = workdir();
    const missing = await run(['scan', 'manifests', dir, '--format', 'asff']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/asff output: the AWS account is unknown \(pass --aws-account/);
    const malformed = await run(['scan', 'manifests', dir, '--format', 'asff', '--aws-account', '12', '--aws-region', 'eu-west-1']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/not 12 digits/);
  });

  it('names the new formats in the usage error for an unknown one', async () => {
    const result = await run(['scan', 'manifests', workdir(), '-o', 'xlsx=out.xlsx']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/csv, asff, markdown/);
  });
});
