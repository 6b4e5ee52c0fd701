/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   parsed reports are probed by shape after the schema has validated them */
import { describe, expect, it } from 'vitest';
import { renderPaths } from './paths-report.js';
import { attackPathsValidator, errorsOf } from './test-support/schemas.js';
import { sampleResult, sampleWithPaths } from './test-support/sample-result.js';

const validate = attackPathsValidator();
const plain = { color: false };

function json(scan = sampleWithPaths(), paths = scan.attackPaths ?? []): any {
  const document = JSON.parse(renderPaths('json', scan, paths, plain));
  if (!validate(document)) throw new Error(errorsOf(validate));
  return document;
}

describe('renderPaths table', () => {
  it('shows every step with its evidence and enabling checks, then the findings to fix', () => {
    const text = renderPaths('table', sampleWithPaths(), sampleWithPaths().attackPaths!, plain);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Attack paths: 2 (critical 1 · high 1)');
    expect(lines.slice(2, 18)).toEqual([
      '1. CRITICAL score 88  Internet-exposed workload reaches AWS administrator access  [internet-to-aws-admin]',
      '   Internet —exposes→ LoadBalancer shop/Service/web',
      '       Service shop/web spec.type: internet-facing load balancer',
      '   LoadBalancer shop/Service/web —routes-to→ Service shop/web',
      '   Service shop/web —selects→ Deployment shop/web',
      '       Service shop/web spec.selector: selects app=web',
      '   Deployment shop/web —escapes-to-node→ NodeGroup workers  (wl-privileged)',
      '       Deployment shop/web spec.template.spec.containers[0].securityContext.privileged: container "app" is privileged',
      '   NodeGroup workers —node-credentials→ IAMRole arn:aws:iam::111122223333:role/eks-node',
      '       NodeGroup workers: root on the node reads the instance profile credentials',
      '   IAMRole arn:aws:iam::111122223333:role/eks-node —has-permission→ AWSPermission admin',
      '       IAMRole arn:aws:iam::111122223333:role/eks-node: AdministratorAccess is attached',
      '   1 finding on this path (fixing what enables a step breaks the path):',
      '     critical risk 88  wl-privileged  Deployment shop/web: Container "app" runs privileged',
      '   id internet-to-aws-admin:3f1c2a9b8d7e',
      '',
    ]);
    expect(text).toContain('2. HIGH score 85  Compromised pod reaches a workload holding secrets');
  });

  it('keeps each path’s rank in the whole list when filtered, and says how it was filtered', () => {
    const scan = sampleWithPaths();
    const text = renderPaths('table', scan, [scan.attackPaths![1]!], { color: false, filter: '--query lateral-to-secrets' });
    expect(text.split('\n')[0]).toBe('Attack paths: 1 of 2 (high 1) (--query lateral-to-secrets)');
    expect(text).toContain('\n2. HIGH score 85');
    expect(text).not.toContain('1. CRITICAL');
  });

  it('says when there is no path, or none passes the filter', () => {
    const none = sampleResult();
    none.attackPaths = [];
    expect(renderPaths('table', none, [], plain)).toMatch(/^No attack paths found\.\n/);
    const filtered = renderPaths('table', sampleWithPaths(), [], { color: false, filter: '--min-score 95' });
    expect(filtered).toMatch(/^No attack path matches \(--min-score 95\); 2 found in all\.\n/);
  });

  it('warns that unreadable input may hide paths', () => {
    const text = renderPaths('table', sampleWithPaths(), [], plain);
    expect(text).toContain('Input errors (2); paths through what they hold are missing:\n  deploy/broken.yaml:7  bad indentation of a mapping entry');
  });

  it('says how many paths went through waived findings and which queries hit their limit', () => {
    const scan = sampleWithPaths();
    scan.attackPathsWaived = 3;
    scan.attackPathLimitsReached = ['lateral-to-secrets'];
    const text = renderPaths('table', scan, scan.attackPaths!, plain);
    expect(text).toContain('\n3 more attack paths go through waived findings and are not listed.\n');
    expect(text).toContain('\nQuery lateral-to-secrets stopped at its path limit: more such paths may exist.\n');
    // Filters narrow the paths, not the waived count: say what it counts.
    scan.attackPathsWaived = 1;
    const filtered = renderPaths('table', scan, [scan.attackPaths![1]!], { color: false, filter: '--query lateral-to-secrets' });
    expect(filtered).toContain('\n1 more attack path goes, counted over all queries, through waived findings and is not listed.\n');
    const none = sampleResult();
    none.attackPaths = [];
    none.attackPathsWaived = 2;
    expect(renderPaths('table', none, [], plain)).toMatch(/^No attack paths found\.\n\n2 more attack paths go through waived findings and are not listed\.\n/);
    expect(renderPaths('table', sampleWithPaths(), sampleWithPaths().attackPaths!, plain)).not.toMatch(/waived findings|path limit/);
  });

  it('refers to no path it does not list', () => {
    const scan = sampleWithPaths();
    const [first, second] = scan.attackPaths!;
    scan.results.find((entry) => entry.checkId === 'wl-privileged')!.attackPathIds = [first!.id, second!.id];
    const text = renderPaths('table', scan, [first!], { color: false, filter: '--limit 1' });
    expect(text).toContain(first!.id);
    expect(text).not.toContain(second!.id);
    expect(text).not.toMatch(/#2\b|\n2\. /);
  });

  it('shows control characters in names and evidence visibly', () => {
    const scan = sampleWithPaths();
    scan.attackPaths![0]!.steps[3]!.evidence[0]!.detail = 'bad\u001b[31m\r\nthing';
    const text = renderPaths('table', scan, scan.attackPaths!, plain);
    // eslint-disable-next-line no-control-regex -- asserting no control character but the line breaks
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('bad\\x1B[31m\\x0D\\x0Athing');
  });
});

describe('renderPaths json', () => {
  it('validates against its schema and lists the findings on the paths, riskiest first', () => {
    const document = json();
    expect(Object.keys(document)).toEqual([
      'schemaVersion',
      'tool',
      'scannedAt',
      'attackPaths',
      'attackPathLimitsReached',
      'attackPathsWaived',
      'findings',
      'inputErrors',
    ]);
    expect(document.attackPathLimitsReached).toEqual([]);
    expect(document.attackPathsWaived).toBe(0);
    expect(document.attackPaths.map((path: any) => path.id)).toEqual(['internet-to-aws-admin:3f1c2a9b8d7e', 'lateral-to-secrets:9a8b7c6d5e4f']);
    expect(document.findings.map((entry: any) => [entry.checkId, entry.riskScore])).toEqual([
      ['netpol-namespace-none', 90],
      ['wl-privileged', 88],
    ]);
  });

  it('lists only the findings on the paths shown', () => {
    const scan = sampleWithPaths();
    const document = json(scan, [scan.attackPaths![0]!]);
    expect(document.findings.map((entry: any) => entry.checkId)).toEqual(['wl-privileged']);
    expect(json(scan, []).findings).toEqual([]);
  });

  it('names, on each finding, only the paths listed (--limit 1 once left dangling ids)', () => {
    const scan = sampleWithPaths();
    const [first, second] = scan.attackPaths!;
    scan.results.find((entry) => entry.checkId === 'wl-privileged')!.attackPathIds = [first!.id, second!.id];
    const onlyFirst = json(scan, [first!]);
    const listed = new Set(onlyFirst.attackPaths.map((path: any) => path.id));
    for (const entry of onlyFirst.findings) for (const id of entry.attackPathIds) expect(listed).toContain(id);
    expect(onlyFirst.findings.find((entry: any) => entry.checkId === 'wl-privileged').attackPathIds).toEqual([first!.id]);
    expect(json(scan).findings.find((entry: any) => entry.checkId === 'wl-privileged').attackPathIds).toEqual([first!.id, second!.id]);
  });

  it('carries the paths left out for waived findings and the queries that hit their limit', () => {
    const scan = sampleWithPaths();
    scan.attackPathsWaived = 4;
    scan.attackPathLimitsReached = ['internet-to-aws-admin'];
    const document = json(scan);
    expect(document.attackPathsWaived).toBe(4);
    expect(document.attackPathLimitsReached).toEqual(['internet-to-aws-admin']);
    document.attackPathsWaived = -1;
    expect(validate(document)).toBe(false);
  });

  it('is refused by its schema when broken', () => {
    const document = json();
    document.attackPaths[0].severity = 'severe';
    expect(validate(document)).toBe(false);
  });
});
