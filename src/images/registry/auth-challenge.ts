/**
 * `WWW-Authenticate` challenges (RFC 7235) as registries send them, e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/redis:pull"`.
 * Quoted values may hold commas (`pull,push`), so this is a small scanner, not a split.
 */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  const skip = (pattern: RegExp) => {
    while (i < header.length && pattern.test(header[i] ?? '')) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    const schemeMatch = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*/.exec(header.slice(i));
    if (!schemeMatch) break;
    const challenge: Challenge = { scheme: schemeMatch[0].toLowerCase(), params: {} };
    challenges.push(challenge);
    i += schemeMatch[0].length;
    for (;;) {
      skip(/[\s,]/);
      const param = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*/.exec(header.slice(i));
      if (!param?.[1]) break;
      i += param[0].length;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\') i++;
          value += header[i] ?? '';
          i++;
        }
        i++;
      } else {
        const token = /^[^\s,]*/.exec(header.slice(i))?.[0] ?? '';
        value = token;
        i += token.length;
      }
      challenge.params[param[1].toLowerCase()] = value;
    }
  }
  return challenges;
}
