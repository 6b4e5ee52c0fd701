import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseSelector, type CheckSelector } from './selector.js';

/** A compliance framework as data: controls, each implemented by check ids (or manual). */
export interface Framework {
  id: string;
  title: string;
  version: string;
  url?: string;
  controls: FrameworkControl[];
}

export interface FrameworkControl {
  id: string;
  title: string;
  /** The built checks that decide the control, each id once. */
  checks: string[];
  /** What of each check concerns the control: the whole check, or the findings a selector picks. */
  selectors: CheckSelector[];
  /** Catalogue checks that will implement the control once built; they decide nothing yet. */
  planned: string[];
  /** Why the control cannot be decided by a scan, when it cannot. */
  manual?: string;
}

const FRAMEWORK_DIR = new URL('./', import.meta.url);

let loaded: Framework[] | undefined;

/** The frameworks shipped in this folder (`*.yaml`), read once. */
export function frameworks(): Framework[] {
  if (!loaded) {
    loaded = readdirSync(FRAMEWORK_DIR)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => parseFramework(readFileSync(new URL(name, FRAMEWORK_DIR), 'utf8'), name));
  }
  return loaded;
}

interface ControlData {
  id?: unknown;
  title?: unknown;
  checks?: unknown;
  planned?: unknown;
  manual?: unknown;
}

/** A scalar of the file as text (YAML reads `1.8.0` as a string but `1.0` as a number). */
function scalarText(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

export function parseFramework(text: string, file: string): Framework {
  const data = parse(text) as { id?: unknown; title?: unknown; version?: unknown; url?: unknown; controls?: unknown } | null;
  if (!data || typeof data.id !== 'string' || !Array.isArray(data.controls)) {
    throw new Error(`${file}: not a framework file (needs id and controls)`);
  }
  return {
    id: data.id,
    title: scalarText(data.title, data.id),
    version: scalarText(data.version, ''),
    ...(typeof data.url === 'string' ? { url: data.url } : {}),
    controls: (data.controls as ControlData[]).map((control) => {
      const id = scalarText(control.id, '');
      const selectors = (Array.isArray(control.checks) ? control.checks : []).map((entry: unknown, index) => {
        const selector = parseSelector(entry);
        if (typeof selector === 'string') throw new Error(`${file}: control ${id}, checks[${index}]: ${selector}`);
        return selector;
      });
      return {
        id,
        title: scalarText(control.title, ''),
        checks: [...new Set(selectors.map((selector) => selector.check))],
        selectors,
        planned: Array.isArray(control.planned) ? control.planned.map(String) : [],
        ...(typeof control.manual === 'string' && control.manual ? { manual: control.manual } : {}),
      };
    }),
  };
}
