import { describe, expect, it } from 'vitest';
import { distroEcosystem, parseOsRelease, purlDistro } from './os-release.js';

const os = (text: string) => parseOsRelease(text)!;

describe('os-release', () => {
  it('parses quoting and comments as os-release(5) writes them', () => {
    const r = os('# comment\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nNAME=\'x\'\n');
    expect(r).toEqual({ id: 'debian', versionId: '12', versionCodename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
    expect(parseOsRelease('NAME=foo\n')).toBeUndefined();
  });

  it.each([
    ['ID=debian\nVERSION_ID="12"', 'Debian:12', 'debian-12'],
    ['ID=debian\nVERSION_CODENAME=trixie', 'Debian:13', 'debian-trixie'],
    ['ID=debian\nVERSION_CODENAME=sid', 'Debian:sid', 'debian-sid'],
    ['ID=ubuntu\nVERSION_ID="22.04"\nPRETTY_NAME="Ubuntu 22.04.4 LTS"', 'Ubuntu:22.04:LTS', 'ubuntu-22.04'],
    ['ID=ubuntu\nVERSION_ID="24.04"', 'Ubuntu:24.04:LTS', 'ubuntu-24.04'],
    ['ID=ubuntu\nVERSION_ID="23.10"\nPRETTY_NAME="Ubuntu 23.10"', 'Ubuntu:23.10', 'ubuntu-23.10'],
    ['ID=alpine\nVERSION_ID=3.19.1', 'Alpine:v3.19', 'alpine-3.19.1'],
    ['ID="rhel"\nVERSION_ID="9.3"', 'Red Hat:enterprise_linux:9', 'rhel-9.3'],
    ['ID="almalinux"\nVERSION_ID="9.3"', 'AlmaLinux:9', 'almalinux-9.3'],
    ['ID="rocky"\nVERSION_ID="8.9"', 'Rocky Linux:8', 'rocky-8.9'],
    ['ID="amzn"\nVERSION_ID="2023"', 'Amazon Linux:2023', 'amzn-2023'],
    ['ID=wolfi\nVERSION_ID=20230201', 'Wolfi', 'wolfi-20230201'],
  ])('%j → %s', (text, ecosystem, distro) => {
    expect(distroEcosystem(os(text))).toBe(ecosystem);
    expect(purlDistro(os(text))).toBe(distro);
  });
});
