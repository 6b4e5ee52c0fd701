import type { PathSegment } from '../../model/index.js';

/** What an evidence path is relative to: the object, the pod template's parts, or a container. */
export type EvidenceRoot = 'object' | 'podSpec' | 'podMetadata' | 'container';

export interface EvidenceTemplate {
  root: EvidenceRoot | undefined;
  segments: PathSegment[];
}

const ROOTS: readonly string[] = ['object', 'podSpec', 'podMetadata', 'container'];

/**
 * Parses `metadata.labels`, `container.ports[0].hostPort` or
 * `podMetadata.labels["app.kubernetes.io/name"]`. A leading `object`, `podSpec`, `podMetadata`
 * or `container` names the variable it starts from; without one the path is relative to the
 * check's subject (the container in per-container checks, else the object).
 */
export function parseEvidencePath(text: string): EvidenceTemplate | string {
  const segments: PathSegment[] = [];
  let rest = text.trim();
  let first = true;
  while (rest.length > 0) {
    if (!first || rest.startsWith('[')) {
      if (rest.startsWith('.')) rest = rest.slice(1);
      else if (!rest.startsWith('[')) return `unexpected "${rest[0] ?? ''}" after "${text.slice(0, text.length - rest.length)}"`;
    }
    first = false;
    const index = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    const name = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(rest);
    if (index?.[1] !== undefined) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (quoted?.[1] !== undefined) {
      segments.push(JSON.parse(`"${quoted[1]}"`) as string);
      rest = rest.slice(quoted[0].length);
    } else if (name) {
      segments.push(name[0]);
      rest = rest.slice(name[0].length);
    } else {
      return `cannot read a field name at "${rest}"; write fields dotted, indexes as [0] and odd keys as ["a/b"]`;
    }
  }
  if (segments.length === 0) return 'must not be empty';
  const head = segments[0];
  if (typeof head === 'string' && ROOTS.includes(head)) {
    return { root: head as EvidenceRoot, segments: segments.slice(1) };
  }
  return { root: undefined, segments };
}
