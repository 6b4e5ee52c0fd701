import { describe, expect, it } from 'vitest';
import { imageGate, type ImageGatePolicy } from './image-gate.js';
import { ImageVerdictCache, type ImageJudge, type ImageVerdict } from './image-verdict-cache.js';
import type { AdmissionRequestInfo } from './verdict-types.js';

/** A judge whose answers the test releases when it wants, to play a slow registry. */
class HeldJudge implements ImageJudge {
  calls: string[] = [];
  private readonly waiting = new Map<string, (verdict: ImageVerdict) => void>();
  judge(image: string): Promise<ImageVerdict> {
    this.calls.push(image);
    return new Promise((resolve) => this.waiting.set(image, resolve));
  }
  release(image: string, verdict: ImageVerdict): void {
    this.waiting.get(image)?.(verdict);
    this.waiting.delete(image);
  }
}

const instantly = (verdicts: Record<string, ImageVerdict | Error>): ImageJudge => ({
  judge: (image) => {
    const verdict = verdicts[image];
    if (verdict instanceof Error) return Promise.reject(verdict);
    return Promise.resolve(verdict ?? {});
  },
});

function podRequest(images: string[], init: string[] = []): AdmissionRequestInfo {
  return {
    uid: 'u1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'shop',
    name: 'web',
    operation: 'CREATE',
    userInfo: { username: 'dev' },
    dryRun: false,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        initContainers: init.map((image, index) => ({ name: `init-${index}`, image })),
        containers: images.map((image, index) => ({ name: `app-${index}`, image })),
      },
    },
  };
}

const strict: ImageGatePolicy = {
  signatures: { mode: 'enforce' },
  vulnerabilities: { mode: 'enforce', minSeverity: 'critical', onlyFixable: false },
  whileUnknown: 'deny',
  waitMs: 50,
};

const cacheOf = (judge: ImageJudge) => new ImageVerdictCache(judge, { ttlMs: 60_000, errorTtlMs: 5_000, maxEntries: 100 });

