import type { CheckResult, InputError, ResourceRef } from '../../model/index.js';
import { refKey } from '../../inventory/index.js';
import { applyFixesToFile, type FileFix } from './apply-file.js';
import { parsePointer } from './json-pointer.js';
import type { ObjectRef } from './locate-object.js';

/** Where an object of the manifests was read. */
export interface ObjectOrigin {
  file: string;
  line?: number;
}

/** One scan of the manifests as they are now (in memory). */
export interface FixScan {
  /** Failing, unwaived results of the selected checks. */
  failures: readonly CheckResult[];
  /** refKey → where each object with that key was read. */
  objects: ReadonlyMap<string, readonly ObjectOrigin[]>;
  inputErrors: readonly InputError[];
}

/** Scans file texts (name → text) with the selected checks; the fix loop never imports checks. */
export type FixScanner = (files: ReadonlyMap<string, string>) => FixScan;

export interface FixOptions {
  includeSuggestions: boolean;
  /** Rounds of apply → re-scan; fixes that touch the same fields wait for the next round. */
  maxPasses?: number;
}

export interface FindingNote {
  finding: CheckResult;
  reason: string;
}

export interface FixReport {
  /** Changed files only: name → text before and after. */
  files: Map<string, { before: string; after: string }>;
  /** Fixable findings of the first scan that the final scan no longer has. */
  fixed: CheckResult[];
  /** Fixable findings that remain, with why. */
  remaining: FindingNote[];
  /** Findings whose fix needs a person: suggestions without --include-suggestions, objects outside the files. */
  manual: FindingNote[];
  /** Failures the final scan has that the first did not. */
  introduced: CheckResult[];
  /** Fixes applied, in order, with the object's file: later rounds build on earlier ones. */
  applied: Array<{ finding: CheckResult; file: string }>;
  passes: number;
  /** Input errors the patched text produced (a fix must never leave a file unreadable). */
  inputErrors: readonly InputError[];
}

const DEFAULT_PASSES = 10;

interface Candidate {
  finding: CheckResult;
  identity: string;
  origin: ObjectOrigin;
}

/** Applies the findings' fixes in rounds until none is left to apply, then re-scans. */
export function fixManifests(files: ReadonlyMap<string, string>, scan: FixScanner, options: FixOptions): FixReport {
  const current = new Map(files);
  const first = scan(current);
  const attempted = new Map<string, string | undefined>();
  const manual = new Map<string, FindingNote>();
  const applied: FixReport['applied'] = [];
  let latest = first;
  let passes = 0;
  for (let pass = 1; pass <= (options.maxPasses ?? DEFAULT_PASSES); pass++) {
    const candidates: Candidate[] = [];
    for (const finding of latest.failures) {
      const identity = identityOf(finding, latest);
      if (!finding.fix || attempted.has(identity) || manual.has(identity)) continue;
      const why = manualReason(finding, latest, options);
      if (why) {
        manual.set(identity, { finding, reason: why });
        continue;
      }
      candidates.push({ finding, identity, origin: originOf(finding, latest) as ObjectOrigin });
    }
    const chosen = disjoint(candidates);
    if (chosen.length === 0) break;
    passes = pass;
    for (const [file, group] of groupBy(chosen, (candidate) => candidate.origin.file)) {
      const text = current.get(file);
      if (text === undefined) continue;
      const fixes: FileFix[] = group.map(({ finding, identity, origin }) => ({
        id: identity,
        ref: objectRef(fixTarget(finding)),
        ...(origin.line !== undefined ? { line: origin.line } : {}),
        operations: finding.fix?.operations ?? [],
      }));
      const outcome = applyFixesToFile(file, text, fixes);
      current.set(file, outcome.text);
      const byIdentity = new Map(group.map((candidate) => [candidate.identity, candidate.finding]));
      for (const id of outcome.applied) {
        attempted.set(id, undefined);
        const finding = byIdentity.get(id);
        if (finding) applied.push({ finding, file });
      }
      for (const { id, reason } of outcome.failed) attempted.set(id, reason);
    }
    latest = scan(current);
  }
  const still = new Set(latest.failures.map((finding) => identityOf(finding, latest)));
  const firstSeen = new Set(first.failures.map((finding) => identityOf(finding, first)));
  const fixable = first.failures.filter((finding) => finding.fix && !manual.has(identityOf(finding, first)) && !manualReason(finding, first, options));
  // A document that was already unreadable is the input's problem, reported when it was loaded.
  const knownErrors = new Set(first.inputErrors.map(errorKey));
  const report: FixReport = {
    files: new Map(),
    fixed: fixable.filter((finding) => !still.has(identityOf(finding, first))),
    remaining: fixable
      .filter((finding) => still.has(identityOf(finding, first)))
      .map((finding) => ({ finding, reason: remainingReason(attempted, identityOf(finding, first)) })),
    manual: [...manual.values()],
    introduced: latest.failures.filter((finding) => !firstSeen.has(identityOf(finding, latest))),
    applied,
    passes,
    inputErrors: latest.inputErrors.filter((error) => !knownErrors.has(errorKey(error))),
  };
  for (const [file, before] of files) {
    const after = current.get(file) as string;
    if (after !== before) report.files.set(file, { before, after });
  }
  return report;
}

