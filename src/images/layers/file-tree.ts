/**
 * The merged root filesystem, holding only wanted files plus every symlink (they are tiny, and
 * resolving `/etc/os-release → ../usr/lib/os-release` or a merged-`/usr` `/lib → usr/lib` needs
 * them). Paths are absolute and normalised from `/`, so `../` in an entry can never climb out.
 */
import { posix } from 'node:path';
import type { FileTree } from '../types.js';

const MAX_LINK_HOPS = 40;

export function normalisePath(name: string): string {
  // Normalising from the root resolves every '..' against '/', which is where it stops.
  const path = posix.normalize(`/${name}`);
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export class MemoryFileTree implements FileTree {
  readonly files = new Map<string, Buffer>();
  readonly symlinks = new Map<string, string>();
  private sorted: string[] | undefined;

  setFile(path: string, content: Buffer): void {
    this.symlinks.delete(path);
    this.files.set(path, content);
    this.sorted = undefined;
  }

  setSymlink(path: string, target: string): void {
    this.files.delete(path);
    this.symlinks.set(path, target);
    this.sorted = undefined;
  }

  /**
   * Applies a layer's whiteouts in one pass over the tree: `removed` paths go with everything
   * under them, `opaque` directories keep themselves but lose their contents. One pass with a
   * walk up each path's parents, not one scan of the tree per whiteout: a layer of 100,000
   * whiteouts must not cost 100,000 scans.
   */
  applyWhiteouts(removed: readonly string[], opaque: readonly string[]): void {
    if (removed.length === 0 && opaque.length === 0) return;
    const gone = new Set(removed);
    const emptied = new Set(opaque);
    const underWhiteout = (key: string): boolean => {
      if (gone.has(key)) return true;
      for (let dir = posix.dirname(key); ; dir = posix.dirname(dir)) {
        if (gone.has(dir) || emptied.has(dir)) return true;
        if (dir === '/' || dir === '.') return false;
      }
    };
    for (const map of [this.files, this.symlinks]) {
      for (const key of [...map.keys()]) if (underWhiteout(key)) map.delete(key);
    }
    this.sorted = undefined;
  }

  /**
   * Follows symlinks in every component of `path`, as the kernel would inside a chroot: absolute
   * targets restart at the image root and `..` never passes it. Undefined on a loop.
   */
  resolve(path: string): string | undefined {
    let parts = normalisePath(path).split('/').filter(Boolean);
    let done: string[] = [];
    let hops = 0;
    while (parts.length > 0) {
      const part = parts.shift()!;
      const current = `/${[...done, part].join('/')}`;
      const target = this.symlinks.get(current);
      if (target === undefined) {
        done.push(part);
        continue;
      }
      if (++hops > MAX_LINK_HOPS) return undefined;
      const base = target.startsWith('/') ? '/' : `/${done.join('/')}`;
      parts = [...normalisePath(posix.join(base, target)).split('/').filter(Boolean), ...parts];
      done = [];
    }
    return `/${done.join('/')}`;
  }

  get(path: string): Buffer | undefined {
    const direct = this.files.get(normalisePath(path));
    if (direct) return direct;
    const resolved = this.resolve(path);
    return resolved === undefined ? undefined : this.files.get(resolved);
  }

  /** Regular files held, sorted (symlinks are followed by `get`, not listed). */
  paths(): string[] {
    this.sorted ??= [...this.files.keys()].sort();
    return this.sorted;
  }
}
