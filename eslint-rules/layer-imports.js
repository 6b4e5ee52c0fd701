// Enforces the import rules of ARCHITECTURE.md: each src/ layer imports only the layers below it.
import { dirname, relative, resolve } from 'node:path';

/** Layer → layers it may import (itself always allowed). */
export const ALLOWED = {
  model: [],
  inventory: ['model'],
  'collect/files': ['model', 'inventory'],
  'collect/kube': ['model', 'inventory'],
  'collect/aws': ['model', 'inventory'],
  analysis: ['model', 'inventory'],
  checks: ['model', 'inventory', 'analysis'],
  frameworks: ['model'],
  graph: ['model', 'inventory', 'analysis'],
  detect: ['model', 'inventory', 'analysis', 'graph'],
  images: ['model'],
  admission: ['model', 'inventory', 'analysis', 'checks', 'images'],
  respond: ['model', 'inventory', 'analysis', 'graph'],
  report: ['model', 'frameworks'],
  store: ['model'],
  fleet: ['model', 'collect/aws'],
  server: ['model', 'store', 'frameworks', 'report'],
  cli: ['*'],
};

const LAYERS = Object.keys(ALLOWED).sort((a, b) => b.length - a.length);

function layerOf(file, srcRoot) {
  const rel = relative(srcRoot, file).split('\\').join('/');
  if (rel.startsWith('..')) return undefined;
  return LAYERS.find((layer) => rel === layer || rel.startsWith(`${layer}/`));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep src/ layers importing only the layers ARCHITECTURE.md allows' },
    messages: {
      upward: 'Layer "{{from}}" may not import from layer "{{to}}" (allowed: {{allowed}}). See ARCHITECTURE.md.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcRoot = resolve(context.cwd, 'src');
    const from = layerOf(file, srcRoot);
    if (!from || /\.test\.ts$|\/test-support\//.test(file)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(resolve(dirname(file), source), srcRoot);
      if (!to || to === from) return;
      const allowed = ALLOWED[from];
      if (allowed.includes('*') || allowed.includes(to)) return;
      context.report({ node, messageId: 'upward', data: { from, to, allowed: allowed.join(', ') || 'none' } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
