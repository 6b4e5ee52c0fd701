/**
 * Globs for check ids and resource fields: `*` matches any run of characters (including none),
 * `?` exactly one; everything else is literal. No character is special beyond these two, so
 * ids, names and kinds never need escaping and `/` has no path meaning.
 */
export type Matcher = (value: string) => boolean;

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function compileGlob(pattern: string): Matcher {
  if (!isGlob(pattern)) return (value) => value === pattern;
  if (pattern === '*') return () => true;
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}

/** One matcher for a list of patterns: a value matches when any pattern does. */
export function compileGlobs(patterns: readonly string[]): Matcher {
  const matchers = patterns.map(compileGlob);
  return (value) => matchers.some((matches) => matches(value));
}
