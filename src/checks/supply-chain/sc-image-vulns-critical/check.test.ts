import { describe, expect, it } from 'vitest';
import { describeCheck, scanCase } from '../../test-support/check-tester.js';
import { API_DIGEST, CURL_CRITICAL, image, MINIZIP_UNFIXED, scanned, WEB_DIGEST, WEBP_HIGH, ZLIB_CRITICAL } from '../test-support/images.js';
import { check } from './check.js';

const deployment = (containers: string, initContainers = ''): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:${initContainers ? `\n      initContainers:\n${initContainers}` : ''}
      containers:
${containers}
`;

const WEB = deployment(`        - { name: web, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3" }
        - { name: proxy, image: "nginx:1.27" }`);

describeCheck(check, {
  pass: [
    {
      name: 'images without critical vulnerabilities (a high one is below the default threshold)',
      source: { type: 'cluster' },
      images: scanned([
        image({ digest: WEB_DIGEST, references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'], vulnerabilities: [WEBP_HIGH] }),
        // Found in the runtime's canonical form: the pod spec's `nginx:1.27` is docker.io/library/nginx:1.27.
        image({ references: ['docker.io/library/nginx:1.27'] }),
      ]),
      yaml: WEB,
    },
    {
      name: 'onlyFixable leaves out a critical vulnerability nobody has fixed yet',
      source: { type: 'cluster' },
      options: { onlyFixable: true },
      images: scanned([image({ references: ['app:1'], vulnerabilities: [MINIZIP_UNFIXED] })]),
      yaml: deployment('        - { name: app, image: "app:1" }'),
    },
  ],
  fail: [
    {
      name: 'critical vulnerabilities in the app image, none in the proxy',
      source: { type: 'cluster' },
      images: scanned([
        image({
          digest: WEB_DIGEST,
          references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'],
          vulnerabilities: [WEBP_HIGH, MINIZIP_UNFIXED, ZLIB_CRITICAL, CURL_CRITICAL],
        }),
        image({ references: ['nginx:1.27'] }),
      ]),
      yaml: WEB,
      expect: [
        {
          resource: 'Deployment/shop/web',
          container: 'web',
          path: 'spec.template.spec.containers[0].image',
          // Fixable ones first, then by id; the unfixed one last.
          message:
            'with 3 known critical vulnerabilities in zlib1g, curl: CVE-2022-37434 (critical, zlib1g 1:1.2.11.dfsg-2+deb11u1, fixed in 1:1.2.11.dfsg-2+deb11u2), CVE-2023-38545 (critical, curl 7.74.0-1.3+deb11u7, fixed in 7.74.0-1.3+deb11u10), CVE-2023-45853 (critical, zlib1g 1:1.2.11.dfsg-2+deb11u1, no fix yet)',
        },
      ],
    },
    {
      name: 'one CVE of a source package in two of its binary packages counts once',
      source: { type: 'cluster' },
      images: scanned([
        image({
          digest: WEB_DIGEST,
          references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'],
          vulnerabilities: [ZLIB_CRITICAL, { ...ZLIB_CRITICAL, package: 'zlib1g-dev' }],
        }),
        image({ references: ['nginx:1.27'] }),
      ]),
      yaml: WEB,
      expect: [{ resource: 'Deployment/shop/web', container: 'web', message: 'with 1 known critical vulnerabilities in zlib1g, zlib1g-dev: CVE-2022-37434' }],
    },
    {
      name: 'minSeverity high, an init container pinned by digest and found by it',
      source: { type: 'cluster' },
      options: { minSeverity: 'high' },
      images: scanned([
        image({ digest: API_DIGEST, references: ['registry.corp.example/tools/migrate:7'], vulnerabilities: [WEBP_HIGH] }),
        image({ references: ['nginx:1.27'] }),
      ]),
      yaml: deployment('        - { name: proxy, image: "nginx:1.27" }', `        - { name: migrate, image: "registry.corp.example/tools/migrate@${API_DIGEST}" }`),
      expect: [{ container: 'migrate', path: 'spec.template.spec.initContainers[0].image', message: '1 known high-or-worse vulnerabilities in libwebp6' }],
    },
    {
      name: 'many vulnerabilities: five named, the rest counted; odd ids and escapes made harmless',
      source: { type: 'cluster' },
      images: scanned([
        image({
          references: ['app:1'],
          vulnerabilities: [
            ...Array.from({ length: 500 }, (_, i) => ({ ...ZLIB_CRITICAL, id: `CVE-2024-${String(10000 + i)}` })),
            { ...CURL_CRITICAL, id: `GHSA-\u001b[31mred\u001b[0m-${'x'.repeat(300)}` },
          ],
        }),
      ]),
      yaml: deployment('        - { name: app, image: "app:1" }'),
      expect: [{ container: 'app', message: /with 501 known critical vulnerabilities in zlib1g, curl: CVE-2024-10000 .* and 496 more$/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'no image scan results in a cluster scan',
      source: { type: 'cluster' },
      yaml: WEB,
      expect: [{ resource: 'Cluster/cluster', message: 'images were not scanned: scan with `eksguard scan cluster --scan-images`' }],
    },
    {
      name: 'no image scan results in a manifests scan',
      yaml: WEB,
      expect: [{ message: 'which a manifests scan does not have' }],
    },
    {
      name: 'an Amazon Linux image: nothing found, but its OS packages could not be matched',
      source: { type: 'cluster' },
      images: scanned([
        image({
          digest: WEB_DIGEST,
          references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'],
          gaps: ['Amazon Linux 2023 has no vulnerability data in OSV: its OS packages were not matched'],
        }),
        image({ references: ['nginx:1.27'] }),
      ]),
      yaml: WEB,
      expect: [{ container: 'web', message: 'was only partly scanned: Amazon Linux 2023 has no vulnerability data in OSV' }],
    },
    {
      name: 'an image the registry refused, and one the scan missed',
      source: { type: 'cluster' },
      images: scanned([
        image({ digest: undefined, references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'], error: 'registry answered 401 Unauthorized' }),
      ]),
      yaml: WEB,
      expect: [
        { container: 'web', path: 'spec.template.spec.containers[0].image', message: 'could not be scanned: registry answered 401 Unauthorized' },
        { container: 'proxy', message: 'image "nginx:1.27" was not scanned' },
      ],
    },
    {
      name: 'a threshold below what the scan recorded',
      source: { type: 'cluster' },
      options: { minSeverity: 'medium' },
      images: scanned([image({ references: ['nginx:1.27'] })], { minSeverity: 'high' }),
      yaml: WEB,
      expect: [{ message: 'recorded only vulnerabilities of severity high or worse, and minSeverity is medium' }],
    },
    {
      name: 'images scanned without a vulnerability database',
      source: { type: 'cluster' },
      images: scanned([image({ references: ['nginx:1.27'] })], { database: undefined }),
      yaml: WEB,
      expect: [{ message: 'without a vulnerability database' }],
    },
  ],
});

describe('sc-image-vulns-critical messages', () => {
  it('never carries control characters or an unbounded id from the scan', () => {
    const { results } = scanCase(check, {
      name: 'hostile id',
      source: { type: 'cluster' },
      images: scanned([image({ references: ['app:1'], vulnerabilities: [{ ...CURL_CRITICAL, id: `X-\u001b]0;owned\u0007${'9'.repeat(5000)}` }] })]),
      yaml: deployment('        - { name: app, image: "app:1" }'),
    });
    const [finding] = results.filter((result) => result.status === 'fail');
    expect([...finding!.message].some((char) => char.charCodeAt(0) < 0x20)).toBe(false);
    expect(finding!.message.length).toBeLessThan(400);
  });
});
