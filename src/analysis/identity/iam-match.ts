/**
 * IAM wildcard matching. `*` is any run of characters and `?` one character. Actions compare
 * case-insensitively (`S3:getobject` is `s3:GetObject`); resources, ARNs and string conditions
 * are case-sensitive. In an ARN a wildcard stays inside its colon-separated segment, except a
 * `*` that ends a segment, which may run across colons (IAM's rule for resource ARNs).
 */

const CACHE = new Map<string, RegExp>();

function escape(char: string): string {
  return /[\\^$.|+(){}[\]]/.test(char) ? `\\${char}` : char;
}

function compile(key: string, build: () => string, flags: string): RegExp {
  let regex = CACHE.get(key);
  if (!regex) {
    regex = new RegExp(`^${build()}$`, flags);
    CACHE.set(key, regex);
  }
  return regex;
}

function globSource(pattern: string): string {
  let source = '';
  for (const char of pattern) source += char === '*' ? '.*' : char === '?' ? '.' : escape(char);
  return source;
}

export function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  const flags = ignoreCase ? 'is' : 's';
  return compile(`g${flags}:${pattern}`, () => globSource(pattern), flags).test(value);
}

function arnSource(pattern: string): string {
  return pattern
    .split(':')
    .map((segment) => {
      let source = '';
      for (let i = 0; i < segment.length; i++) {
        const char = segment[i] ?? '';
        if (char === '*') source += i === segment.length - 1 ? '.*' : '[^:]*';
        else if (char === '?') source += '[^:]';
        else source += escape(char);
      }
      return source;
    })
    .join(':');
}

/** An ARN pattern (Resource element, `ArnLike`) against an ARN; non-ARN patterns match as globs. */
export function arnMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  if (!pattern.startsWith('arn:')) return globMatches(pattern, value, false);
  return compile(`a:${pattern}`, () => arnSource(pattern), 's').test(value);
}

export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern, action, true);
}
