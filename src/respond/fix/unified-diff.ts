/**
 * The unified diff of a fixed file. Fixes never add, remove or reorder YAML documents, so when
 * both texts have the same document separators, each changed document is compared alone and
 * the hunks are then drawn over the whole file with three lines of context, exactly as a
 * whole-file diff draws them: a Myers diff over a 50,000-object file costs O(file × changes),
 * one per document only what changed. Anything else (JSON, a separator that moved, a missing
 * final newline) is diffed whole.
 */
import { createTwoFilesPatch, diffLines } from 'diff';

const CONTEXT = 3;
const SEPARATOR = /^---(?:[ \t].*)?\r?$/;

/** One run of removed and added lines, at line indexes (0-based) of the old and new file. */
interface Change {
  oldIndex: number;
  newIndex: number;
  removed: string[];
  added: string[];
}

/** Lines without their `\n` (a `\r` stays, as in the file), and the indexes of separator lines. */
function linesOf(text: string): { lines: string[]; separators: number[] } {
  const lines = text.split('\n');
  lines.pop(); // the text ends with a newline: nothing follows it
  const separators: number[] = [];
  lines.forEach((line, index) => {
    if (index > 0 && SEPARATOR.test(line)) separators.push(index);
  });
  return { lines, separators };
}

function changesBetween(old: string[], next: string[], oldStart: number, newStart: number, into: Change[]): void {
  let oldIndex = oldStart;
  let newIndex = newStart;
  for (const part of diffLines(old.map((line) => `${line}\n`).join(''), next.map((line) => `${line}\n`).join(''))) {
    const lines = part.value.split('\n').slice(0, -1);
    if (!part.added && !part.removed) {
      oldIndex += lines.length;
      newIndex += lines.length;
      continue;
    }
    const last = into[into.length - 1];
    const change = last && last.oldIndex + last.removed.length === oldIndex && last.newIndex + last.added.length === newIndex ? last : undefined;
    const target = change ?? { oldIndex, newIndex, removed: [], added: [] };
    if (!change) into.push(target);
    if (part.removed) {
      target.removed.push(...lines);
      oldIndex += lines.length;
    } else {
      target.added.push(...lines);
      newIndex += lines.length;
    }
  }
}

function hunkHeader(oldStart: number, oldLines: number, newStart: number, newLines: number): string {
  // An empty side names the line before it, as diff(1) does.
  return `@@ -${oldLines === 0 ? oldStart : oldStart + 1},${oldLines} +${newLines === 0 ? newStart : newStart + 1},${newLines} @@`;
}

/** Hunks over the whole file from the changes, merging those whose context would touch. */
function formatHunks(old: string[], changes: readonly Change[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < changes.length) {
    let end = index;
    while (end + 1 < changes.length) {
      const current = changes[end] as Change;
      const next = changes[end + 1] as Change;
      if (next.oldIndex - (current.oldIndex + current.removed.length) > 2 * CONTEXT) break;
      end++;
    }
    const first = changes[index] as Change;
    const last = changes[end] as Change;
    const start = Math.max(0, first.oldIndex - CONTEXT);
    const stop = Math.min(old.length, last.oldIndex + last.removed.length + CONTEXT);
    const body: string[] = [];
    let at = start;
    let removed = 0;
    let added = 0;
    for (let position = index; position <= end; position++) {
      const change = changes[position] as Change;
      for (; at < change.oldIndex; at++) body.push(` ${old[at] as string}`);
      for (const line of change.removed) body.push(`-${line}`);
      for (const line of change.added) body.push(`+${line}`);
      removed += change.removed.length;
      added += change.added.length;
      at += change.removed.length;
    }
    for (; at < stop; at++) body.push(` ${old[at] as string}`);
    const oldLines = stop - start;
    const newStart = first.newIndex - (first.oldIndex - start);
    out.push(hunkHeader(start, oldLines, newStart, oldLines - removed + added), ...body);
    index = end + 1;
  }
  return out;
}

export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const whole = (): string => createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, '', '', { context: CONTEXT }).replace(/^=+\n/, '');
  if (!before.endsWith('\n') || !after.endsWith('\n')) return whole();
  const old = linesOf(before);
  const next = linesOf(after);
  const aligned = old.separators.length === next.separators.length && old.separators.every((line, index) => old.lines[line] === next.lines[next.separators[index] as number]);
  if (!aligned) return whole();
  const changes: Change[] = [];
  const oldBounds = [0, ...old.separators, old.lines.length];
  const newBounds = [0, ...next.separators, next.lines.length];
  for (let piece = 0; piece + 1 < oldBounds.length; piece++) {
    const [oldStart, oldEnd] = [oldBounds[piece] as number, oldBounds[piece + 1] as number];
    const [newStart, newEnd] = [newBounds[piece] as number, newBounds[piece + 1] as number];
    const oldPiece = old.lines.slice(oldStart, oldEnd);
    const newPiece = next.lines.slice(newStart, newEnd);
    if (oldPiece.length === newPiece.length && oldPiece.every((line, index) => line === newPiece[index])) continue;
    changesBetween(oldPiece, newPiece, oldStart, newStart, changes);
  }
  return [`--- a/${name}`, `+++ b/${name}`, ...formatHunks(old.lines, changes)].join('\n') + '\n';
}
