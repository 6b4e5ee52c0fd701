import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InventoryBuilder } from './inventory.js';
import { isInstalledPackageJson, readInstalledPackageJson, readPackageLock } from './npm.js';

const fixture = (p: string) => readFileSync(new URL(`fixtures/npm/${p}`, import.meta.url));

function lock(content: Buffer | string) {
  const out = new InventoryBuilder();
  out.guard('/app/package-lock.json', () => readPackageLock('/app/package-lock.json', Buffer.isBuffer(content) ? content : Buffer.from(content), out));
  return out;
}
const list = (out: InventoryBuilder) => out.packages.map((p) => `${p.name}@${p.version}`);

describe('npm lockfiles', () => {
  it('v1: walks nested dependencies, leaves dev ones out', () => {
    const out = lock(fixture('lock-v1.json'));
    expect(out.errors).toEqual([]);
    expect(list(out)).toEqual(['express@4.17.1', 'qs@6.7.0', 'lodash@4.17.20', 'qs@6.11.0']);
    expect(out.packages[0]).toEqual({ name: 'express', version: '4.17.1', ecosystem: 'npm', purl: 'pkg:npm/express@4.17.1', foundIn: '/app/package-lock.json' });
  });

  it('v1: resolves npm: aliases to the real package and skips git, file and URL deps', () => {
    const out = lock(
      JSON.stringify({
        lockfileVersion: 1,
        dependencies: {
          foo: { version: 'npm:bar@1.0.0', resolved: 'https://registry.npmjs.org/bar/-/bar-1.0.0.tgz' },
          scoped: { version: 'npm:@types/node@20.1.0' },
          fromgh: { version: 'github:user/repo#0123456789abcdef0123456789abcdef01234567' },
          fromgit: { version: 'git+https://github.com/user/repo.git#0123456789abcdef0123456789abcdef01234567' },
          local: { version: 'file:../local' },
          tarball: { version: 'https://example.com/pkg-1.0.0.tgz' },
          plain: { version: 'http://example.com/pkg-1.0.0.tgz' },
          ok: { version: '2.0.0' },
        },
      }),
    );
    expect(out.errors).toEqual([]);
    expect(list(out)).toEqual(['bar@1.0.0', '@types/node@20.1.0', 'ok@2.0.0']);
    expect(out.packages[1]!.purl).toBe('pkg:npm/%40types/node@20.1.0');
  });

  it('v2: reads packages by install path, scoped names in the purl namespace', () => {
    const out = lock(fixture('lock-v2.json'));
    expect(list(out)).toEqual(['@babel/runtime@7.20.1', 'minimist@1.2.5', 'regenerator-runtime@0.13.11']);
    expect(out.packages[0]!.purl).toBe('pkg:npm/%40babel/runtime@7.20.1');
    expect(out.packages[1]!.licenses).toEqual(['MIT']);
  });

  it('v3: skips links and workspace sources, honours aliases, keeps nested copies', () => {
    const out = lock(fixture('lock-v3.json'));
    expect(list(out)).toEqual(['axios@1.6.0', 'follow-redirects@1.15.3', 'string-width@4.2.3', 'axios@0.21.1']);
  });

  it('reports invalid JSON, unknown versions and bad entries without throwing the rest away', () => {
    expect(lock('{"lockfileVersion": 3, "packages": {').errors).toEqual([{ file: '/app/package-lock.json', message: expect.stringContaining('invalid JSON') }]);
    expect(lock('{"lockfileVersion": 9, "packages": {}}').errors[0]!.message).toBe('unsupported lockfileVersion 9');
    const out = lock('{"lockfileVersion": 3, "packages": {"node_modules/ok": {"version": "1.0.0"}, "node_modules/bad": {"version": 7}}}');
    expect(list(out)).toEqual(['ok@1.0.0']);
    expect(out.errors).toEqual([{ file: '/app/package-lock.json#node_modules/bad', message: 'entry without a valid name and version' }]);
  });
});

describe('node_modules package.json', () => {
  it('takes only a package root manifest', () => {
    expect(isInstalledPackageJson('/app/node_modules/express/package.json')).toBe(true);
    expect(isInstalledPackageJson('/app/node_modules/@types/node/package.json')).toBe(true);
    expect(isInstalledPackageJson('/app/node_modules/a/node_modules/b/package.json')).toBe(true);
    expect(isInstalledPackageJson('/app/node_modules/express/lib/package.json')).toBe(false);
    expect(isInstalledPackageJson('/app/package.json')).toBe(false);
  });

  it('reads name, version and license', () => {
    const out = new InventoryBuilder();
    const file = '/usr/local/lib/node_modules/npm/node_modules/semver/package.json';
    readInstalledPackageJson(file, Buffer.from('{"name":"semver","version":"7.5.1","license":"ISC"}'), out);
    expect(out.packages).toEqual([{ name: 'semver', version: '7.5.1', ecosystem: 'npm', purl: 'pkg:npm/semver@7.5.1', foundIn: file, licenses: ['ISC'] }]);
    expect(() => readInstalledPackageJson(file, Buffer.from('{"name":"x"}'), out)).toThrow(/valid name and version/);
  });
});
