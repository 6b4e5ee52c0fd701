/**
 * Image scan results cached by manifest digest and database version: an image's packages never
 * change for a digest, and its vulnerabilities change only when the database does. One JSON file
 * per entry under `~/.eksguard/cache/image-scans/<db version>/`, written atomically.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ImageScan } from '../types.js';

const DIGEST = /^sha256:([0-9a-f]{64})$/;
const DB_VERSION = /^[A-Za-z0-9._-]{1,64}$/;

export function defaultCacheDir(): string {
  return join(homedir(), '.eksguard', 'cache');
}

export class ScanCache {
  private readonly root: string;

  constructor(dir: string = defaultCacheDir()) {
    this.root = join(dir, 'image-scans');
  }

  /** Digest and version are checked so neither can steer the path out of the cache. */
  private file(digest: string, dbVersion: string): string {
    const hex = DIGEST.exec(digest)?.[1];
    if (!hex) throw new Error(`not a sha256 digest: ${JSON.stringify(digest)}`);
    if (!DB_VERSION.test(dbVersion)) throw new Error(`not a database version: ${JSON.stringify(dbVersion)}`);
    return join(this.root, dbVersion, `${hex}.json`);
  }

  /** The cached scan, or undefined when absent or unreadable (a corrupt entry is a miss). */
  get(digest: string, dbVersion: string): ImageScan | undefined {
    const file = this.file(digest, dbVersion);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const scan = JSON.parse(text) as ImageScan;
      return scan.digest === digest && Array.isArray(scan.packages) && Array.isArray(scan.vulnerabilities) ? scan : undefined;
    } catch {
      return undefined;
    }
  }

  put(scan: ImageScan, dbVersion: string): void {
    const file = this.file(scan.digest, dbVersion);
    mkdirSync(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(scan));
    renameSync(temp, file);
  }

  /** Drops entries made with other database versions. */
  prune(currentDbVersion: string): void {
    let versions: string[] = [];
    try {
      versions = readdirSync(this.root);
    } catch {
      return;
    }
    for (const version of versions) if (version !== currentDbVersion) rmSync(join(this.root, version), { recursive: true, force: true });
  }
}
