import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, neutralizeFormula, renderCsv } from './csv.js';
import { expectGolden, HOSTILE, hostileScan } from './test-support/golden.js';
import { defaultOptions, emptyScan, sampleCatalogue, sampleResult, sampleWithPaths } from './test-support/sample-result.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; throws on anything else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] === '"') {
          field += '"';
          at += 1;
        } else break;
      }
    } else {
      const end = text.slice(at).search(/[,\r\n"]/);
      field = end < 0 ? text.slice(at) : text.slice(at, at + end);
      at += field.length;
      if (text[at] === '"') throw new Error(`quote inside unquoted field at ${at}`);
    }
    row.push(field);
    if (text[at] === ',') {
      at += 1;
    } else if (text.startsWith('\r\n', at)) {
      rows.push(row);
      row = [];
      at += 2;
    } else {
      throw new Error(`expected , or CRLF at ${at}`);
    }
  }
  if (row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

function records(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CSV_COLUMNS]);
  for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  return rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, row[index] ?? ''])));
}

describe('renderCsv', () => {
  it('matches the golden file for the sample scan with attack paths', () => {
    expectGolden('sample.csv', renderCsv(sampleWithPaths(), sampleCatalogue, defaultOptions));
  });

  it('has one row per result shown, like the JSON report', () => {
    const rows = records(renderCsv(sampleResult(), sampleCatalogue, defaultOptions));
    expect(rows).toHaveLength(9);
    expect(rows.some((row) => row.status === 'pass')).toBe(false);
    const withPasses = records(renderCsv(sampleResult(), sampleCatalogue, { ...defaultOptions, includePassed: true }));
    expect(withPasses).toHaveLength(11);
  });

  it('fills every column of a finding', () => {
    const [privileged] = records(renderCsv(sampleWithPaths(), sampleCatalogue, defaultOptions));
    expect(privileged).toEqual({
      severity: 'critical',
      riskScore: '88',
      checkId: 'wl-privileged',
      title: 'Privileged container',
      status: 'fail',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      container: 'app',
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      file: './deploy/web.yaml',
      line: '31',
      message: 'Container "app" runs privileged',
      remediation: 'Remove `securityContext.privileged: true`; grant the few capabilities the container needs instead.',
      frameworks: 'cis-eks-1.8:4.2.1;pss:baseline',
      waived: '',
      fingerprint: '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70',
    });
    const waived = records(renderCsv(sampleResult(), sampleCatalogue, defaultOptions)).find((row) => row.name === 'aws-node');
    expect(waived?.waived).toBe('EKS platform component: the VPC CNI init container configures the node network');
  });

  it('is only a header for an empty scan', () => {
    expect(renderCsv(emptyScan(), [], defaultOptions)).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('quotes, keeps line breaks and neutralises formulas in hostile values', () => {
    const text = renderCsv(hostileScan(), sampleCatalogue, defaultOptions);
    expectGolden('hostile.csv', text);
    const [row] = records(text);
    expect(row).toMatchObject({
      name: HOSTILE.name,
      namespace: HOSTILE.namespace,
      container: `'${HOSTILE.container}`,
      path: `'${HOSTILE.path}`,
      file: `'${HOSTILE.file}`,
      message: HOSTILE.message,
      remediation: "'-Set privileged: false",
      riskScore: '99',
    });
    // No record starts a formula, whatever the cell.
    for (const cell of parseCsv(text).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('quotes per RFC 4180 and neutralises each formula trigger', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    for (const trigger of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeFormula(`${trigger}1+1`)).toBe(`'${trigger}1+1`);
    expect(neutralizeFormula('a=1')).toBe('a=1');
  });
});
