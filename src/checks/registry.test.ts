import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS, SEVERITIES } from '../model/index.js';
import { checkFolders, renderRegistry } from '../../scripts/generate-registry.js';
import { BUILT_IN_CHECKS } from './registry.js';

const CHECKS_DIR = new URL('./', import.meta.url).pathname;
const CATALOGUE = readFileSync(new URL('../../docs/catalogue.md', import.meta.url), 'utf8');
const CATALOGUE_IDS = new Set([...CATALOGUE.matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((match) => match[1]));

describe('check registry', () => {
  it('is generated from the check folders and up to date (npm run gen:registry)', () => {
    expect(readFileSync(join(CHECKS_DIR, 'registry.ts'), 'utf8')).toBe(renderRegistry());
  });

  it('is sorted by id, with unique ids', () => {
    const ids = BUILT_IN_CHECKS.map((check) => check.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const { area, id } of checkFolders()) {
    describe(id, () => {
      const check = BUILT_IN_CHECKS.find((candidate) => candidate.id === id);

      it('is registered under its folder name, in its area folder', () => {
        expect(check, `registry has no check with id ${id}`).toBeDefined();
        expect(check?.area).toBe(area);
      });

      it('is an id of the catalogue (docs/catalogue.md)', () => {
        expect(CATALOGUE_IDS.has(id), `${id} is not in the catalogue`).toBe(true);
      });

      it('has complete metadata', () => {
        expect(AREAS).toContain(check?.area);
        expect(SEVERITIES).toContain(check?.severity);
        expect(check?.title.length).toBeGreaterThan(5);
        expect(check?.description.length).toBeGreaterThan(20);
        expect(check?.remediation.length).toBeGreaterThan(10);
        expect(Object.keys(check?.messages ?? {}).length).toBeGreaterThan(0);
      });

      it('has pass and fail cases run by the check tester', () => {
        const testFile = join(CHECKS_DIR, area, id, 'check.test.ts');
        expect(existsSync(testFile), `${testFile} is missing`).toBe(true);
        const text = readFileSync(testFile, 'utf8');
        expect(text).toMatch(/describeCheck\(/);
        expect(text).toMatch(/\bpass:\s*\[/);
        expect(text).toMatch(/\bfail:\s*\[/);
        // Cluster data can be missing or denied: such checks must show they say so.
        if (check?.needs?.length) expect(text, 'checks that need cluster data test not-evaluated').toMatch(/\bnotEvaluated:\s*\[/);
      });
    });
  }
});
