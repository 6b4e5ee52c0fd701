import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AUDIT_LINES, MANIFESTS } from '../respond/netpol/test-support/fixture.js';
import { run } from './test-support/run.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'eksguard-netpol-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('eksguard netpol generate', () => {
  it('prints commented NetworkPolicy YAML for manifests on stdout, counts on stderr', async () => {
    const { code, stdout, stderr } = await run(['netpol', 'generate', join(ROOT, 'examples/shop')]);
    expect(code).toBe(0);
    const documents = parseAllDocuments(stdout).map((document) => document.toJS() as { kind: string; metadata: { name: string; namespace: string } });
    expect(documents.every((document) => document.kind === 'NetworkPolicy')).toBe(true);
    expect(documents.map((document) => `${document.metadata.namespace}/${document.metadata.name}`)).toContain('shop-backend/eksguard-allow-orders-api');
    expect(stdout).toContain('# Namespace shop-backend already has NetworkPolicies (default-deny, orders-api)');
    expect(stderr).toMatch(/^eksguard: 13 NetworkPolicies for 5 namespaces; 2 declared flows, 3 exposures\n$/);
  });

  it('reads an audit log, simulates, and prints the JSON report while the policies go to a file', async () => {
    writeFileSync(join(scratch, 'app.yaml'), MANIFESTS);
    writeFileSync(join(scratch, 'audit.jsonl'), `${AUDIT_LINES}\nnot json\n`);
    const out = join(scratch, 'netpols.yaml');
    const { code, stdout, stderr } = await run(['netpol', 'generate', join(scratch, 'app.yaml'), '--audit', join(scratch, 'audit.jsonl'), '--report', 'json', '-o', out]);
    expect(code).toBe(0);
    expect(stderr).toContain(`eksguard: audit: ${join(scratch, 'audit.jsonl')}:3:`);
    expect(stderr).toContain('declared flows kept: 2/2');
    const report = JSON.parse(stdout) as { declared: Array<{ kept: boolean }>; api: { allowed: string[] } };
    expect(report.declared.every((check) => check.kept)).toBe(true);
    expect(report.api.allowed).toEqual(['Deployment app/operator']);
    expect(readFileSync(out, 'utf8')).toContain('name: eksguard-allow-operator');
  });

  it('limits to the namespaces asked for', async () => {
    const { stdout } = await run(['netpol', 'generate', join(ROOT, 'examples/shop'), '-n', 'shop-data']);
    expect([...stdout.matchAll(/^ {2}namespace: (\S+)$/gm)].map((match) => match[1])).toEqual(['shop-data', 'shop-data', 'shop-data']);
  });

  it('refuses usage errors with exit 2', async () => {
    expect((await run(['netpol', 'generate'])).code).toBe(2);
    expect((await run(['netpol', 'generate', join(ROOT, 'examples/shop'), '--report', 'table'])).stderr).toContain('--output');
    const unknown = await run(['netpol', 'generate', join(ROOT, 'examples/shop'), '--allow-internet-egress', 'shop-data/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('shop-data/nope');
    expect((await run(['netpol', 'generate', join(ROOT, 'examples/shop'), '--api-server-cidr', 'nope'])).code).toBe(2);
    const badNamespace = await run(['netpol', 'generate', join(ROOT, 'examples/shop'), '-n', 'Shop Data']);
    expect(badNamespace.code).toBe(2);
    expect(badNamespace.stderr).toContain('--namespace Shop Data');
    const twice = await run(['netpol', 'generate', '-', '--audit', '-'], { stdin: MANIFESTS });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('standard input');
  });

  it('reads --audit relative to where eksguard runs, and names a missing audit file', async () => {
    writeFileSync(join(scratch, 'app.yaml'), MANIFESTS);
    writeFileSync(join(scratch, 'audit.jsonl'), `${AUDIT_LINES}\n`);
    const found = await run(['netpol', 'generate', join(scratch, 'app.yaml'), '--audit', 'audit.jsonl'], { cwd: scratch });
    expect(found.code).toBe(0);
    expect(found.stderr).toMatch(/, [1-9]\d* audit requests\n/);
    const missing = await run(['netpol', 'generate', join(scratch, 'app.yaml'), '--audit', 'missing.jsonl'], { cwd: scratch });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('eksguard: no such file or directory: missing.jsonl\n');
  });

  it('says so when --audit holds no Kubernetes audit event (CloudTrail given by mistake)', async () => {
    const { code, stderr } = await run(['netpol', 'generate', join(ROOT, 'examples/shop'), '--audit', join(ROOT, 'examples/cloudtrail/AWSLogs')]);
    expect(code).toBe(0);
    expect(stderr).toContain('eksguard: audit: no Kubernetes audit events in');
  });

  it('has --help with examples', async () => {
    const { code, stdout } = await run(['netpol', 'generate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('eksguard netpol generate examples/shop');
  });
});
