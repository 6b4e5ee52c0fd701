import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPackages, WANTED_FILES } from './index.js';
import { buildGoElf, framedModInfo } from './test-support/go-binary-builder.js';
import { fileTree } from './test-support/file-tree.js';

const fixture = (p: string) => readFileSync(new URL(`fixtures/${p}`, import.meta.url));
const MB = 1024 * 1024;

describe('WANTED_FILES', () => {
  it.each([
    ['/etc/os-release', 600, true],
    ['/usr/lib/os-release', 600, true],
    ['/var/lib/dpkg/status', 2 * MB, true],
    ['/var/lib/dpkg/status.d/libssl3', 900, true],
    ['/var/lib/dpkg/status.d/libssl3.md5sums', 900, false],
    ['/var/lib/dpkg/status-old', 2 * MB, false],
    ['/lib/apk/db/installed', 300_000, true],
    ['/var/lib/rpm/rpmdb.sqlite', 20 * MB, true],
    ['/var/lib/rpm/rpmdb.sqlite-shm', 32_768, false],
    ['/app/package-lock.json', 400_000, true],
    ['/app/node_modules/x/package-lock.json', 400_000, false],
    ['/app/node_modules/express/package.json', 2000, true],
    ['/app/node_modules/express/lib/router/index.js', 2000, false],
    ['/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA', 1500, true],
    ['/usr/local/bin/api', 30 * MB, true],
    ['/usr/local/bin/small-script', 2000, false],
    ['/usr/local/bin/huge', 500 * MB, false],
    ['/manager', 40 * MB, true],
    ['/usr/share/doc/huge.tar', 40 * MB, false],
    ['/var/lib/dpkg/status', 100 * MB, false],
  ])('%s (%d bytes) → %s', (path, size, wanted) => {
    expect(WANTED_FILES(path, size)).toBe(wanted);
  });
});

describe('readPackages', () => {
  it('reads a Debian 12 image with a Node app and a Go binary, listing each package once', () => {
    const lockV2 = fixture('npm/lock-v2.json');
    const tree = fileTree({
      '/etc/os-release': fixture('debian12/os-release'),
      '/var/lib/dpkg/status': fixture('debian12/status'),
      '/var/lib/dpkg/status.d/libssl3': fixture('distroless/libssl3'),
      '/var/lib/dpkg/status.d/libssl3.md5sums': fixture('distroless/libssl3.md5sums'),
      '/app/package-lock.json': lockV2,
      '/app/node_modules/minimist/package.json': '{"name":"minimist","version":"1.2.5"}',
      '/app/node_modules/jest/package.json': '{"name":"jest","version":"29.3.1"}',
      '/usr/local/bin/api': buildGoElf({ layout: 'inline', goVersion: 'go1.22.1', modinfo: framedModInfo(['mod\tgithub.com/shop/api\tv1.0.0\t']) }),
      '/usr/lib/python3/dist-packages/PyYAML-5.3.1.egg-info/PKG-INFO': fixture('python/PyYAML-PKG-INFO'),
    });
    const inv = readPackages(tree);
    expect(inv.os).toEqual({ id: 'debian', versionId: '12', versionCodename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
    expect(inv.errors).toEqual([]);
    const count = (eco: string) => inv.packages.filter((p) => p.ecosystem === eco).length;
    // 9 from status + libssl3 3.0.15 from status.d (a different version: kept).
    expect(count('Debian:12')).toBe(10);
    // Installed manifests come first (paths are read in order); minimist, also in the lockfile,
    // is listed once; jest is dev-only in the lockfile but installed, so it is listed.
    expect(inv.packages.filter((p) => p.ecosystem === 'npm').map((p) => `${p.name} ${p.foundIn}`)).toEqual([
      'jest /app/node_modules/jest/package.json',
      'minimist /app/node_modules/minimist/package.json',
      '@babel/runtime /app/package-lock.json',
      'regenerator-runtime /app/package-lock.json',
    ]);
    expect(inv.packages.filter((p) => p.ecosystem === 'Go').map((p) => p.name)).toEqual(['github.com/shop/api', 'stdlib']);
    expect(count('PyPI')).toBe(1);
  });

  it('reads an Alpine image from /usr/lib/os-release when /etc/os-release is absent', () => {
    const inv = readPackages(fileTree({ '/usr/lib/os-release': fixture('alpine319/os-release'), '/lib/apk/db/installed': fixture('alpine319/installed') }));
    expect(inv.os?.id).toBe('alpine');
    expect(inv.packages).toHaveLength(6);
    expect(new Set(inv.packages.map((p) => p.ecosystem))).toEqual(new Set(['Alpine:v3.19']));
  });

  it('keeps going past hostile files, with one error per file', () => {
    const inv = readPackages(
      fileTree({
        '/etc/os-release': Buffer.from([0, 1, 2, 3]),
        '/usr/lib/os-release': fixture('debian12/os-release'),
        '/var/lib/dpkg/status': Buffer.concat([Buffer.from('Package: x\n'), Buffer.alloc(64, 0)]),
        '/var/lib/rpm/Packages': Buffer.alloc(64, 0x61),
        '/app/package-lock.json': '{"lockfileVersion": 3, "packages": {"node_modules/ok": {"version": "1.0.0"}}}',
        '/srv/app/package-lock.json': '[[[',
        '/usr/bin/not-go': Buffer.alloc(2 * MB, 0x90),
      }),
    );
    expect(inv.os?.id).toBe('debian');
    expect(inv.packages.map((p) => p.name)).toEqual(['ok']);
    expect(inv.errors.map((e) => e.file)).toEqual(['/etc/os-release', '/srv/app/package-lock.json', '/var/lib/dpkg/status', '/var/lib/rpm/Packages']);
    expect(inv.errors.find((e) => e.file === '/var/lib/rpm/Packages')?.message).toMatch(/Berkeley DB .* not supported/);
  });
});
