import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InventoryBuilder } from './inventory.js';
import { isPythonMetadata, normalizePypiName, readPythonMetadata } from './python.js';

const fixture = (p: string) => readFileSync(new URL(`fixtures/python/${p}`, import.meta.url));

describe('python metadata', () => {
  it('recognises dist-info and egg-info files in site-packages only', () => {
    expect(isPythonMetadata('/usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA')).toBe(true);
    expect(isPythonMetadata('/usr/lib/python3/dist-packages/PyYAML-5.3.1.egg-info/PKG-INFO')).toBe(true);
    expect(isPythonMetadata('/usr/lib/python3/dist-packages/six-1.16.0.egg-info')).toBe(true);
    expect(isPythonMetadata('/src/requests-2.31.0.dist-info/METADATA')).toBe(false);
    expect(isPythonMetadata('/usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/RECORD')).toBe(false);
  });

  it('normalises names per PEP 503', () => {
    expect(['Friendly-Bard', 'FRIENDLY-BARD', 'friendly.bard', 'friendly_bard', 'friendly--bard', 'FrIeNdLy-._.-bArD'].map(normalizePypiName)).toEqual(
      Array(6).fill('friendly-bard'),
    );
  });

  it.each([
    ['requests-METADATA', 'requests', '2.31.0', 'pkg:pypi/requests@2.31.0', ['Apache 2.0']],
    ['zope.interface-METADATA', 'zope-interface', '6.1', 'pkg:pypi/zope-interface@6.1', ['ZPL 2.1']],
    ['PyYAML-PKG-INFO', 'pyyaml', '5.3.1', 'pkg:pypi/pyyaml@5.3.1', ['MIT']],
  ])('%s → %s %s (headers only, not the description body)', (file, name, version, purl, licenses) => {
    const out = new InventoryBuilder();
    readPythonMetadata('/x/site-packages/y/METADATA', fixture(file), out);
    expect(out.packages).toEqual([{ name, version, ecosystem: 'PyPI', purl, foundIn: '/x/site-packages/y/METADATA', licenses }]);
  });

  it('refuses metadata without a name or version', () => {
    const out = new InventoryBuilder();
    expect(() => readPythonMetadata('/m', Buffer.from('Metadata-Version: 2.1\nVersion: 1\n'), out)).toThrow(/Name header/);
    expect(() => readPythonMetadata('/m', Buffer.from('Metadata-Version: 2.1\nName: x\n'), out)).toThrow(/Version header/);
  });
});
