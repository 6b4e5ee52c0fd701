export { parseDurationMs } from './duration.js';
export { formatProblems, loadPlaybooks, type ActionValidators, type PlaybookLoad } from './load.js';
export { alertMatches, globMatches, matchingPlaybooks } from './match.js';
export * from './types.js';
export type { PlaybookProblem } from './yaml-fields.js';
