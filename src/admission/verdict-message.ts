import type { Violation } from './verdict-types.js';

/** Violations named in a deny message; the audit log keeps them all. */
const LISTED_LIMIT = 10;
/** Remediations are written for reports; kubectl output wants the gist. */
const FIX_LIMIT = 160;
/** The API reference: warnings over 256 characters may be truncated by clients. */
const WARNING_LIMIT = 256;

/**
 * The message `kubectl` shows for a denied request: what was denied, then per enforced
 * violation the check, finding, field and fix. One violation fits on one line.
 */
export function denyMessage(subject: string, enforced: readonly Violation[]): string {
  const lines = enforced.slice(0, LISTED_LIMIT).map(describeViolation);
  const more = enforced.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more (see the eksguard audit log)`);
  if (enforced.length === 1) return `eksguard denied ${subject}: ${lines[0] ?? ''}`;
  return `eksguard denied ${subject} (${enforced.length} violations):\n${lines.map((line) => `- ${line}`).join('\n')}`;
}

/** One `kubectl` warning for a warn-mode violation. */
export function warningOf(violation: Violation): string {
  const where = violation.path ? ` (${violation.path})` : '';
  return clip(`eksguard: ${violation.checkId}: ${plain(violation.message)}${where}`, WARNING_LIMIT);
}

function describeViolation(violation: Violation): string {
  const where = violation.path ? ` (${violation.path})` : '';
  const fix = violation.remediation ? `; fix: ${clip(plain(violation.remediation), FIX_LIMIT)}` : '';
  return `${violation.checkId}: ${plain(violation.message)}${where}${fix}`;
}

/** Remediations use Markdown code spans; a terminal shows the backticks literally. */
function plain(text: string): string {
  return text.replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

/** Cut at a word boundary, marked with an ellipsis. */
function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > limit / 2 ? cut.slice(0, space) : cut}…`;
}

/** `Deployment shop/web`, `ClusterRole admin-all`; a name still to be generated shows as `web-*`. */
export function subjectOf(kind: string, namespace: string | undefined, name: string | undefined, generateName: string | undefined): string {
  const shown = name || (generateName ? `${generateName}*` : '(unnamed)');
  return namespace ? `${kind} ${namespace}/${shown}` : `${kind} ${shown}`;
}
