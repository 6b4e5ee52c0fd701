import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult, ScanResult } from '../../model/index.js';
import { SAMPLE_PATHS, defaultOptions, sampleCatalogue, sampleResult, scanOf } from '../test-support/sample-result.js';
import { FIELD, type FindingsData } from './findings-data.js';
import { renderHtml } from './render-html.js';
import { manyFindings, sampleCompliance } from './test-support/many-findings.js';

/** A value no field may carry into markup: it closes a script, opens a tag and breaks out of quotes. */
const hostile = (field: string): string => `</script><x-${field} a="1" b='2' onerror=alert(1)>&amp;\u2028`;
const escapedTag = (field: string): string => `&lt;x-${field} a=&quot;1&quot; b=&#39;2&#39; onerror=alert(1)&gt;&amp;amp;`;

function dataOf(html: string): FindingsData {
  const match = /<script type="application\/json" id="eg-data">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('no data block');
  return JSON.parse(match[1]!) as FindingsData;
}

function hostileScan(): ScanResult {
  const entry: CheckResult = {
    checkId: hostile('checkid'),
    title: hostile('title'),
    severity: 'high',
    area: 'workload',
    status: 'fail',
    resource: { kind: hostile('kind'), namespace: hostile('namespace'), name: hostile('name') },
    container: hostile('container'),
    path: hostile('path'),
    location: { file: hostile('file'), line: 3, helmSource: hostile('helm') },
    message: hostile('message'),
    remediation: hostile('remediation'),
    refs: {},
    fingerprint: 'f1',
    fix: { kind: 'patch', description: hostile('fixdescription'), operations: [{ op: 'add', path: '/x', value: hostile('fixvalue') }] },
    waived: { reason: hostile('waiver'), source: hostile('source') },
    attackPathIds: [hostile('pathid')],
  };
  const scan = scanOf([entry, { ...entry, fingerprint: 'f2', waived: undefined, remediation: hostile('ownremediation') }], [
    { file: hostile('inputfile'), line: 1, message: hostile('inputmessage') },
  ], [{ checkId: hostile('expiredcheck'), reason: hostile('expiredreason'), expires: '2025-01-01', source: hostile('expiredsource') }]);
  scan.tool.version = hostile('version');
  scan.attackPaths = [
    {
      id: 'p1',
      query: hostile('query'),
      title: hostile('pathtitle'),
      severity: 'critical',
      score: 90,
      steps: [
        {
          from: { kind: hostile('fromkind'), name: hostile('fromname') },
          edge: hostile('edge'),
          to: { kind: 'Secret', namespace: hostile('tonamespace'), name: hostile('toname') },
          evidence: [{ resource: { kind: 'Role', name: hostile('evidencename') }, path: hostile('evidencepath'), detail: hostile('detail') }],
          checkIds: [hostile('stepcheck')],
        },
      ],
    },
  ];
  scan.compliance = [
    {
      framework: 'f',
      title: hostile('frameworktitle'),
      version: hostile('frameworkversion'),
      score: 50,
      counts: { pass: 1, fail: 1, manual: 0, 'not-evaluated': 0 },
      controls: [{ id: hostile('controlid'), title: hostile('controltitle'), status: 'fail', checkIds: [hostile('controlcheck')], failures: 1, passes: 0, reason: hostile('reason') }],
    },
  ];
  return scan;
}

