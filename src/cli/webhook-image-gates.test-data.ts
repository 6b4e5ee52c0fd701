/**
 * Two Debian 12 root file systems for the image-gate tests, differing in one package version, and
 * the OSV record that tells them apart. The dpkg stanzas follow bookworm's `/var/lib/dpkg/status`
 * (Policy §5 control fields); the record follows OSV schema 1.6 as osv.dev publishes Debian's
 * DEBIAN-CVE records: the source package under `Debian:12`, the CVE in `upstream`.
 */
import { DEBIAN_STATUS } from './image-command.test-data.js';

export { OS_RELEASE } from './image-command.test-data.js';

/** The first stanza of the image scan tests' status file: base-files. */
const BASE_FILES = DEBIAN_STATUS.slice(0, DEBIAN_STATUS.indexOf('\n\n') + 1);

function libcurl4(version: string): string {
  return `Package: libcurl4
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 1014
Maintainer: Alessandro Ghedini <ghedo@debian.org>
Architecture: amd64
Multi-Arch: same
Source: curl
Version: ${version}
Depends: libbrotli1 (>= 0.6.0), libc6 (>= 2.34), libgssapi-krb5-2 (>= 1.17), libidn2-0 (>= 0.6), libldap-2.5-0 (>= 2.5.4), libnghttp2-14 (>= 1.50.0), libpsl5 (>= 0.16.0), librtmp1 (>= 2.4+20131018.git79459a2-3~), libssh2-1 (>= 1.7.0), libssl3 (>= 3.0.0), libzstd1 (>= 1.5.2), zlib1g (>= 1:1.1.4)
Recommends: ca-certificates
Description: easy-to-use client-side URL transfer library (OpenSSL flavour)
 libcurl is an easy-to-use client-side URL transfer library, supporting DICT,
 FILE, FTP, FTPS, GOPHER, GOPHERS, HTTP, HTTPS, IMAP, IMAPS, LDAP, LDAPS, MQTT, POP3,
 POP3S, RTMP, RTMPS, RTSP, SCP, SFTP, SMB, SMBS, SMTP, SMTPS, TELNET and TFTP.
Homepage: https://curl.se/
`;
}

/** libcurl4 before the fix of DSA-5523-1. */
export const VULNERABLE_STATUS = `${BASE_FILES}\n${libcurl4('7.88.1-10+deb12u1')}`;
/** libcurl4 at exactly the fixed version: `fixed` is exclusive, so not affected. */
export const CLEAN_STATUS = `${BASE_FILES}\n${libcurl4('7.88.1-10+deb12u3')}`;

export const CVE = 'CVE-2023-38545';
export const FIXED = '7.88.1-10+deb12u3';

export const OSV_RECORDS: Record<string, unknown> = {
  'Debian/DEBIAN-CVE-2023-38545.json': {
    schema_version: '1.6.0',
    id: 'DEBIAN-CVE-2023-38545',
    modified: '2024-09-18T03:22:09.117Z',
    published: '2023-10-18T04:15:11Z',
    upstream: [CVE],
    details:
      'This flaw makes curl overflow a heap based buffer in the SOCKS5 proxy handshake. When curl is asked to pass along the host name to the SOCKS5 proxy to allow that to resolve the address instead of it getting done by curl itself, the maximum length that host name can be is 255 bytes.',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { name: 'curl', ecosystem: 'Debian:12', purl: 'pkg:deb/debian/curl?arch=source' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: FIXED }] }],
      },
    ],
    references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2023-38545' }],
  },
};
