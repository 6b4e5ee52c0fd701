/**
 * The test image's package databases and the OSV records the tests build a database from.
 * The dpkg status stanzas follow Debian 12's `/var/lib/dpkg/status` (Policy §5 control fields);
 * the lockfile is npm's v3 format; the records follow the OSV schema 1.6 as osv.dev publishes
 * them: Debian's DEBIAN-CVE records name the source package under `Debian:12` with `upstream`,
 * GitHub's GHSA names the npm package with the CVE as alias.
 */
export const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

export const DEBIAN_STATUS = `Package: base-files
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 341
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 12.4+deb12u2
Replaces: base, dpkg (<= 1.15.0), miscutils
Provides: base
Pre-Depends: awk
Conffiles:
 /etc/debian_version 8031d1483ffa9c819e6be94c6c77fd2a
 /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy of a Debian system.

Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 6029
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.11-1~deb12u1
Depends: libc6 (>= 2.34)
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation of the SSL
 and TLS cryptographic protocols for secure communication over the
 Internet.

Package: openssl
Status: install ok installed
Priority: optional
Section: utils
Installed-Size: 2273
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Multi-Arch: foreign
Version: 3.0.11-1~deb12u1
Depends: libc6 (>= 2.34), libssl3 (>= 3.0.9)
Suggests: ca-certificates
Conffiles:
 /etc/ssl/openssl.cnf 6b4a72a4ce84bab35d884e536295e14f
Description: Secure Sockets Layer toolkit - cryptographic utility
 This package is part of the OpenSSL project's implementation of the SSL
 and TLS cryptographic protocols for secure communication over the
 Internet.

Package: zlib1g
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Multi-Arch: same
Source: zlib
Version: 1:1.2.13.dfsg-1
Provides: libz1
Depends: libc6 (>= 2.14)
Breaks: libxml2 (<< 2.7.6.dfsg-2), texlive-binaries (<< 2009-12)
Description: compression library - runtime
 zlib is a library implementing the deflate compression method found
 in gzip and PKZIP.  This package includes the shared library.
Homepage: http://zlib.net/
`;

export const PACKAGE_LOCK = {
  name: 'shop-api',
  version: '1.4.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'shop-api', version: '1.4.0', license: 'UNLICENSED', dependencies: { elliptic: '6.5.3' } },
    'node_modules/elliptic': {
      version: '6.5.3',
      resolved: 'https://registry.npmjs.org/elliptic/-/elliptic-6.5.3.tgz',
      integrity: 'sha512-IMqzv5wNQf+E6aHeIqATs0tOLeOTwj1QKbRcS3jBbYkl5oLAserA8yJTT7/VyHUYG91PRmPyeQDObKLPpeS4dw==',
      license: 'MIT',
      dependencies: { 'bn.js': '^4.4.0' },
    },
    'node_modules/bn.js': {
      version: '4.12.0',
      resolved: 'https://registry.npmjs.org/bn.js/-/bn.js-4.12.0.tgz',
      integrity: 'sha512-c98Bf3tPniI+scsdk237ku1Dc3ujXQTSgyiPUDEOe7tRkhrqridvh8klBv0HCEso1OLOYcHuCv/cS6DNxKH+ZA==',
      license: 'MIT',
    },
  },
};

export const OSV_RECORDS: Record<string, unknown> = {
  'Debian/DEBIAN-CVE-2023-5363.json': {
    schema_version: '1.6.0',
    id: 'DEBIAN-CVE-2023-5363',
    modified: '2024-09-18T03:22:09.117Z',
    published: '2023-10-25T18:17:43Z',
    upstream: ['CVE-2023-5363'],
    details:
      'Issue summary: A bug has been identified in the processing of key and initialisation vector (IV) lengths. This can lead to potential truncation or overruns during the initialisation of some symmetric ciphers.',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
    affected: [
      {
        package: { name: 'openssl', ecosystem: 'Debian:12', purl: 'pkg:deb/debian/openssl?arch=source' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }],
      },
    ],
    references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2023-5363' }],
  },
  'Debian/DEBIAN-CVE-2022-37434.json': {
    schema_version: '1.6.0',
    id: 'DEBIAN-CVE-2022-37434',
    modified: '2024-09-18T03:22:09.117Z',
    published: '2022-08-05T07:15:07Z',
    upstream: ['CVE-2022-37434'],
    details: 'zlib through 1.2.12 has a heap-based buffer over-read or buffer overflow in inflate in inflate.c via a large gzip header extra field.',
    affected: [
      {
        package: { name: 'zlib', ecosystem: 'Debian:12', purl: 'pkg:deb/debian/zlib?arch=source' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.2.11.dfsg-4.1' }] }],
      },
    ],
    references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2022-37434' }],
  },
  'npm/GHSA-r9p9-mrjm-926w.json': {
    schema_version: '1.6.0',
    id: 'GHSA-r9p9-mrjm-926w',
    modified: '2023-11-08T04:04:25Z',
    published: '2021-03-08T16:06:50Z',
    aliases: ['CVE-2020-28498'],
    summary: 'Use of a Broken or Risky Cryptographic Algorithm',
    details: 'The package elliptic before 6.5.4 are vulnerable to Cryptographic Issues via the secp256k1 implementation in elliptic/ec/key.js.',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'elliptic', purl: 'pkg:npm/elliptic' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '6.5.4' }] }],
        database_specific: { source: 'https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/2021/03/GHSA-r9p9-mrjm-926w/GHSA-r9p9-mrjm-926w.json' },
      },
    ],
    references: [
      { type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2020-28498' },
      { type: 'PACKAGE', url: 'https://github.com/indutny/elliptic' },
    ],
    database_specific: { severity: 'MODERATE', cwe_ids: ['CWE-327'], github_reviewed: true, github_reviewed_at: '2021-02-08T19:05:20Z', nvd_published_at: '2021-02-02T19:15:00Z' },
  },
};
