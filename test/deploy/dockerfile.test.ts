/**
 * The Dockerfile's promises, checked statically (no registry here to pull the bases from):
 * multi-stage, a numeric non-root user equal to the chart's, production dependencies only, no
 * build context wholesale in the image. Each rule is also shown to reject a broken Dockerfile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './chart.js';
import { dockerfileProblems, dockerignoreProblems, instructions, stages } from './dockerfile.js';

const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const DOCKERIGNORE = readFileSync(join(ROOT, '.dockerignore'), 'utf8');

describe('the Dockerfile', () => {
  it('keeps every promise', () => {
    expect(dockerfileProblems(DOCKERFILE)).toEqual([]);
    expect(dockerignoreProblems(DOCKERIGNORE)).toEqual([]);
  });

  it('builds on a slim Node 20 image and runs on distroless Node 20 (glibc for better-sqlite3)', () => {
    const all = stages(DOCKERFILE);
    expect(all.map((stage) => stage.name ?? stage.from)).toEqual(['toolchain', 'build', 'deps', 'gcr.io/distroless/nodejs20-debian12:nonroot']);
    expect(all[0]?.from).toBe('node:20-bookworm-slim');
  });

  it('runs as the user the Helm chart sets', () => {
    const user = Number(/^USER (\d+)/m.exec(DOCKERFILE)?.[1]);
    const values = parse(readFileSync(join(ROOT, 'deploy', 'helm', 'eksguard', 'values.yaml'), 'utf8')) as {
      defaults: { podSecurityContext: { runAsUser: number; runAsGroup: number } };
    };
    expect(user).toBe(values.defaults.podSecurityContext.runAsUser);
    expect(DOCKERFILE).toMatch(new RegExp(`^USER ${user}:${values.defaults.podSecurityContext.runAsGroup}$`, 'm'));
  });

  it('starts eksguard itself, so Kubernetes args are eksguard arguments', () => {
    const final = stages(DOCKERFILE).at(-1)?.instructions ?? [];
    expect(final.find((step) => step.keyword === 'ENTRYPOINT')?.args).toBe('["/nodejs/bin/node", "/app/bin/eksguard.js"]');
  });

  it('copies into the build context only what the build reads', () => {
    const allowed = DOCKERIGNORE.split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/$/, ''));
    const copied = instructions(DOCKERFILE)
      .filter((step) => step.keyword === 'COPY' && !step.args.startsWith('--from'))
      .flatMap((step) => step.args.split(/\s+/).slice(0, -1));
    for (const path of copied) expect(allowed, path).toContain(path.replace(/^\.\//, '').replace(/\/$/, ''));
  });
});

describe('the Dockerfile rules reject', () => {
  const replace = (from: string | RegExp, to: string): string => {
    const changed = DOCKERFILE.replace(from, to);
    expect(changed).not.toBe(DOCKERFILE);
    return changed;
  };

  it.each([
    ['a root user', replace(/^USER 65532:65532$/m, 'USER 0'), /runs as root/],
    ['a named user', replace(/^USER 65532:65532$/m, 'USER nonroot'), /not a numeric id/],
    ['dev dependencies in the image', replace('COPY --from=deps /app/node_modules', 'COPY --from=build /src/node_modules'), /does not install with npm ci --omit=dev alone/],
    ['the whole context', replace('COPY docs ./docs', 'COPY . .'), /copies \. from the build context/],
    ['tests', replace('COPY docs ./docs', 'COPY test ./test'), /copies test/],
    ['a shell step at run time', replace('COPY docs ./docs', 'COPY docs ./docs\nRUN chmod -R a-w /app'), /RUN in the final stage/],
    ['a single stage', 'FROM node:20\nCOPY . .\nRUN npm ci\n', /not multi-stage/],
  ])('%s', (_name, text, problem) => {
    expect(dockerfileProblems(text).join('\n')).toMatch(problem);
  });

  it('a .dockerignore that lets .git in', () => {
    expect(dockerignoreProblems('*\n!.git\n')).toEqual(['re-includes .git']);
    expect(dockerignoreProblems('node_modules\n')).toEqual(['does not start with "*" (an allow-list keeps new files out of the image context)']);
  });
});
