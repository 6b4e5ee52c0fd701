import type { JsonPatchOperation, ResourceRef } from '../../model/index.js';

/** Words the shell takes literally; anything else is single-quoted. */
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One shell word: single quotes with `'` written as `'\''`, so no value can break out. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word) && !word.startsWith('-')) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `deployment.apps/web`: kind and API group, so kubectl resolves exactly that resource. */
function resourceArgument(ref: ResourceRef): string {
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const type = group ? `${ref.kind.toLowerCase()}.${group}` : ref.kind.toLowerCase();
  return `${type}/${ref.name}`;
}

/**
 * A `kubectl patch` command applying JSON-patch operations to a live object. Printed for a
 * person to review and run: eksguard itself never writes to the cluster here.
 */
export function kubectlPatchCommand(ref: ResourceRef, operations: readonly JsonPatchOperation[]): string {
  const words = ['kubectl', 'patch', shellQuote(resourceArgument(ref))];
  if (ref.namespace) words.push('-n', shellQuote(ref.namespace));
  words.push('--type=json', '-p', shellQuote(JSON.stringify(operations)));
  return words.join(' ');
}
