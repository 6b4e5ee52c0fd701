import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CheckResult } from '../../model/index.js';
import { sampleResults, scanOf } from './sample-result.js';

/**
 * A comparison with golden files in `folder`: `UPDATE_GOLDEN=1 npx vitest run <test file>`
 * rewrites them; review the diff before keeping it.
 */
export function goldenIn(folder: URL): (name: string, actual: string) => void {
  return (name, actual) => {
    const path = fileURLToPath(new URL(name, folder));
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    if (!existsSync(path)) throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1 and review it`);
    expect(actual).toBe(readFileSync(path, 'utf8'));
  };
}

/** Compares a report with its golden file in test-support/golden/. */
export const expectGolden = goldenIn(new URL('./golden/', import.meta.url));

/** Text a cluster could hold: markup, table and CSV syntax, a spreadsheet formula, line breaks, unicode. */
export const HOSTILE = {
  name: '<script>alert(1)</script>',
  namespace: 'a|b',
  container: '=cmd|\' /C calc\'!A0',
  message: 'line one\r\nline "two", with `code` and [link](https://evil.example) @acme/security-team\u202Eevil ☃ 🚀 -1+1',
  path: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  file: '+deploy/evil,\n.yaml',
} as const;

/** A scan of one hostile failure on top of the sample's failures. */
export function hostileScan(): ReturnType<typeof scanOf> {
  const [first] = sampleResults();
  if (!first) throw new Error('empty sample');
  const hostile: CheckResult = {
    ...first,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: HOSTILE.namespace, name: HOSTILE.name },
    container: HOSTILE.container,
    path: HOSTILE.path,
    location: { file: HOSTILE.file, line: 3 },
    message: HOSTILE.message,
    remediation: '-Set privileged: false',
    fingerprint: 'ffffffffffffffffffffffffffffffff',
    riskScore: 99,
  };
  return scanOf([hostile]);
}
