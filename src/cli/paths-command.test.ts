/**
 * `eksguard paths` and the attack paths of `eksguard scan`, over a hand-built graph: the edge
 * builders are tested on their own; here what matters is what the commands make of a graph.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as BuildGraph from '../graph/build-graph.js';
import type * as Query from '../graph/paths/query.js';
import type { InventoryView } from '../inventory/index.js';
import type { ScanResult } from '../model/index.js';
import { attackPathsValidator, errorsOf, sarifValidator, scanResultValidator } from '../report/test-support/schemas.js';
import { fixtureSnapshot, GRAPH_FIXTURE, handBuiltGraph, TEST_QUERY } from './test-support/hand-built-graph.js';
import { limitsOfQueries } from './paths-command.js';
import { run } from './test-support/run.js';

const graphFault = vi.hoisted(() => ({ message: undefined as string | undefined }));

vi.mock('../graph/build-graph.js', async (importOriginal) => ({
  ...(await importOriginal<typeof BuildGraph>()),
  buildGraph: (view: InventoryView) => {
    if (graphFault.message) throw new Error(graphFault.message);
    return handBuiltGraph(view);
  },
}));

vi.mock('../graph/paths/query.js', async (importOriginal) => {
  const original = await importOriginal<typeof Query>();
  return { ...original, builtInQueries: () => [original.parseQuery(TEST_QUERY, 'test.yaml')] };
});

/** Throws with the schema errors; a helper, so the value keeps its type for the probes after. */
function assertValid(validate: ValidateFunction, value: unknown): void {
  if (!validate(value)) throw new Error(errorsOf(validate));
}

const PATH_ID = /^test-internet-to-aws-admin:[0-9a-f]{12}$/;

function workdir(files: Record<string, string> = { 'app.yaml': GRAPH_FIXTURE }): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-paths-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

beforeEach(() => {
  graphFault.message = undefined;
});

