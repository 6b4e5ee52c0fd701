import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffLines } from 'diff';
import { parseAllDocuments } from 'yaml';
import type { CheckResult } from '../../model/index.js';
import { refKey } from '../../inventory/index.js';
import { applyFixesToFile, fixTarget, touchedLineRanges } from '../../respond/fix/index.js';
import type { AnyCheck } from '../define-check.js';

/** What a case's fixes did: applied to its manifests, or aimed at an object outside them (AWS). */
export interface FixTally {
  patchApplied: number;
  suggestionApplied: number;
  outsideManifests: number;
}

export function emptyTally(): FixTally {
  return { patchApplied: 0, suggestionApplied: 0, outsideManifests: 0 };
}

function inManifests(yaml: string, failure: CheckResult): boolean {
  const { kind, name, namespace } = fixTarget(failure);
  return parseAllDocuments(yaml).some((document) => {
    const value = document.errors.length > 0 ? undefined : (document.toJS() as unknown);
    const objects = isList(value) ? value.items : [value];
    return objects.some((object) => {
      if (object === null || typeof object !== 'object') return false;
      const record = object as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
      return record.kind === kind && record.metadata?.name === name && (record.metadata?.namespace || undefined) === namespace;
    });
  });
}

function isList(value: unknown): value is { items: unknown[] } {
  return value !== null && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items) && String((value as { kind?: unknown }).kind).endsWith('List');
}

export interface FixProblem {
  failure: CheckResult;
  problem: string;
}

/**
 * Applies each fix that targets an object of the case's manifests to the case's YAML text with
 * the format-preserving editor, re-scans the new text, and reports a fix that fails to apply,
 * leaves its finding, or rewrites a line outside the nodes it touches.
 */
export function verifyCaseFixes(
  yaml: string,
  failures: readonly CheckResult[],
  rescan: (yaml: string) => CheckResult[],
  tally: FixTally,
): FixProblem[] {
  const problems: FixProblem[] = [];
  for (const failure of failures) {
    const fix = failure.fix;
    if (!fix) continue;
    if (!inManifests(yaml, failure)) {
      tally.outsideManifests++;
      continue;
    }
    const problem = followFix(yaml, failure, failures.length, rescan);
    if (problem) problems.push({ failure, problem });
    if (fix.kind === 'patch') tally.patchApplied++;
    else tally.suggestionApplied++;
  }
  return problems;
}

function identity(result: CheckResult): string {
  return `${result.fingerprint}\n${result.message}`;
}

/** As many rounds as `eksguard fix` would give one finding whose fix clears one source at a time. */
const MAX_ROUNDS = 5;

/**
 * Applies a finding's fix, and again while the finding stays under a new message (a subject
 * bound by two bindings loses one per round, as in `eksguard fix`), checking every round's
 * untouched lines. The finding must go within a few rounds and the check must then report
 * fewer failures than before: a message can change while the problem stays ("drops only
 * NET_RAW" after a fix that drops NET_RAW instead of ALL), or the finding can move (a pod-level
 * flag removed, a container's own flag left).
 */
function followFix(yaml: string, first: CheckResult, failuresBefore: number, rescan: (yaml: string) => CheckResult[]): string | undefined {
  let text = yaml;
  let current = first;
  const seen = new Set<string>();
  let before = new Set(rescan(yaml).map(identity));
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    seen.add(current.message);
    const target = fixTarget(current);
    const ref = { kind: target.kind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) };
    const operations = current.fix?.operations ?? [];
    const outcome = applyFixesToFile('case.yaml', text, [{ id: current.fingerprint, ref, operations }]);
    if (outcome.failed.length > 0) return `fix not applied${round > 1 ? ` in round ${round}` : ''}: ${outcome.failed[0]?.reason}`;
    const stray = linesChangedOutside(text, outcome.text, touchedLineRanges(text, ref, operations));
    if (stray.length > 0) return `fix rewrote untouched lines ${stray.join(', ')}${round > 1 ? ` in round ${round}` : ''}:\n${outcome.text}`;
    text = outcome.text;
    const after = rescan(text).filter((result) => result.status === 'fail');
    // Paths hold list indexes: once an item is removed, the next one's finding takes its
    // fingerprint, so the message tells the same finding apart. A finding about a subject
    // names its first binding in its path: with that one fixed, it is the same subject's.
    const next =
      after.find((result) => result.fingerprint === first.fingerprint && result.fix) ??
      after.find((result) => result.fix && refKey(result.resource) === refKey(first.resource) && result.container === first.container && !seen.has(result.message) && !before.has(identity(result)));
    if (next && seen.has(next.message)) return `fix applied but the finding remains:\n${text}`;
    if (after.length < failuresBefore) return undefined;
    if (!next) return `fix applied but the check reports as many failures as before (${after.length}):\n${text}`;
    before = new Set(after.map(identity));
    current = next;
  }
  return `the finding remains after ${MAX_ROUNDS} rounds of its fix:\n${text}`;
}

/** Lines of the original (1-based) that the patched text changed or dropped, outside `ranges`. */
function linesChangedOutside(before: string, after: string, ranges: ReadonlyArray<{ from: number; to: number }>): number[] {
  const stray: number[] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (part.added) continue;
    if (part.removed) {
      for (let offset = 0; offset < count; offset++) {
        const changed = line + offset;
        if (!ranges.some((range) => changed >= range.from && changed <= range.to)) stray.push(changed);
      }
    }
    line += count;
  }
  return stray;
}

const CHECKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The kinds of fix a check's source declares, in its check.ts or in the helper of ours that
 * defines it: a check that declares a fix must have a fail case that exercises it.
 */
export function declaredFixKinds(check: AnyCheck): Set<'patch' | 'suggestion'> {
  const kinds = new Set<'patch' | 'suggestion'>();
  const main = resolve(CHECKS_DIR, check.area, check.id, 'check.ts');
  if (!existsSync(main)) return kinds;
  const sources = [main];
  const text = readFileSync(main, 'utf8');
  // A check built by a helper (defineSubjectCheck) has the helper's fixes; one that only
  // borrows functions from it does not.
  const helpers = /\bdefineCheck\b/.test(text) ? [] : text.matchAll(/from '(\.[^']+)\.js'/g);
  for (const match of helpers) {
    const helper = resolve(dirname(main), `${match[1]}.ts`);
    if (helper.startsWith(CHECKS_DIR) && existsSync(helper)) sources.push(helper);
  }
  for (const source of sources) {
    const content = readFileSync(source, 'utf8');
    if (content.includes("kind: 'patch'")) kinds.add('patch');
    if (content.includes("kind: 'suggestion'")) kinds.add('suggestion');
  }
  return kinds;
}