function remainingReason(attempted: ReadonlyMap<string, string | undefined>, identity: string): string {
  if (!attempted.has(identity)) return 'not reached: its fields kept changing under other fixes';
  return attempted.get(identity) ?? 'the fix was applied but the check still fails';
}

/** Errors compared without their line: fixes above an error move it down. */
function errorKey(error: InputError): string {
  return `${error.file}\n${error.message}`;
}

/**
 * A finding across scans. Evidence paths hold list indexes, so once an item is removed the
 * next item's finding takes over its fingerprint: the message tells them apart. The same
 * object written twice (two files, two documents) has the same fingerprint: which copy it is
 * tells them apart (fixes never add or reorder objects, so the count is stable).
 */
function identityOf(finding: CheckResult, scan: FixScan): string {
  const origins = scan.objects.get(refKey(fixTarget(finding))) ?? [];
  const origin = originOf(finding, scan);
  const copy = origin ? origins.indexOf(origin) : -1;
  return `${finding.fingerprint}\n${finding.message}\n${copy}`;
}

/** The object a finding's fix edits: its own resource unless the fix names another. */
export function fixTarget(finding: CheckResult): ResourceRef {
  return finding.fix?.target ?? finding.resource;
}

function objectRef(ref: ResourceRef): ObjectRef {
  return { kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
}

function originOf(finding: CheckResult, scan: FixScan): ObjectOrigin | undefined {
  const origins = scan.objects.get(refKey(fixTarget(finding))) ?? [];
  // The same object in several files or documents: the copy the finding was located in, that
  // is, in its file, the last one starting at or before the finding's line.
  const location = finding.location;
  const inFile = origins.filter((origin) => origin.file === location?.file);
  const line = location?.line;
  const before = line === undefined ? [] : inFile.filter((origin) => origin.line !== undefined && origin.line <= line);
  return before[before.length - 1] ?? inFile[0] ?? origins[0];
}

function manualReason(finding: CheckResult, scan: FixScan, options: FixOptions): string | undefined {
  const fix = finding.fix;
  if (!fix || fix.operations.length === 0) return 'no operations to apply';
  if (!originOf(finding, scan)) return `${fixTarget(finding).kind} ${fixTarget(finding).name} is not an object of the manifests (an AWS or cluster-side setting)`;
  if (fix.kind === 'suggestion' && !options.includeSuggestions) return 'a suggestion: review it, then apply with --include-suggestions';
  return undefined;
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** A segment that may index a list: an add or remove there shifts every later item. */
const LIST_INDEX = /^(\d+|-)$/;

/**
 * The fields a fix claims. An operation that inserts or removes a list item claims the whole
 * list: another fix's index into it (`/subjects/2` after `/subjects/0` is removed) would name a
 * different item, so it waits for the next round, which computes its index afresh.
 */
function pathsOf(finding: CheckResult): string[][] {
  return (finding.fix?.operations ?? []).flatMap((operation) => {
    const paths = [operation.path, ...('from' in operation ? [operation.from] : [])];
    const shifts = operation.op === 'add' || operation.op === 'remove' || operation.op === 'move' || operation.op === 'copy';
    return paths.map((path) => {
      try {
        const segments = parsePointer(path);
        return shifts && LIST_INDEX.test(segments[segments.length - 1] ?? '') ? segments.slice(0, -1) : segments;
      } catch {
        return [];
      }
    });
  });
}

/**
 * Fixes whose paths do not overlap on the same object: two checks that each add a whole
 * `securityContext` cannot both apply to one text; the second waits for the next round.
 */
function disjoint(candidates: readonly Candidate[]): Candidate[] {
  const claimed = new Map<string, string[][]>();
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    const key = `${candidate.origin.file}\0${candidate.origin.line ?? ''}\0${refKey(fixTarget(candidate.finding))}`;
    const taken = claimed.get(key) ?? [];
    const paths = pathsOf(candidate.finding);
    if (paths.some((path) => taken.some((other) => overlaps(path, other)))) continue;
    claimed.set(key, [...taken, ...paths]);
    chosen.push(candidate);
  }
  return chosen;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
