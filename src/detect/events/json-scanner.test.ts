import { describe, expect, it } from 'vitest';
import { JsonValueScanner, type ScannedValue, type ScanProblem } from './json-scanner.js';

function scan(text: string, chunk = text.length || 1, maxBytes = 1 << 20) {
  const values: Array<Omit<ScannedValue, 'text'> & { text?: string }> = [];
  const problems: Array<Omit<ScanProblem, 'partial'> & { partial?: string }> = [];
  const scanner = new JsonValueScanner(maxBytes, {
    value: (v) => values.push({ ...v, text: v.text?.toString() }),
    problem: (p) => problems.push({ ...p, partial: p.partial?.toString() }),
  });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
  scanner.end();
  return { values, problems };
}

const texts = (r: ReturnType<typeof scan>) => r.values.map((v) => v.text?.trim()); // scalars keep trailing blanks

describe('JsonValueScanner', () => {
  const tricky = '{"a":"x}]\\"{[","b":[1,{"c":"\\\\"}]}';

  it('splits JSON lines, whatever the chunk size', () => {
    const text = `${tricky}\n{"d":2}\r\n\n{"e":[]}\n`;
    for (const chunk of [1, 2, 3, 7, 1000]) {
      const r = scan(text, chunk);
      expect(texts(r)).toEqual([tricky, '{"d":2}', '{"e":[]}']);
      expect(r.values.map((v) => v.line)).toEqual([1, 2, 4]);
      expect(r.problems).toEqual([]);
    }
  });

  it('splits a pretty-printed top-level array into elements with their lines', () => {
    const text = '[\n  {\n    "a": 1\n  },\n  {"b": "]"},\n  "s", 3\n]\n';
    const r = scan(text, 2);
    expect(texts(r)).toEqual(['{\n    "a": 1\n  }', '{"b": "]"}', '"s"', '3']);
    expect(r.values.map((v) => [v.line, v.container, v.index])).toEqual([
      [2, '', 0],
      [5, '', 1],
      [6, '', 2],
      [6, '', 3],
    ]);
  });

  it('streams the Records / items / logEvents / events arrays of an envelope', () => {
    const text = '{"Records":[{"eventName":"A"},{"eventName":"B"}]}';
    expect(texts(scan(text, 5))).toEqual(['{"eventName":"A"}', '{"eventName":"B"}']);
    const list = '{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[{"auditID":"1"},{"auditID":"2"}]}';
    const r = scan(list, 4);
    expect(texts(r)).toEqual(['{"auditID":"1"}', '{"auditID":"2"}']);
    expect(r.values[1]).toMatchObject({ container: 'items', index: 1 });
    const sub = '{"messageType":"DATA_MESSAGE","subscriptionFilters":["f"],"logEvents":[{"id":"1","message":"{}"}]}';
    expect(texts(scan(sub))).toEqual(['{"id":"1","message":"{}"}']);
  });

  it('does not stream an "items" key nested below the top level', () => {
    const text = '{"auditID":"1","requestObject":{"items":[{"a":1}]}}';
    expect(texts(scan(text))).toEqual([text]);
  });

  it('hands over a whole JSON line unscanned when it lies in one chunk', () => {
    const r = scan('{"a":1}\n{"b":"unterminated\n  {"c":3} \n');
    expect(texts(r)).toEqual(['{"a":1}', '{"b":"unterminated', '{"c":3}']);
    expect(r.values.map((v) => v.line)).toEqual([1, 2, 3]);
  });

  it('keeps a broken JSON line to itself when scanning', () => {
    const r = scan('{"a":1}\n{"b":"unterminated\n{"c":3}\n{"d":{"e":1}\n{"f":4}\n', 1);
    expect(texts(r)).toEqual(['{"a":1}', '{"c":3}', '{"f":4}']);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'line ends inside a JSON value'],
      [4, 'line ends inside a JSON value'],
    ]);
    expect(r.problems[0]!.partial).toBe('{"b":"unterminated');
  });

  it('treats a broken first line as a JSON line when it has content after the brace', () => {
    const r = scan('{"kind":"Event","auditID":"x[Truncated...]\n{"c":3}\n', 5);
    expect(texts(r)).toEqual(['{"c":3}']);
    expect(r.problems[0]).toMatchObject({ line: 1, partial: '{"kind":"Event","auditID":"x[Truncated...]' });
  });

  it('reports text that is not JSON, line by line, and goes on', () => {
    const r = scan('hello world\n{"a":1}\n]\n', 3);
    expect(texts(r)).toEqual(['{"a":1}']);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'not JSON: "hello world"'],
      [3, 'not JSON: "]"'],
    ]);
  });

  it('reports input that ends inside a value', () => {
    const r = scan('[\n{"a":1},\n{"b":');
    expect(texts(r)).toEqual(['{"a":1}']);
    expect(r.problems).toEqual([{ line: 3, container: '', index: 1, message: 'input ends inside a JSON value', partial: '{"b":' }]);
  });

  it('measures values over the limit without keeping them', () => {
    const big = `{"a":"${'x'.repeat(100)}"}`;
    const r = scan(`{"s":1}\n${big}\n{"t":2}\n`, 1000, 50);
    expect(r.values.map((v) => [v.line, v.text, v.bytes])).toEqual([
      [1, '{"s":1}', 7],
      [2, undefined, big.length],
      [3, '{"t":2}', 7],
    ]);
  });

  it('tolerates commas between top-level values', () => {
    expect(texts(scan('{"a":1},\n{"b":2}\n'))).toEqual(['{"a":1}', '{"b":2}']);
  });
});