describe('image gates', () => {
  it('deny an unsigned image and one with a critical vulnerability, naming the container and field', async () => {
    const gate = imageGate(
      cacheOf(
        instantly({
          'reg/unsigned:1': { digest: 'sha256:aa', signature: { verified: false, reason: 'no signature' }, vulnerabilities: [] },
          'reg/vulnerable:1': {
            digest: 'sha256:bb',
            signature: { verified: true },
            vulnerabilities: [
              { id: 'CVE-2024-2', severity: 'critical', package: 'openssl', fixedVersions: ['3.0.14-1'] },
              { id: 'CVE-2024-1', severity: 'high', package: 'zlib', fixedVersions: [] },
            ],
          },
          'reg/fine:1': { digest: 'sha256:cc', signature: { verified: true }, vulnerabilities: [{ id: 'CVE-1', severity: 'low', package: 'x', fixedVersions: [] }] },
        }),
      ),
      strict,
    );
    const violations = await gate.judge(podRequest(['reg/unsigned:1', 'reg/fine:1'], ['reg/vulnerable:1']));
    expect(violations.map((violation) => [violation.checkId, violation.container, violation.path, violation.mode, violation.severity])).toEqual([
      ['gate:images/signature', 'app-0', 'spec.containers[0].image', 'enforce', 'high'],
      ['gate:images/vulnerabilities', 'init-0', 'spec.initContainers[0].image', 'enforce', 'critical'],
    ]);
    expect(violations[1]?.message).toBe(
      'Container "init-0" carries 1 critical vulnerability: CVE-2024-2 in openssl (fixed in 3.0.14-1); image reg/vulnerable:1 (sha256:bb)',
    );
    expect(violations[0]?.message).toContain('whose signature does not verify: no signature');
  });

  it('answer a cold cache within the wait, per whileUnknown, and a warm cache from memory', async () => {
    const judge = new HeldJudge();
    const cache = cacheOf(judge);
    const denying = imageGate(cache, strict);
    const cold = await denying.judge(podRequest(['reg/app:1']));
    expect(cold.map((violation) => [violation.checkId, violation.mode])).toEqual([['gate:images/unknown', 'enforce']]);
    expect(cold[0]?.message).toContain('lookup still running after 50 ms');
    // A second request while the lookup runs joins it rather than starting another.
    await imageGate(cache, { ...strict, whileUnknown: 'warn' }).judge(podRequest(['reg/app:1']));
    expect(judge.calls).toEqual(['reg/app:1']);
    judge.release('reg/app:1', { digest: 'sha256:aa', signature: { verified: true }, vulnerabilities: [] });
    await cache.settle();
    expect(await denying.judge(podRequest(['reg/app:1']))).toEqual([]);
    expect(judge.calls).toHaveLength(1);
    expect(await imageGate(cache, { ...strict, whileUnknown: 'allow' }).judge(podRequest(['reg/other:1']))).toEqual([]);
  });

  it('treat a registry failure as unknown, and remember it only briefly', async () => {
    let now = 0;
    let failures = 0;
    const judge: ImageJudge = {
      judge: () => {
        failures++;
        return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5000'));
      },
    };
    const cache = new ImageVerdictCache(judge, { ttlMs: 60_000, errorTtlMs: 5_000, maxEntries: 10, now: () => now });
    const gate = imageGate(cache, { ...strict, whileUnknown: 'warn' });
    const first = await gate.judge(podRequest(['reg/app:1']));
    expect(first[0]).toMatchObject({ checkId: 'gate:images/unknown', mode: 'warn' });
    expect(first[0]?.message).toContain('it could not be checked: connect ECONNREFUSED');
    await gate.judge(podRequest(['reg/app:1']));
    expect(failures).toBe(1);
    now = 6_000;
    await gate.judge(podRequest(['reg/app:1']));
    expect(failures).toBe(2);
  });

  it('only fixable vulnerabilities when asked, and at the configured severity', async () => {
    const verdict: ImageVerdict = {
      digest: 'sha256:aa',
      vulnerabilities: [
        { id: 'CVE-9', severity: 'high', package: 'curl', fixedVersions: [] },
        { id: 'CVE-8', severity: 'high', package: 'curl', fixedVersions: ['8.1'] },
      ],
    };
    const cache = cacheOf(instantly({ 'reg/app:1': verdict }));
    const high = { mode: 'warn' as const, minSeverity: 'high' as const, onlyFixable: true };
    const violations = await imageGate(cache, { vulnerabilities: high, whileUnknown: 'deny', waitMs: 50 }).judge(podRequest(['reg/app:1']));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain('1 high vulnerability: CVE-8 in curl (fixed in 8.1)');
    expect(await imageGate(cache, { vulnerabilities: { ...high, minSeverity: 'critical' }, whileUnknown: 'deny', waitMs: 50 }).judge(podRequest(['reg/app:1']))).toEqual([]);
  });

  it('judge only the ephemeral containers `kubectl debug` adds, not the images the pod was admitted with', async () => {
    const judge = instantly({ 'reg/old:1': { digest: 'sha256:aa', signature: { verified: false, reason: 'no signature' } }, 'reg/debug:1': { digest: 'sha256:bb', signature: { verified: false, reason: 'no signature' } } });
    const gate = imageGate(cacheOf(judge), strict);
    const before = podRequest(['reg/old:1']);
    const after = podRequest(['reg/old:1']);
    (after.object as { spec: Record<string, unknown> }).spec.ephemeralContainers = [{ name: 'debugger', image: 'reg/debug:1' }];
    const debug: AdmissionRequestInfo = { ...after, operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: before.object };
    const violations = await gate.judge(debug);
    expect(violations.map((violation) => [violation.checkId, violation.container, violation.path])).toEqual([['gate:images/signature', 'debugger', 'spec.ephemeralContainers[0].image']]);
  });

  it('run a bounded number of lookups at once, answering further images as unknown without a lookup', async () => {
    const judge = new HeldJudge();
    const cache = new ImageVerdictCache(judge, { ttlMs: 60_000, errorTtlMs: 1_000, maxEntries: 100, maxRunning: 2 });
    for (const image of ['a:1', 'b:1', 'c:1']) await cache.lookup(image, 0);
    expect(judge.calls).toEqual(['a:1', 'b:1']);
    expect(await cache.lookup('c:1', 50)).toEqual({ state: 'unknown', reason: '2 image lookups already running' });
    expect((await cache.lookup('a:1', 0)).state).toBe('unknown');
    judge.release('a:1', { digest: 'sha256:aa' });
    expect(await cache.lookup('a:1', 50)).toEqual({ state: 'known', verdict: { digest: 'sha256:aa' } });
    // The finished lookup leaves the running set once its promise chain has run.
    await new Promise((resolve) => setImmediate(resolve));
    await cache.lookup('c:1', 0);
    expect(judge.calls).toEqual(['a:1', 'b:1', 'c:1']);
  });

  it('ignore objects without a pod template, and keep the cache bounded', async () => {
    const cache = new ImageVerdictCache(instantly({}), { ttlMs: 60_000, errorTtlMs: 1_000, maxEntries: 2 });
    const gate = imageGate(cache, strict);
    const configMap = { ...podRequest([]), kind: { group: '', version: 'v1', kind: 'ConfigMap' }, object: { kind: 'ConfigMap', data: { image: 'x' } } };
    expect(await gate.judge(configMap)).toEqual([]);
    for (const image of ['a:1', 'b:1', 'c:1']) await cache.lookup(image, 50);
    expect((await cache.lookup('a:1', 0)).state).toBe('unknown');
    expect((await cache.lookup('c:1', 0)).state).toBe('known');
  });
});