describe('renderHtml', () => {
  afterEach(() => vi.useRealTimers());

  it('is one document with the summary, charts, compliance, paths, findings and checks', () => {
    const scan = sampleResult();
    scan.attackPaths = [...SAMPLE_PATHS];
    scan.compliance = sampleCompliance();
    const html = renderHtml(scan, sampleCatalogue, defaultOptions);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    for (const id of ['summary', 'compliance', 'paths', 'findings', 'checks']) expect(html).toContain(`<section id="${id}">`);
    expect(html.match(/<svg viewBox/g)).toHaveLength(2);
    expect(html).toContain('CIS Amazon EKS Benchmark <small>1.8.0</small>');
    expect(html).toContain('<strong>62.5%</strong>');
    expect(html).toContain('Internet-exposed workload reaches AWS administrator access');
    expect(html).not.toMatch(/<link|<img|src=|https?:\/\/[^"<]*\.(js|css)/);

    const data = dataOf(html);
    // Passes are left out unless asked for, as in every format.
    expect(data.findings).toHaveLength(scan.results.filter((entry) => entry.status !== 'pass').length);
    const first = data.findings.find((row) => data.strings[row[FIELD.message]!] === 'Container "app" runs privileged')!;
    expect(data.checks[first[FIELD.check]!]![0]).toBe('wl-privileged');
    expect(data.strings[first[FIELD.location]!]).toBe('./deploy/web.yaml:31');
    expect(data.checks[first[FIELD.check]!]![2]).toContain('securityContext.privileged');
    const waived = data.findings.find((row) => (row[FIELD.waiver] ?? -1) >= 0)!;
    expect(data.statuses[waived[FIELD.status]!]).toBe('waived');
    expect(renderHtml(scan, sampleCatalogue, { ...defaultOptions, includePassed: true })).toContain('Privileged container: passed');
  });

  it('shows only the framework chosen with --framework', () => {
    const scan = sampleResult();
    scan.compliance = sampleCompliance();
    const html = renderHtml(scan, sampleCatalogue, { ...defaultOptions, framework: 'pss-restricted' });
    expect(html).toContain('Pod Security Standards (restricted)');
    expect(html).toContain('no decided controls');
    expect(html).not.toContain('CIS Amazon EKS Benchmark');
    expect(renderHtml(sampleResult(), sampleCatalogue, defaultOptions)).not.toContain('<section id="compliance">');
  });

  it('escapes every field of the scan, in markup and in the data block', () => {
    const html = renderHtml(hostileScan(), [], { ...defaultOptions, includePassed: true });
    expect(html).not.toMatch(/<x-/);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    // Every tag in the file is the report's own: once quoted values (where data may sit, its quotes
    // escaped) are set aside, no tag has a handler or a style attribute.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+=|\sstyle=/i);

    const inMarkup = ['version', 'inputfile', 'inputmessage', 'expiredcheck', 'expiredreason', 'expiredsource', 'query', 'pathtitle',
      'fromkind', 'fromname', 'edge', 'tonamespace', 'toname', 'evidencename', 'evidencepath', 'detail', 'stepcheck',
      'frameworktitle', 'frameworkversion', 'controlid', 'controltitle', 'controlcheck', 'reason', 'checkid', 'title',
      'remediation', 'namespace'];
    for (const field of inMarkup) expect(html, field).toContain(escapedTag(field));

    const data = dataOf(html);
    const inData = ['kind', 'name', 'namespace', 'container', 'path', 'file', 'helm', 'message', 'fixdescription', 'fixvalue',
      'waiver', 'source', 'pathid', 'ownremediation'];
    const strings = data.strings.join('\n');
    for (const field of inData) expect(strings, field).toContain(`<x-${field} a=`);
    expect(data.checks[0]).toEqual([hostile('checkid'), 'workload', hostile('remediation')]);
  });

  it('shows bidirectional overrides by code point', () => {
    const scan = sampleResult();
    scan.results[0]!.message = 'name \u202Egnp.exe \u200F\u061C';
    scan.results[0]!.resource.name = 'web\u2066x';
    const html = renderHtml(scan, sampleCatalogue, defaultOptions);
    expect(html).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(dataOf(html).strings).toContain('name U+202Egnp.exe U+200FU+61C');
  });

  it('allows exactly its own style and script blocks by hash, and nothing else', () => {
    const html = renderHtml(sampleResult(), sampleCatalogue, defaultOptions);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toBe(
      `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    expect(csp).not.toMatch(/unsafe/);
    expect(html.match(/<style/g)).toHaveLength(1);
  });

  it('gives the same bytes for the same scan, whenever it runs', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const first = renderHtml(sampleResult(), sampleCatalogue, defaultOptions);
    vi.setSystemTime(new Date('2031-06-01T12:00:00Z'));
    const shuffled = sampleResult();
    shuffled.results.reverse();
    expect(renderHtml(shuffled, sampleCatalogue, defaultOptions)).toBe(first);
    expect(first).not.toContain('2030');
  });

  it('keeps 20,000 findings under 10 MB', () => {
    const html = renderHtml(manyFindings(20_000), sampleCatalogue, defaultOptions);
    const size = Buffer.byteLength(html);
    expect(size).toBeLessThan(10 * 1024 * 1024);
    expect(dataOf(html).findings).toHaveLength(20_000);
    // Remediation is written per check, not per finding.
    expect(html.split(sampleCatalogue[0]!.remediation).length - 1).toBeLessThanOrEqual(3);
  });

  it('says so when there is nothing to list', () => {
    const html = renderHtml(scanOf([]), sampleCatalogue, defaultOptions);
    expect(html).toContain('<p>No findings.</p>');
    expect(html).not.toContain('id="filters"');
  });
});
