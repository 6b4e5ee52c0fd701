/**
 * What a package reader hands back: the packages it found and, per file it could not read, an
 * error naming the file. One bad database never costs the others.
 */
import type { ImagePackage, OsRelease } from '../types.js';

export interface PackageReadError {
  /** The file (`/var/lib/dpkg/status`) or the entry within it (`/var/lib/dpkg/status#12`). */
  file: string;
  message: string;
}

export interface PackageInventory {
  os?: OsRelease;
  packages: ImagePackage[];
  errors: PackageReadError[];
}

/** Collects packages and errors while readers run; a thrown error becomes an entry for its file. */
export class InventoryBuilder {
  readonly packages: ImagePackage[] = [];
  readonly errors: PackageReadError[] = [];

  add(pkg: ImagePackage): void {
    this.packages.push(pkg);
  }

  error(file: string, message: string): void {
    this.errors.push({ file, message });
  }

  /** Runs one file's reader; whatever it throws is recorded against the file and the rest goes on. */
  guard(file: string, read: () => void): void {
    try {
      read();
    } catch (err) {
      this.error(file, err instanceof Error ? err.message : String(err));
    }
  }
}

/** Bounds every text file we parse: larger ones are a hostile or broken image, not a package db. */
export const MAX_TEXT_DB_BYTES = 64 * 1024 * 1024;

export function decodeUtf8(buf: Buffer, file: string): string {
  if (buf.length > MAX_TEXT_DB_BYTES) throw new Error(`${file}: ${buf.length} bytes exceeds the ${MAX_TEXT_DB_BYTES}-byte limit`);
  // A NUL byte never appears in these text formats; binary garbage is refused, not half-parsed.
  if (buf.includes(0)) throw new Error(`${file}: binary content (NUL byte) in a text package database`);
  return buf.toString('utf8');
}
