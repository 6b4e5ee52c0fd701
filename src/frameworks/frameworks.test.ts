import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILT_IN_CHECKS } from '../checks/registry.js';
import { PSS_CONTROLS } from '../checks/pod-security/pss-catalogue.js';
import { parseSelector, selectorText, type CheckSelector } from './selector.js';

/**
 * Keeps the framework files honest (Prowler's lesson: framework files that name checks that do
 * not exist): `checks` name built checks only (and, in a selector, message ids those checks
 * have), `planned` names catalogue ids still to build, control ids are unique, and every control
 * has checks, a plan, or says why it is manual.
 */

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
// The design catalogue sits beside the repository (also in CI); a checkout without it falls back
// to the copy in docs/, and an environment variable points anywhere else.
const designCatalogue = resolve(repoRoot, '../shared/design/CHECKS.md');
const cataloguePath =
  process.env.EKSGUARD_CHECK_CATALOGUE ??
  (existsSync(designCatalogue) ? designCatalogue : resolve(repoRoot, 'docs/catalogue.md'));

interface Control {
  id: unknown;
  title: unknown;
  checks: unknown;
  planned?: unknown;
  manual?: unknown;
}

interface Framework {
  id: unknown;
  title: unknown;
  version: unknown;
  url: unknown;
  controls: Control[];
}

interface CatalogueRow {
  id: string;
  cis: string;
}

/** Rows of the catalogue's tables: first column the check id, fourth the CIS reference. */
function readCatalogue(): CatalogueRow[] {
  const rows: CatalogueRow[] = [];
  for (const line of readFileSync(cataloguePath, 'utf8').split('\n')) {
    if (!line.startsWith('|')) continue;
    // Cells may contain escaped pipes (`\|`) inside code spans.
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    const id = cells[0] ?? '';
    if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(id)) continue;
    rows.push({ id, cis: cells[3] ?? '' });
  }
  return rows;
}

/** CIS EKS v1.8.0 ids a catalogue cell names; cells naming another version do not count. */
function cisIds(cell: string): string[] {
  if (/\bv1\.\d/.test(cell)) return [];
  const ids: string[] = [];
  for (const match of cell.matchAll(/(\d+)\.(\d+)\.(\d+)(?:\s*[–-]\s*\1\.\2\.(\d+))?/g)) {
    const [, a, b, from, to] = match;
    for (let n = Number(from); n <= Number(to ?? from); n++) ids.push(`${a}.${b}.${n}`);
  }
  return ids;
}

const frameworkFiles = readdirSync(here).filter((name) => name.endsWith('.yaml')).sort();

function load(name: string): Framework {
  return parse(readFileSync(join(here, name), 'utf8')) as Framework;
}

/** A control's `checks` entries as selectors; an entry that is not one fails the test. */
function selectorsOf(control: Control): CheckSelector[] {
  return (control.checks as unknown[]).map((entry) => {
    const selector = parseSelector(entry);
    if (typeof selector === 'string') throw new Error(`${String(control.id)}: ${selector}`);
    return selector;
  });
}

const builtChecks = new Map(BUILT_IN_CHECKS.map((check) => [check.id, check]));

