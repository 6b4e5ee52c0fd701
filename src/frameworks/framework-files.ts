import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

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
  checks: string[];
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

export function parseFramework(text: string, file: string): Framework {
  const data = parse(text) as Partial<Framework> | null;
  if (!data || typeof data.id !== 'string' || !Array.isArray(data.controls)) {
    throw new Error(`${file}: not a framework file (needs id and controls)`);
  }
  return {
    id: data.id,
    title: String(data.title ?? data.id),
    version: String(data.version ?? ''),
    ...(data.url ? { url: data.url } : {}),
    controls: data.controls.map((control) => ({
      id: String(control.id),
      title: String(control.title ?? ''),
      checks: Array.isArray(control.checks) ? control.checks.map(String) : [],
      planned: Array.isArray(control.planned) ? control.planned.map(String) : [],
      ...(control.manual ? { manual: String(control.manual) } : {}),
    })),
  };
}

/** check id → framework id → control ids, for every check a framework names. */
export function refsByCheck(list: readonly Framework[] = frameworks()): Map<string, Record<string, string[]>> {
  const refs = new Map<string, Record<string, string[]>>();
  for (const framework of list) {
    for (const control of framework.controls) {
      for (const checkId of control.checks) {
        let byFramework = refs.get(checkId);
        if (!byFramework) refs.set(checkId, (byFramework = {}));
        (byFramework[framework.id] ??= []).push(control.id);
      }
    }
  }
  return refs;
}
