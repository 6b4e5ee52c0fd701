import type { AttackPath, AttackPathStep } from '../../model/index.js';
import { nodeLabel } from '../attack-paths.js';
import { escapeHtml } from './escape.js';

/** The highest-scored attack paths, each step with the evidence that creates it. */
export function pathsSection(paths: readonly AttackPath[] | undefined, maxPaths: number): string {
  if (paths === undefined || maxPaths <= 0) return '';
  const shown = paths.slice(0, maxPaths);
  const heading = shown.length === paths.length ? `${paths.length}` : `top ${shown.length} of ${paths.length}`;
  const body = shown.length === 0 ? '<p>No attack paths found.</p>' : `<ol class="paths">${shown.map(pathItem).join('')}</ol>`;
  return `<section id="paths"><h2>Attack paths (${heading})</h2>${body}</section>`;
}

function pathItem(path: AttackPath): string {
  return (
    `<li><details><summary><span class="sev sev-${escapeHtml(path.severity)}">${escapeHtml(path.severity)}</span> ` +
    `score ${path.score} ${escapeHtml(path.title)} <code>${escapeHtml(path.query)}</code></summary>` +
    `<ol class="steps">${path.steps.map(stepItem).join('')}</ol></details></li>`
  );
}

function stepItem(step: AttackPathStep): string {
  const evidence = step.evidence.map(
    (item) =>
      `<li>${escapeHtml(nodeLabel(item.resource))}${item.path ? ` <code>${escapeHtml(item.path)}</code>` : ''}: ${escapeHtml(item.detail)}</li>`,
  );
  const checks = step.checkIds?.length ? `<div class="muted">fix one of: ${step.checkIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</div>` : '';
  return (
    `<li>${escapeHtml(nodeLabel(step.from))} <span class="edge">—${escapeHtml(step.edge)}→</span> ${escapeHtml(nodeLabel(step.to))}` +
    `${evidence.length > 0 ? `<ul class="evidence">${evidence.join('')}</ul>` : ''}${checks}</li>`
  );
}

