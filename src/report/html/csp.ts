import { createHash } from 'node:crypto';

/** A CSP source for one inline block: the hash of its exact text, as the browser computes it. */
export function sha256Source(block: string): string {
  return `'sha256-${createHash('sha256').update(block, 'utf8').digest('base64')}'`;
}

/**
 * Nothing may load, and only the report's own style and script blocks may run: anything a
 * scanned value might smuggle in (an inline handler, a script element, a style attribute, a
 * remote image) is refused by the browser even if escaping ever failed.
 */
export function contentSecurityPolicy(styles: readonly string[], scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${sources(scripts)}`,
    `style-src ${sources(styles)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function sources(blocks: readonly string[]): string {
  return blocks.length === 0 ? "'none'" : blocks.map(sha256Source).join(' ');
}