describe('compliance frameworks', () => {
  it('can read the check catalogue', () => {
    expect(existsSync(cataloguePath), `check catalogue not found at ${cataloguePath}`).toBe(true);
    expect(readCatalogue().length).toBeGreaterThan(100);
  });

  it('ships CIS EKS, NSA/CISA and the Pod Security Standards', () => {
    expect(frameworkFiles).toEqual(expect.arrayContaining(['cis-eks-1.8.yaml', 'nsa-cisa-1.2.yaml', 'pss.yaml']));
  });

  for (const file of frameworkFiles) {
    describe(file, () => {
      const framework = load(file);

      it('has its metadata, and an id equal to the file name', () => {
        expect(framework.id).toBe(file.replace(/\.yaml$/, ''));
        for (const field of ['title', 'version', 'url'] as const) {
          expect(typeof framework[field], field).toBe('string');
          expect((framework[field] as string).length, field).toBeGreaterThan(0);
        }
        expect(framework.url).toMatch(/^https:\/\//);
        expect(Array.isArray(framework.controls)).toBe(true);
        expect(framework.controls.length).toBeGreaterThan(0);
      });

      it('has unique control ids, each with a title', () => {
        const ids = framework.controls.map((control) => control.id);
        for (const control of framework.controls) {
          expect(typeof control.id, JSON.stringify(control)).toBe('string');
          expect(typeof control.title, String(control.id)).toBe('string');
          expect((control.title as string).trim().length, String(control.id)).toBeGreaterThan(0);
        }
        const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
        expect(duplicates, 'duplicate control ids').toEqual([]);
      });

      it('gives every control checks, planned checks or a manual reason', () => {
        for (const control of framework.controls) {
          expect(Array.isArray(control.checks), `${String(control.id)}: checks must be a list`).toBe(true);
          const checks = control.checks as unknown[];
          const planned = (control.planned ?? []) as unknown[];
          expect(Array.isArray(planned), `${String(control.id)}: planned must be a list`).toBe(true);
          const manual = typeof control.manual === 'string' && control.manual.trim().length > 0;
          expect(checks.length > 0 || planned.length > 0 || manual, `${String(control.id)} has no checks and no manual reason`).toBe(true);
          if (control.manual !== undefined) expect(typeof control.manual, String(control.id)).toBe('string');
          const texts = selectorsOf(control).map(selectorText);
          expect(new Set(texts).size, `${String(control.id)} lists a check twice`).toBe(texts.length);
        }
      });

      it('names only built checks under checks, and only unbuilt catalogue ids under planned', () => {
        const built = new Set(builtChecks.keys());
        const catalogue = new Set(readCatalogue().map((row) => row.id));
        const notBuilt = framework.controls.flatMap((control) =>
          selectorsOf(control)
            .filter((selector) => !built.has(selector.check))
            .map((selector) => `${String(control.id)}: ${selector.check}`),
        );
        expect(notBuilt, 'checks that do not exist (move them to planned)').toEqual([]);
        const wrongPlans = framework.controls.flatMap((control) =>
          ((control.planned ?? []) as unknown[])
            .filter((check) => typeof check !== 'string' || !catalogue.has(check) || built.has(check))
            .map((check) => `${String(control.id)}: ${String(check)}`),
        );
        expect(wrongPlans, 'planned ids that are built (move them to checks) or not in the catalogue').toEqual([]);
      });

      it('selects findings only by message ids the check has', () => {
        const wrong = framework.controls.flatMap((control) =>
          selectorsOf(control)
            .filter((selector) => selector.message !== undefined && !Object.hasOwn(builtChecks.get(selector.check)?.messages ?? {}, selector.message))
            .map((selector) => `${String(control.id)}: ${selectorText(selector)}`),
        );
        expect(wrong, 'message ids the check does not have').toEqual([]);
      });
    });
  }

  it('reads selectors in both forms and rejects malformed ones', () => {
    expect(parseSelector('ng-kubelet-misc')).toEqual({ check: 'ng-kubelet-misc' });
    expect(parseSelector('ng-kubelet-misc#eventQps')).toEqual({ check: 'ng-kubelet-misc', message: 'eventQps' });
    expect(parseSelector({ check: 'psa-existing-violations', message: 'host-namespaces', path: 'hostPID' })).toEqual({
      check: 'psa-existing-violations',
      message: 'host-namespaces',
      path: 'hostPID',
    });
    for (const bad of ['a#b#c', 'a#', 'Not An Id', 42, { check: 'a' }, { check: 'a', messages: 'x' }, { check: 'a', path: '' }]) {
      expect(typeof parseSelector(bad), JSON.stringify(bad)).toBe('string');
    }
  });

  describe('pss', () => {
    const framework = load('pss.yaml');

    it('decides every control of the standard from the findings of the evaluator for it, once', () => {
      const selected = framework.controls.flatMap((control) =>
        selectorsOf(control)
          .filter((selector) => selector.check === 'pss-workload-violations')
          .map((selector) => selector.message),
      );
      expect([...selected].sort()).toEqual(Object.keys(PSS_CONTROLS).sort());
      for (const control of framework.controls) {
        const ids = selectorsOf(control).map((selector) => selector.check);
        if (control.id !== 'enforcement') expect(ids, String(control.id)).toEqual(['pss-workload-violations']);
      }
    });

    it('puts each evaluator control under the level that defines it', () => {
      for (const control of framework.controls) {
        for (const selector of selectorsOf(control)) {
          if (selector.check !== 'pss-workload-violations') continue;
          const level = PSS_CONTROLS[selector.message as keyof typeof PSS_CONTROLS].level;
          expect(String(control.id).startsWith(`${level}.`), `${String(control.id)} ← ${String(selector.message)}`).toBe(true);
        }
      }
    });
  });

  describe('cis-eks-1.8', () => {
    const framework = load('cis-eks-1.8.yaml');
    const byId = new Map(framework.controls.map((control) => [control.id as string, control]));

    it('lists every recommendation of sections 2 to 5', () => {
      const sections: Record<string, number> = {
        '2.1': 2,
        '3.1': 4,
        '3.2': 9,
        '4.1': 12,
        '4.2': 5,
        '4.3': 2,
        '4.4': 2,
        '4.5': 2,
        '5.1': 4,
        '5.2': 1,
        '5.3': 1,
        '5.4': 5,
        '5.5': 1,
      };
      const expected = Object.entries(sections).flatMap(([section, count]) =>
        Array.from({ length: count }, (_, index) => `${section}.${index + 1}`),
      );
      expect([...byId.keys()]).toEqual(expected);
    });

    // Written out rather than generated so that dropping or renumbering a recommendation fails
    // here (ids checked against kube-bench cfg/eks-1.8.0, which transcribes the benchmark).
    it('has exactly the recommendation ids of v1.8.0', () => {
      expect([...byId.keys()]).toEqual([
        '2.1.1', '2.1.2',
        '3.1.1', '3.1.2', '3.1.3', '3.1.4',
        '3.2.1', '3.2.2', '3.2.3', '3.2.4', '3.2.5', '3.2.6', '3.2.7', '3.2.8', '3.2.9',
        '4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6', '4.1.7', '4.1.8', '4.1.9', '4.1.10', '4.1.11', '4.1.12',
        '4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5',
        '4.3.1', '4.3.2',
        '4.4.1', '4.4.2',
        '4.5.1', '4.5.2',
        '5.1.1', '5.1.2', '5.1.3', '5.1.4',
        '5.2.1',
        '5.3.1',
        '5.4.1', '5.4.2', '5.4.3', '5.4.4', '5.4.5',
        '5.5.1',
      ]);
    });

    it('keeps the benchmark titles of recommendations that were reworded across versions', () => {
      expect(byId.get('3.2.1')?.title).toBe('Ensure that the Anonymous Auth is Not Enabled');
      expect(byId.get('3.2.3')?.title).toBe('Ensure that a Client CA File is Configured');
      expect(byId.get('3.2.4')?.title).toBe('Ensure that the --read-only-port is disabled');
      expect(byId.get('4.1.5')?.title).toBe('Ensure that default service accounts are not actively used.');
      expect(byId.get('4.5.2')?.title).toBe('The default namespace should not be used');
    });

    it('maps every check the catalogue assigns to a v1.8.0 recommendation', () => {
      const missing: string[] = [];
      for (const row of readCatalogue()) {
        for (const id of cisIds(row.cis)) {
          const control = byId.get(id);
          const named = [...(control ? selectorsOf(control).map((selector) => selector.check) : []), ...((control?.planned ?? []) as string[])];
          if (!named.includes(row.id)) missing.push(`${id} ← ${row.id}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('keeps node file permissions and the client CLI version manual', () => {
      for (const id of ['3.1.1', '3.1.2', '3.1.3', '3.1.4', '5.5.1']) {
        expect(typeof byId.get(id)?.manual, id).toBe('string');
      }
    });
  });

  it('parses CIS references of the catalogue', () => {
    expect(cisIds('3.2.5–3.2.9')).toEqual(['3.2.5', '3.2.6', '3.2.7', '3.2.8', '3.2.9']);
    expect(cisIds('4.3.1, 5.4.4')).toEqual(['4.3.1', '5.4.4']);
    expect(cisIds('5.4.1 / 5.4.2')).toEqual(['5.4.1', '5.4.2']);
    expect(cisIds('2.1.2 (manual)')).toEqual(['2.1.2']);
    expect(cisIds('v1.2.0/v1.4: 4.2.6')).toEqual([]);
    expect(cisIds('—')).toEqual([]);
  });
});