describe('eksguard scan: attack paths', () => {
  it('lists the paths first in the table, and ties the findings that enable them', async () => {
    const result = await run(['scan', 'manifests', workdir(), '--fail-on', 'none']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'Attack paths (1)',
      '',
      '1. CRITICAL score 88  Exposed workload escapes to the node and its admin IAM role  [test-internet-to-aws-admin]',
      '   Internet —exposes→ LoadBalancer shop/Service/web',
      '   LoadBalancer shop/Service/web —routes-to→ Service shop/web',
      '   Service shop/web —selects→ Deployment shop/web',
      '   Deployment shop/web —escapes-to-node→ NodeGroup workers',
      '   NodeGroup workers —node-credentials→ IAMRole arn:aws:iam::111122223333:role/eks-node',
      '   IAMRole arn:aws:iam::111122223333:role/eks-node —has-permission→ AWSPermission admin',
      expect.stringMatching(/^ {3}2 findings on this path: (svc-lb-internet-facing, wl-privileged|wl-privileged, svc-lb-internet-facing)$/),
    ]);
    expect(result.stdout).toMatch(/CRITICAL +wl-privileged .*\n +risk \d+ · attack path #1 · container app/);
    expect(result.stdout).toContain('  Attack paths   1 (critical 1)\n');
  });

  it('writes paths, scores and path ids into JSON, SARIF and JUnit, each valid', async () => {
    const dir = workdir();
    const files = { json: join(dir, 'r.json'), sarif: join(dir, 'r.sarif'), junit: join(dir, 'r.xml') };
    const result = await run(['scan', 'manifests', join(dir, 'app.yaml'), '--fail-on', 'none', '-o', `json=${files.json}`, '-o', `sarif=${files.sarif}`, '-o', `junit=${files.junit}`]);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(files.json, 'utf8')) as ScanResult;
    assertValid(scanResultValidator(), report);
    expect(report.attackPaths).toHaveLength(1);
    const [path] = report.attackPaths!;
    expect(path!.id).toMatch(PATH_ID);
    expect(path!.steps.find((step) => step.edge === 'escapes-to-node')!.checkIds).toEqual(['wl-privileged']);
    expect(path!.steps.find((step) => step.edge === 'exposes')!.checkIds).toEqual(['svc-lb-internet-facing']);
    const privileged = report.results.find((entry) => entry.checkId === 'wl-privileged')!;
    expect(privileged.attackPathIds).toEqual([path!.id]);
    // A finding on a path never scores below the path.
    expect(privileged.riskScore).toBeGreaterThanOrEqual(path!.score);
    // A finding on no path is scored, and names no path.
    const unrelated = report.results.find((entry) => entry.status === 'fail' && entry.resource.name === 'api')!;
    expect(unrelated.riskScore).toEqual(expect.any(Number));
    expect(unrelated).not.toHaveProperty('attackPathIds');

    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
    assertValid(sarifValidator(), sarif);
    const located = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'wl-privileged');
    expect(located.rank).toBe(privileged.riskScore);
    expect(located.codeFlows[0].threadFlows[0].locations).toHaveLength(7);

    const junit = readFileSync(files.junit, 'utf8');
    expect(junit).toMatch(/<testsuite name="attack-paths" tests="1" failures="1"/);
  });

  it('leaves the graph out with --no-attack-paths, and hides the section with --paths 0', async () => {
    const dir = workdir();
    const without = await run(['scan', 'manifests', dir, '--fail-on', 'none', '--no-attack-paths', '--format', 'json']);
    const report = JSON.parse(without.stdout) as ScanResult;
    expect(report).not.toHaveProperty('attackPaths');
    expect(report.results.every((entry) => entry.riskScore === undefined)).toBe(true);
    const hidden = await run(['scan', 'manifests', dir, '--fail-on', 'none', '--paths', '0']);
    expect(hidden.stdout).not.toContain('Attack paths (');
    expect(hidden.stdout).toMatch(/risk \d+ · attack path #1/);
    expect((await run(['scan', 'manifests', dir, '--paths', 'many'])).code).toBe(2);
  });

  it('keeps every check result when the graph fails, reports why, and exits 3', async () => {
    graphFault.message = 'boom in an edge builder';
    const result = await run(['scan', 'manifests', workdir(), '--fail-on', 'none', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('attack-path analysis failed: attack paths were not searched: boom in an edge builder');
    const report = JSON.parse(result.stdout) as ScanResult;
    expect(report).not.toHaveProperty('attackPaths');
    expect(report.results.some((entry) => entry.checkId === 'wl-privileged')).toBe(true);
    expect(report.inputErrors).toEqual([{ file: 'attack-path analysis', message: 'attack paths were not searched: boom in an edge builder' }]);
    // Findings at the threshold are still reported; the analysis fault wins the exit code.
    expect((await run(['scan', 'manifests', workdir(), '--fail-on', 'critical'])).code).toBe(3);
    expect((await run(['scan', 'manifests', workdir(), '--no-attack-paths', '--fail-on', 'critical'])).code).toBe(1);
  });
});

describe('eksguard paths', () => {
  it('shows each path with the evidence of every step and the findings on it', async () => {
    const result = await run(['paths', 'manifests', workdir()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Attack paths: 1 (critical 1)');
    expect(lines).toContain('   Deployment shop/web —escapes-to-node→ NodeGroup workers  (wl-privileged)');
    expect(lines).toContain('       Deployment shop/web spec.template.spec.containers[0].securityContext.privileged: container "app" is privileged');
    expect(lines).toContain('   2 findings on this path (fixing what enables a step breaks the path):');
    expect(lines).toContain('       Service shop/web metadata.annotations: the load balancer is internet-facing');
    expect(result.stdout).toMatch(/ {5}critical risk \d+ {2}wl-privileged {2}Deployment shop\/web: Container "app" runs privileged\n/);
    expect(result.stdout).toMatch(/ {3}id test-internet-to-aws-admin:[0-9a-f]{12}\n$/);
  });

  it('writes JSON valid against its schema, reads standard input and snapshots alike', async () => {
    const result = await run(['paths', 'manifests', '-', '--format', 'json'], { stdin: GRAPH_FIXTURE });
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    assertValid(attackPathsValidator(), document);
    expect(document.attackPaths.map((path: { id: string }) => path.id)).toEqual([expect.stringMatching(PATH_ID)]);
    expect(document.findings.map((entry: { checkId: string }) => entry.checkId).sort()).toEqual(['svc-lb-internet-facing', 'wl-privileged']);
  });

  it('reads a snapshot, dated at its collection time, with the same paths as the manifests', async () => {
    const dir = workdir({ 'prod.snapshot.json': fixtureSnapshot() });
    const fromSnapshot = JSON.parse((await run(['paths', 'snapshot', join(dir, 'prod.snapshot.json'), '--format', 'json'])).stdout);
    const fromManifests = JSON.parse((await run(['paths', 'manifests', '-', '--format', 'json'], { stdin: GRAPH_FIXTURE })).stdout);
    expect(fromSnapshot.scannedAt).toBe('2026-03-02T08:00:00.000Z');
    expect(fromSnapshot.attackPaths).toEqual(fromManifests.attackPaths);
    const viaStdin = await run(['paths', 'snapshot', '-', '--format', 'json'], { stdin: fixtureSnapshot() });
    expect(JSON.parse(viaStdin.stdout).attackPaths).toEqual(fromManifests.attackPaths);
  });

  it('filters by query and score, and fails on paths at or above --fail-on', async () => {
    const dir = workdir();
    const json = async (...args: string[]): Promise<{ attackPaths: unknown[] }> =>
      JSON.parse((await run(['paths', 'manifests', dir, '--format', 'json', ...args])).stdout) as { attackPaths: unknown[] };
    expect((await json('--query', 'test-internet-to-aws-admin')).attackPaths).toHaveLength(1);
    expect((await json('--min-score', '89')).attackPaths).toEqual([]);
    expect((await json('--min-score', '88')).attackPaths).toHaveLength(1);
    expect((await json('--limit', '0')).attackPaths).toEqual([]);
    const filtered = await run(['paths', 'manifests', dir, '--min-score', '95']);
    expect(filtered.stdout).toBe('No attack path matches (--min-score 95); 1 found in all.\n');
    expect((await run(['paths', 'manifests', dir, '--fail-on', 'critical'])).code).toBe(1);
    expect((await run(['paths', 'manifests', dir, '--fail-on', 'critical', '--min-score', '95'])).code).toBe(0);
    expect((await run(['paths', 'manifests', dir])).code).toBe(0);
  });

  it('keeps only the path limits of the queries asked for', () => {
    const scan = { attackPathLimitsReached: ['lateral-to-secrets', 'internet-to-cluster-admin'] } as ScanResult;
    expect(limitsOfQueries(scan, new Set(['internet-to-cluster-admin'])).attackPathLimitsReached).toEqual(['internet-to-cluster-admin']);
    expect(limitsOfQueries(scan, new Set(['anonymous-to-privileged'])).attackPathLimitsReached).toEqual([]);
    expect(limitsOfQueries(scan, undefined)).toBe(scan);
    expect(limitsOfQueries({} as ScanResult, new Set(['x']))).toEqual({});
  });

  it('refuses unknown queries, bad numbers and severities with exit 2', async () => {
    const dir = workdir();
    const unknown = await run(['paths', 'manifests', dir, '--query', 'internet-to-moon']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown attack-path query internet-to-moon (known: test-internet-to-aws-admin)');
    for (const args of [['--min-score', '101'], ['--min-score', '-1'], ['--limit', 'x'], ['--fail-on', 'severe'], ['--format', 'dot']]) {
      expect((await run(['paths', 'manifests', dir, ...args])).code, args.join(' ')).toBe(2);
    }
  });

  it('exits 2 on input errors after printing what it found, unless told to ignore them', async () => {
    const dir = workdir({ 'app.yaml': GRAPH_FIXTURE, 'broken.yaml': 'kind: [' });
    const result = await run(['paths', 'manifests', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Attack paths: 1');
    expect(result.stdout).toContain('Input errors (1); paths through what they hold are missing:');
    expect(result.stderr).toMatch(/broken\.yaml:1: invalid YAML/);
    expect((await run(['paths', 'manifests', dir, '--ignore-input-errors'])).code).toBe(0);
  });

  it('exits 3 when the analysis fails', async () => {
    graphFault.message = 'bad graph';
    const result = await run(['paths', 'manifests', workdir()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('eksguard: attack paths were not searched: bad graph\n');
  });

  it('has help with examples for the command and each source', async () => {
    for (const args of [['paths', '--help'], ['paths', 'manifests', '--help'], ['paths', 'snapshot', '--help'], ['paths', 'cluster', '--help']]) {
      const help = await run(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toMatch(/Examples:\n {2}eksguard paths /);
    }
  });
});
