import { frameworks, type Framework } from './framework-files.js';

/** The Pod Security Standards levels one can choose alone; each is a subset of the `pss` file. */
const PSS_LEVELS = {
  'pss-baseline': { title: 'Baseline', prefixes: ['baseline.'] },
  // The Restricted policy includes every Baseline control (Pod Security Standards, "Restricted").
  'pss-restricted': { title: 'Restricted', prefixes: ['baseline.', 'restricted.'] },
} as const;

type PssLevel = keyof typeof PSS_LEVELS;

/** Every id `--framework` accepts: the shipped files, then the PSS levels. */
export const FRAMEWORK_IDS: readonly string[] = [...frameworks().map((framework) => framework.id), ...Object.keys(PSS_LEVELS)];

export class UnknownFrameworkError extends Error {
  constructor(readonly id: string) {
    super(`unknown framework "${id}"; known frameworks: ${FRAMEWORK_IDS.join(', ')}`);
    this.name = 'UnknownFrameworkError';
  }
}

function isPssLevel(id: string): id is PssLevel {
  return Object.hasOwn(PSS_LEVELS, id);
}

/** A control of one level (`baseline.…`), or one about enforcing any level (no prefix). */
function inLevel(controlId: string, prefixes: readonly string[]): boolean {
  return !controlId.includes('.') || prefixes.some((prefix) => controlId.startsWith(prefix));
}

/** The framework `--framework ID` names; throws UnknownFrameworkError listing the known ids. */
export function findFramework(id: string): Framework {
  if (isPssLevel(id)) {
    const pss = frameworks().find((framework) => framework.id === 'pss');
    if (!pss) throw new UnknownFrameworkError(id);
    const level = PSS_LEVELS[id];
    return {
      ...pss,
      id,
      title: `${pss.title} (${level.title})`,
      controls: pss.controls.filter((control) => inLevel(control.id, level.prefixes)),
    };
  }
  const framework = frameworks().find((candidate) => candidate.id === id);
  if (!framework) throw new UnknownFrameworkError(id);
  return framework;
}

/** The built checks a framework's controls name. */
export function frameworkChecks(framework: Framework): Set<string> {
  return new Set(framework.controls.flatMap((control) => control.checks));
}
