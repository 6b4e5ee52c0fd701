/**
 * Version ordering per OSV ecosystem. A comparator returns a negative number, zero or a
 * positive number, or undefined when a version cannot be ordered in that ecosystem (then a
 * range cannot be evaluated for it; exact `versions` lists still can).
 */
import { compareApk } from './apk.js';
import { compareDebian } from './debian.js';
import { compareMaven } from './maven.js';
import { comparePep440 } from './pep440.js';
import { compareRpm } from './rpm.js';
import { compareSemver } from './semver.js';

export { compareApk, isValidApkVersion } from './apk.js';
export { compareDebian, isValidDebianVersion, parseDebianVersion } from './debian.js';
export { compareMaven } from './maven.js';
export { comparePep440, parsePep440 } from './pep440.js';
export { compareRpm, rpmvercmp } from './rpm.js';
export { compareSemver, parseSemver } from './semver.js';

export type VersionComparator = (a: string, b: string) => number | undefined;

/** OSV ecosystem (without its `:release` suffix) → ordering. */
const BY_ECOSYSTEM: Record<string, VersionComparator> = {
  Debian: compareDebian,
  Ubuntu: compareDebian,
  Alpine: compareApk,
  Chainguard: compareApk,
  Wolfi: compareApk,
  'Red Hat': compareRpm,
  AlmaLinux: compareRpm,
  'Rocky Linux': compareRpm,
  SUSE: compareRpm,
  openSUSE: compareRpm,
  Mageia: compareRpm,
  'Photon OS': compareRpm,
  openEuler: compareRpm,
  npm: compareSemver,
  Go: compareSemver,
  'crates.io': compareSemver,
  Hex: compareSemver,
  Pub: compareSemver,
  PyPI: comparePep440,
  Maven: compareMaven,
};

/** `Debian:12` → `Debian`; `Maven:https://…` → `Maven`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

/** The ordering of an ecosystem's ECOSYSTEM ranges, or undefined when we have none. */
export function ecosystemComparator(ecosystem: string): VersionComparator | undefined {
  return BY_ECOSYSTEM[baseEcosystem(ecosystem)];
}
