/**
 * `npm run gen:graph-doc`: writes the edge and query tables of docs/attack-paths.md from the code
 * (EDGE_KINDS, the shipped queries), so the page cannot drift. A test checks it is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { builtInQueries, EDGE_KINDS } from '../src/graph/index.js';

export const DOC = new URL('../docs/attack-paths.md', import.meta.url);

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/attack-paths.md lacks the ${name} markers`);
  return `${text.slice(0, from + start.length)}\n${body}${text.slice(to)}`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function renderGraphDoc(text: string): string {
  const edges = Object.entries(EDGE_KINDS)
    .map(([kind, { meaning, checks }]) => `| \`${kind}\` | ${cell(meaning)} | ${checks.map((id) => `\`${id}\``).join(', ') || '—'} |\n`)
    .join('');
  const queries = builtInQueries()
    .map((query) => `| \`${query.id}\` | ${query.severity} | ${cell(query.title)} |\n`)
    .join('');
  return replaceBetween(replaceBetween(text, 'edge-table', edges), 'query-table', queries);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync(DOC, 'utf8');
  writeFileSync(DOC, renderGraphDoc(text));
}
