import type { EvidencePath } from '../model/index.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec', 'containers', 0, 'image']` → `spec.containers[0].image`; odd keys are quoted. */
export function formatPath(path: EvidencePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** RFC 6901 JSON Pointer for a path, as RFC 6902 patches need. */
export function toJsonPointer(path: EvidencePath): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
