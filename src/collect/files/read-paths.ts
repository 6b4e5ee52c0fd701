import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyLoad, loadManifestBytes, type LoadedManifests } from './load-manifests.js';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules']);
/**
 * Files found while walking a directory that are YAML but not Kubernetes objects: Helm and
 * Kustomize inputs, package metadata. Named explicitly on the command line, they are read.
 */
const NOT_MANIFESTS = /^(Chart\.ya?ml|Chart\.lock|values([.-].*)?\.ya?ml|kustomization\.ya?ml|package(-lock)?\.json|tsconfig.*\.json|composer\.json)$/i;

/** What a directory walk left out on purpose, so the CLI can say so. */
export interface SkippedPath {
  path: string;
  reason: string;
}

export interface ReadOptions {
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Called after each file, for progress display. */
  onFile?: (file: string, bytesSoFar: number) => void;
  /** Called for each directory or file a walk skips on purpose (Helm charts, values files). */
  onSkip?: (skipped: SkippedPath) => void;
}

/**
 * Loads manifests from files, directories (recursively: *.yaml, *.yml, *.json) and `-` for
 * standard input. A path that cannot be read is an input error; the rest are still read.
 */
export async function loadManifestPaths(paths: readonly string[], options: ReadOptions = {}): Promise<LoadedManifests> {
  const out = emptyLoad();
  const visited = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      const chunks: Uint8Array[] = [];
      const stdin = options.stdin ?? (process.stdin as AsyncIterable<Uint8Array | string>);
      for await (const chunk of stdin) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      }
      loadManifestBytes(Buffer.concat(chunks), '<stdin>', out);
      options.onFile?.('<stdin>', out.bytes);
      continue;
    }
    await loadPath(path, true, out, visited, options);
  }
  return out;
}

async function loadPath(
  path: string,
  explicit: boolean,
  out: LoadedManifests,
  visited: Set<string>,
  options: ReadOptions,
): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    out.errors.push({ file: path, message: describeFsError(error) });
    return;
  }
  if (info.isDirectory()) {
    const real = await realpath(path).catch(() => path);
    if (visited.has(real)) return; // a symlink loop
    visited.add(real);
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      out.errors.push({ file: path, message: describeFsError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((entry) => /^Chart\.ya?ml$/.test(entry.name))) {
      // Unrendered templates are not YAML; the chart is scanned through `helm template`.
      const reason = 'a Helm chart: scan its rendered output (helm template CHART | eksguard scan manifests -)';
      if (explicit) out.errors.push({ file: path, message: `is ${reason}` });
      else options.onSkip?.({ path, reason });
      return;
    }
    for (const entry of entries) {
      // Dotfiles (.eksguard.yaml, .gitlab-ci.yml) and dot-directories (.git, .github) are tooling.
      if (entry.name.startsWith('.') || (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name))) continue;
      if (!entry.isDirectory() && NOT_MANIFESTS.test(entry.name)) {
        options.onSkip?.({ path: join(path, entry.name), reason: 'not a Kubernetes manifest (Helm, Kustomize or package metadata)' });
        continue;
      }
      const child = join(path, entry.name);
      if (entry.isDirectory() || entry.isSymbolicLink() || MANIFEST_EXTENSIONS.test(entry.name)) {
        if (!entry.isDirectory() && !entry.isSymbolicLink()) await loadFile(child, out, options);
        else await loadPath(child, false, out, visited, options);
      }
    }
    return;
  }
  if (!info.isFile()) {
    if (explicit) out.errors.push({ file: path, message: 'not a regular file' });
    return;
  }
  if (!explicit && !MANIFEST_EXTENSIONS.test(path)) return;
  await loadFile(path, out, options);
}

async function loadFile(path: string, out: LoadedManifests, options: ReadOptions): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    out.errors.push({ file: path, message: describeFsError(error) });
    return;
  }
  loadManifestBytes(bytes, path, out);
  options.onFile?.(path, out.bytes);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
