import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDpkgStatus } from './dpkg.js';
import { InventoryBuilder } from './inventory.js';
import { parseOsRelease } from './os-release.js';

const fixture = (p: string) => readFileSync(new URL(`fixtures/${p}`, import.meta.url));
const debian12 = parseOsRelease(fixture('debian12/os-release').toString())!;

function read(file: string, content: Buffer | string) {
  const out = new InventoryBuilder();
  readDpkgStatus(file, Buffer.isBuffer(content) ? content : Buffer.from(content), debian12, out);
  return out;
}

describe('dpkg status', () => {
  it('reads the installed packages of a Debian 12 status file, with sources and epochs', () => {
    const out = read('/var/lib/dpkg/status', fixture('debian12/status'));
    expect(out.errors).toEqual([]);
    const names = out.packages.map((p) => p.name);
    expect(names).toEqual(['base-files', 'bash', 'ca-certificates', 'coreutils', 'libc6', 'libgcc-s1', 'libssl3', 'tzdata', 'zlib1g']);
    const by = new Map(out.packages.map((p) => [p.name, p]));
    expect(by.get('zlib1g')).toEqual({
      name: 'zlib1g',
      version: '1:1.2.13.dfsg-1',
      ecosystem: 'Debian:12',
      sourceName: 'zlib',
      sourceVersion: '1:1.2.13.dfsg-1',
      purl: 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12',
      foundIn: '/var/lib/dpkg/status',
    });
    // binNMU: the binary version differs from the source version given in parentheses.
    expect(by.get('bash')).toMatchObject({ version: '5.2.15-2+b8', sourceName: 'bash', sourceVersion: '5.2.15-2' });
    expect(by.get('libssl3')).toMatchObject({ sourceName: 'openssl', sourceVersion: '3.0.19-1~deb12u2' });
    expect(by.get('tzdata')).toMatchObject({ sourceName: 'tzdata', purl: 'pkg:deb/debian/tzdata@2025b-0+deb12u2?arch=all&distro=debian-12' });
    // deinstall/config-files and half-configured packages are not installed.
    expect(names).not.toContain('libpython3.11-minimal');
    expect(names).not.toContain('curl');
  });

  it('reads distroless status.d files, which carry no Status field', () => {
    const out = read('/var/lib/dpkg/status.d/libssl3', fixture('distroless/libssl3'));
    expect(out.packages).toEqual([
      expect.objectContaining({ name: 'libssl3', version: '3.0.15-1~deb12u1', sourceName: 'openssl', foundIn: '/var/lib/dpkg/status.d/libssl3' }),
    ]);
  });

  it('skips malformed stanzas with an error naming the line, and keeps the rest', () => {
    const text = [
      'Package: good',
      'Status: install ok installed',
      'Version: 1.0-1',
      '',
      'Package: broken',
      'this line has no colon',
      'Status: install ok installed',
      'Version: 1.0',
      '',
      ' continuation first',
      '',
      'Package: noversion',
      'Status: install ok installed',
      '',
      'Package: BadName!',
      'Status: install ok installed',
      'Version: 1',
      '',
      'Package: badsource',
      'Status: install ok installed',
      'Version: 2',
      'Source: a b c',
      '',
    ].join('\n');
    const out = read('/var/lib/dpkg/status', text);
    expect(out.packages.map((p) => p.name)).toEqual(['good']);
    expect(out.errors).toEqual([
      { file: '/var/lib/dpkg/status:6', message: expect.stringContaining('not a "Field: value" line') },
      { file: '/var/lib/dpkg/status:10', message: 'continuation line before any field' },
      { file: '/var/lib/dpkg/status:12', message: 'package noversion: missing or invalid Version field' },
      { file: '/var/lib/dpkg/status:15', message: expect.stringContaining('invalid Package field') },
      { file: '/var/lib/dpkg/status:19', message: expect.stringContaining('malformed Source field') },
    ]);
  });

  it('refuses binary garbage as a whole', () => {
    expect(() => read('/var/lib/dpkg/status', Buffer.from([0x50, 0x00, 0xff, 0x13]))).toThrow(/binary content/);
  });

  it('agrees with dpkg-query on the real status database of this machine', () => {
    let listed: string;
    try {
      listed = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Status} ${Package} ${Version}\n'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      throw new Error(`dpkg-query is required for this test (Debian's dpkg package): ${String(err)}`);
    }
    const expected = listed
      .split('\n')
      .filter((l) => l.startsWith('installed '))
      .map((l) => l.slice('installed '.length))
      .sort();
    const out = read('/var/lib/dpkg/status', readFileSync('/var/lib/dpkg/status'));
    expect(out.errors).toEqual([]);
    expect(out.packages.map((p) => `${p.name} ${p.version}`).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
  });
});
