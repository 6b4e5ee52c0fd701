import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGoBinary, readGoBuildInfo } from './go-buildinfo.js';
import { InventoryBuilder } from './inventory.js';
import { buildGoElf, framedModInfo } from './test-support/go-binary-builder.js';

const MODINFO = framedModInfo([
  'path\tgithub.com/shop/api/cmd/api',
  'mod\tgithub.com/shop/api\tv1.4.0\th1:abc=',
  'dep\tgithub.com/spf13/cobra\tv1.8.0\th1:7aJaZx1B85qltLMc546zn58BxxfZdR/W22ej9CFmEQ4=',
  'dep\tgolang.org/x/net\tv0.17.0\th1:pVaXccu4WtPYTVP7iT8+yq/Jr7qqp0XadmIfCn1Ev/Q=',
  '=>\tgolang.org/x/net\tv0.23.0\th1:7EYJ93RZ9vYSZAIb2x3lnuvqO5zneoD6IvWjuhfxjTs=',
  'dep\tgithub.com/shop/internal\tv0.0.0',
  '=>\t../internal\t',
  'build\t-compiler=gc',
  'build\tCGO_ENABLED=0',
  'build\tGOARCH=amd64',
]);

describe('Go build info', () => {
  it('reads the Go 1.18+ inline layout from the .go.buildinfo section', () => {
    const info = readGoBuildInfo(buildGoElf({ layout: 'inline', goVersion: 'go1.21.5', modinfo: MODINFO, padding: 5000 }));
    expect(info).toEqual({
      goVersion: 'go1.21.5',
      path: 'github.com/shop/api/cmd/api',
      main: { path: 'github.com/shop/api', version: 'v1.4.0' },
      deps: [
        { path: 'github.com/spf13/cobra', version: 'v1.8.0' },
        { path: 'golang.org/x/net', version: 'v0.23.0' },
        { path: 'github.com/shop/internal', version: 'v0.0.0' },
      ],
    });
  });

  it('reads the Go 1.13–1.17 pointer layout through the ELF segments', () => {
    const info = readGoBuildInfo(buildGoElf({ layout: 'pointer', goVersion: 'go1.16.15', modinfo: MODINFO }));
    expect(info?.goVersion).toBe('go1.16.15');
    expect(info?.main).toEqual({ path: 'github.com/shop/api', version: 'v1.4.0' });
    expect(info?.deps).toHaveLength(3);
  });

  it('finds the header by its magic when section headers are gone', () => {
    for (const layout of ['inline', 'pointer'] as const) {
      const info = readGoBuildInfo(buildGoElf({ layout, goVersion: 'go1.20.1', modinfo: MODINFO, withoutSections: true }));
      expect(info?.main?.path).toBe('github.com/shop/api');
    }
  });

  it('lists main module, dependencies and stdlib as Go packages', () => {
    const out = new InventoryBuilder();
    readGoBinary('/usr/local/bin/api', buildGoElf({ layout: 'inline', goVersion: 'go1.21.5 X:boringcrypto', modinfo: MODINFO }), out);
    expect(out.packages.map((p) => `${p.name}@${p.version} ${p.purl}`)).toEqual([
      'github.com/shop/api@v1.4.0 pkg:golang/github.com/shop/api@v1.4.0',
      'github.com/spf13/cobra@v1.8.0 pkg:golang/github.com/spf13/cobra@v1.8.0',
      'golang.org/x/net@v0.23.0 pkg:golang/golang.org/x/net@v0.23.0',
      'github.com/shop/internal@v0.0.0 pkg:golang/github.com/shop/internal@v0.0.0',
      'stdlib@v1.21.5 pkg:golang/stdlib@v1.21.5',
    ]);
    expect(out.packages.every((p) => p.ecosystem === 'Go' && p.foundIn === '/usr/local/bin/api')).toBe(true);
  });

  it('gives stdlib the SemVer form the Go vulnerability database uses', () => {
    const stdlib = (goVersion: string): string | undefined => {
      const out = new InventoryBuilder();
      readGoBinary('/bin/x', buildGoElf({ layout: 'inline', goVersion, modinfo: MODINFO }), out);
      return out.packages.find((p) => p.name === 'stdlib')?.version;
    };
    expect(stdlib('go1.20')).toBe('v1.20.0');
    expect(stdlib('go1.19.13')).toBe('v1.19.13');
    expect(stdlib('go1.21rc2')).toBe('v1.21.0-rc.2');
    expect(stdlib('go1.18beta1')).toBe('v1.18.0-beta.1');
    expect(stdlib('go1.22.0 X:boringcrypto')).toBe('v1.22.0');
    expect(stdlib('devel go1.23-abcdef')).toBeUndefined();
  });

  it('ignores files that are not Go binaries and survives a corrupt header', () => {
    expect(readGoBuildInfo(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
    const elf = buildGoElf({ layout: 'inline', goVersion: 'go1.21.5', modinfo: MODINFO });
    const at = elf.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    elf.fill(0xff, at + 32, at + 40); // a varint that never ends
    expect(readGoBuildInfo(elf)).toBeUndefined();
    // The magic quoted in some other binary's data, with nothing valid after it.
    expect(readGoBuildInfo(Buffer.concat([Buffer.alloc(100), Buffer.from('\xff Go buildinf:', 'latin1'), Buffer.alloc(3)]))).toBeUndefined();
  });

  it("reads a real Go binary: Debian's skopeo (a test peer)", () => {
    let skopeo: Buffer;
    try {
      skopeo = readFileSync('/usr/bin/skopeo');
    } catch {
      throw new Error("/usr/bin/skopeo is required for this test: install Debian's skopeo (scripts/install-test-peers.sh)");
    }
    const info = readGoBuildInfo(skopeo);
    // Debian builds skopeo in GOPATH mode: a command path and Go version, no module list.
    expect(info?.goVersion).toMatch(/^go1\.\d+/);
    expect(info?.path).toBe('github.com/containers/skopeo/cmd/skopeo');
  });
});
