/**
 * A deliberately small Dockerfile reader (instructions, line continuations, comments, stages)
 * and the promises the repository's Dockerfile makes, checked as sentences.
 */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions in order, joined across `\` continuations, comments and blank lines dropped. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: Instruction | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line.startsWith('#') || line === '') continue;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1).trim() : line;
    if (pending) {
      pending.args = `${pending.args} ${body}`.trim();
    } else {
      const match = /^(\S+)\s*(.*)$/.exec(body);
      pending = { keyword: (match?.[1] ?? '').toUpperCase(), args: match?.[2] ?? '', line: index + 1 };
    }
    if (!continued) {
      result.push(pending);
      pending = undefined;
    }
  }
  if (pending) result.push(pending);
  return result;
}

/** Stages split at FROM, with `ARG NAME=default` before the first FROM substituted into it. */
export function stages(text: string): Stage[] {
  const args = new Map<string, string>();
  const result: Stage[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'ARG' && result.length === 0) {
      const [name, value] = instruction.args.split('=');
      if (name && value !== undefined) args.set(name, value);
    } else if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.replace(/\$\{(\w+)\}/g, (_, key: string) => args.get(key) ?? '').split(/\s+/);
      result.push({ from: image, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else {
      result.at(-1)?.instructions.push(instruction);
    }
  }
  return result;
}

/** Sources and --from of a COPY (JSON form not used here: the rule below rejects it as unknown). */
function copyParts(args: string): { from?: string; sources: string[] } {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return { ...(from ? { from } : {}), sources: paths.slice(0, -1) };
}

const ALLOWED_FINAL_SOURCES = new Set(['package.json', 'bin', 'docs']);

/** Every broken promise of the Dockerfile, as a sentence; empty when it keeps them all. */
export function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const all = stages(text);
  if (all.length < 2) return ['not multi-stage: the runtime image must not be the build image'];
  const final = all.at(-1)!;
  const byName = new Map(all.filter((stage) => stage.name).map((stage) => [stage.name!, stage]));
  /** A stage with everything it inherits from the stages it is built FROM. */
  const lineage = (stage: Stage): Instruction[] => {
    const parent = byName.get(stage.from);
    return [...(parent ? lineage(parent) : []), ...stage.instructions];
  };

  const users = final.instructions.filter((instruction) => instruction.keyword === 'USER');
  const user = users.at(-1)?.args.split(':')[0] ?? '';
  if (!/^\d+$/.test(user)) problems.push(`final stage USER is "${user || 'unset'}", not a numeric id (Kubernetes cannot check runAsNonRoot on a name)`);
  else if (Number(user) === 0) problems.push('final stage runs as root (USER 0)');

  for (const instruction of final.instructions) {
    if (instruction.keyword === 'RUN') problems.push(`line ${instruction.line}: RUN in the final stage (the runtime base has no shell, and nothing should be installed there)`);
    if (instruction.keyword === 'ADD') problems.push(`line ${instruction.line}: ADD in the final stage (use COPY)`);
    if (instruction.keyword !== 'COPY') continue;
    const { from, sources } = copyParts(instruction.args);
    if (from) {
      const source = byName.get(from);
      if (!source) problems.push(`line ${instruction.line}: COPY --from=${from}, which is no stage of this file`);
      else if (sources.some((path) => path.endsWith('node_modules'))) {
        const installs = lineage(source).filter((step) => step.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(step.args));
        if (installs.length === 0 || installs.some((step) => !/\bnpm ci\b[^&]*--omit=dev/.test(step.args))) {
          problems.push(`line ${instruction.line}: node_modules from stage ${from}, which does not install with npm ci --omit=dev alone`);
        }
      }
      continue;
    }
    for (const path of sources) {
      const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
      if (!ALLOWED_FINAL_SOURCES.has(clean)) problems.push(`line ${instruction.line}: the final stage copies ${path} from the build context (only ${[...ALLOWED_FINAL_SOURCES].join(', ')})`);
    }
  }

  const builds = all.slice(0, -1).flatMap((stage) => stage.instructions.filter((step) => step.keyword === 'RUN'));
  if (!builds.some((step) => /\bnpm run build\b/.test(step.args))) problems.push('no stage runs npm run build');
  if (!builds.some((step) => /\bnpm ci\b[^&]*--omit=dev/.test(step.args))) problems.push('no stage installs production dependencies with npm ci --omit=dev');
  for (const stage of all) {
    for (const step of stage.instructions.filter((instruction) => instruction.keyword === 'COPY')) {
      for (const path of copyParts(step.args).sources) {
        if (/(^|\/)(\.git|test)(\/|$)/.test(path.replace(/^\.\//, '')) || path === '.' || path === './') {
          problems.push(`line ${step.line}: copies ${path} (the whole context, .git or tests)`);
        }
      }
    }
  }
  return problems;
}

/** The .dockerignore must start by ignoring everything and never re-include .git or tests. */
export function dockerignoreProblems(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const problems: string[] = [];
  if (lines[0] !== '*') problems.push('does not start with "*" (an allow-list keeps new files out of the image context)');
  for (const line of lines.filter((entry) => entry.startsWith('!'))) {
    if (/^!(\.git|test|node_modules|\.scratch|dist)(\/|$)/.test(line) || line === '!.' || line === '!*') problems.push(`re-includes ${line.slice(1)}`);
  }
  return problems;
}
