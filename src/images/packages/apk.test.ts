import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readApkInstalled } from './apk.js';
import { InventoryBuilder } from './inventory.js';
import { parseOsRelease } from './os-release.js';

const fixture = (p: string) => readFileSync(new URL(`fixtures/${p}`, import.meta.url));
const alpine = parseOsRelease(fixture('alpine319/os-release').toString())!;

function read(content: Buffer | string) {
  const out = new InventoryBuilder();
  readApkInstalled('/lib/apk/db/installed', Buffer.isBuffer(content) ? content : Buffer.from(content), alpine, out);
  return out;
}

describe('apk installed db', () => {
  it('reads an Alpine 3.19 installed db with origins, arches and licenses', () => {
    const out = read(fixture('alpine319/installed'));
    expect(out.errors).toEqual([]);
    expect(out.packages.map((p) => `${p.name} ${p.version} ${p.sourceName}`)).toEqual([
      'musl 1.2.4_git20230717-r4 musl',
      'busybox 1.36.1-r15 busybox',
      'libcrypto3 3.1.4-r5 openssl',
      'libssl3 3.1.4-r5 openssl',
      'zlib 1.3.1-r0 zlib',
      'ca-certificates-bundle 20240226-r0 ca-certificates',
    ]);
    expect(out.packages[2]).toEqual({
      name: 'libcrypto3',
      version: '3.1.4-r5',
      ecosystem: 'Alpine:v3.19',
      sourceName: 'openssl',
      sourceVersion: '3.1.4-r5',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1',
      foundIn: '/lib/apk/db/installed',
      licenses: ['Apache-2.0'],
    });
    expect(out.packages[5]!.licenses).toEqual(['MPL-2.0 AND MIT']);
  });

  it('skips stanzas that are not X:value lines or lack P/V, naming the line', () => {
    const out = read('P:ok\nV:1-r0\n\nP:bad\nnot a field line\nV:1\n\nV:2-r0\nA:x86_64\n\nP:nover\n');
    expect(out.packages.map((p) => p.name)).toEqual(['ok']);
    expect(out.errors).toEqual([
      { file: '/lib/apk/db/installed:5', message: expect.stringContaining('not an "X:value" line') },
      { file: '/lib/apk/db/installed:8', message: 'missing or invalid package name (P:)' },
      { file: '/lib/apk/db/installed:11', message: 'package nover: missing or invalid version (V:)' },
    ]);
  });
});
