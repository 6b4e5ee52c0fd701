import type pc from 'picocolors';
import type { Severity } from '../model/index.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** How each severity looks in the terminal; the same in findings and attack paths. */
export const SEVERITY_STYLE: Record<Severity, (c: Colors, text: string) => string> = {
  critical: (c, text) => c.bold(c.white(c.bgRed(text))),
  high: (c, text) => c.bold(c.red(text)),
  medium: (c, text) => c.yellow(text),
  low: (c, text) => c.cyan(text),
  info: (c, text) => c.blue(text),
};
