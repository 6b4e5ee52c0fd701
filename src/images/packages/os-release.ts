/**
 * `/etc/os-release` (os-release(5)) and what it means for matching: the OSV ecosystem of the
 * distro's packages (https://ossf.github.io/osv-schema/#affectedpackage-field) and the purl
 * namespace and `distro` qualifier of its packages.
 */
import type { Ecosystem, OsRelease } from '../types.js';

export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'] as const;

/** KEY=value lines; values may be quoted with shell rules (single, double, backslash escapes). */
export function parseOsRelease(text: string): OsRelease | undefined {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    fields.set(m[1]!, unquote(m[2]!));
  }
  const id = fields.get('ID')?.toLowerCase();
  if (!id) return undefined;
  const os: OsRelease = { id };
  const versionId = fields.get('VERSION_ID');
  const codename = fields.get('VERSION_CODENAME');
  const prettyName = fields.get('PRETTY_NAME');
  if (versionId) os.versionId = versionId;
  if (codename) os.versionCodename = codename;
  if (prettyName) os.prettyName = prettyName;
  return os;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  return v;
}

/** Debian codenames of releases that may ship without VERSION_ID (testing images). */
const DEBIAN_CODENAMES: Record<string, string> = { buster: '10', bullseye: '11', bookworm: '12', trixie: '13', forky: '14' };

const major = (v: string | undefined): string | undefined => /^(\d+)/.exec(v ?? '')?.[1];
const majorMinor = (v: string | undefined): string | undefined => /^(\d+\.\d+)/.exec(v ?? '')?.[1];

/**
 * OSV's ecosystem string for the distro's packages. Debian is scoped by its numeric release
 * (`Debian:12`, or the series such as `Debian:sid`), Ubuntu by `YY.MM` plus `:LTS` for LTS
 * releases, Alpine by `v<major.minor>`, AlmaLinux and Rocky by major release. Red Hat's
 * ecosystem is a CPE-derived stream (`Red Hat:enterprise_linux:9::appstream`): the rpmdb does not
 * say which repository a package came from, so the product prefix `Red Hat:enterprise_linux:9`
 * is given and the matcher treats it as a prefix of the `::<repository>` variants.
 * Amazon Linux and other distros have no OSV ecosystem: the name is kept for the inventory and
 * SBOM, and nothing in OSV will match it.
 */
export function distroEcosystem(os: OsRelease): Ecosystem {
  const v = os.versionId;
  switch (os.id) {
    case 'debian': {
      const release = major(v) ?? DEBIAN_CODENAMES[os.versionCodename ?? ''] ?? os.versionCodename;
      return release ? `Debian:${release}` : 'Debian';
    }
    case 'ubuntu': {
      const release = majorMinor(v);
      if (!release) return 'Ubuntu';
      return isUbuntuLts(release, os.prettyName) ? `Ubuntu:${release}:LTS` : `Ubuntu:${release}`;
    }
    case 'alpine': {
      const release = majorMinor(v);
      return release ? `Alpine:v${release}` : 'Alpine';
    }
    case 'rhel':
      return major(v) ? `Red Hat:enterprise_linux:${major(v)}` : 'Red Hat';
    case 'almalinux':
      return major(v) ? `AlmaLinux:${major(v)}` : 'AlmaLinux';
    case 'rocky':
      return major(v) ? `Rocky Linux:${major(v)}` : 'Rocky Linux';
    case 'wolfi':
      return 'Wolfi';
    case 'chainguard':
      return 'Chainguard';
    case 'amzn':
      return v ? `Amazon Linux:${v}` : 'Amazon Linux';
    default:
      return v ? `${os.id}:${v}` : os.id;
  }
}

/** Distributions whose packages OSV has vulnerability records for (the others, Amazon Linux among them, cannot be matched). */
const DISTROS_WITH_OSV_DATA: ReadonlySet<string> = new Set(['debian', 'ubuntu', 'alpine', 'rhel', 'almalinux', 'rocky', 'wolfi', 'chainguard']);

export function hasOsvData(os: OsRelease): boolean {
  return DISTROS_WITH_OSV_DATA.has(os.id);
}

/** PRETTY_NAME says "LTS" on every Ubuntu LTS; failing that, LTS releases are even-year `.04`. */
function isUbuntuLts(release: string, prettyName: string | undefined): boolean {
  if (prettyName && /\bLTS\b/.test(prettyName)) return true;
  const m = /^(\d+)\.04$/.exec(release);
  return m !== null && Number(m[1]) % 2 === 0;
}

/** The purl namespace of a distro's packages (`pkg:deb/debian/…`, `pkg:rpm/redhat/…`). */
export function purlNamespace(os: OsRelease | undefined, fallback: string): string {
  if (!os) return fallback;
  switch (os.id) {
    case 'rhel':
      return 'redhat';
    case 'amzn':
      return 'amazon';
    default:
      return os.id;
  }
}

/** The purl `distro` qualifier: `debian-12`, `alpine-3.19.1`, `rhel-9.3`. */
export function purlDistro(os: OsRelease | undefined): string | undefined {
  if (!os) return undefined;
  const release = os.versionId ?? os.versionCodename;
  return release ? `${os.id}-${release}` : os.id;
}
