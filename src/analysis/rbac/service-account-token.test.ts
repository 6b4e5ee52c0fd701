import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../model/index.js';
import { hasProjectedToken, mountsServiceAccountToken } from './service-account-token.js';

const workload = (podSpec: PodSpec): { podSpec: PodSpec } => ({ podSpec });
const projected: PodSpec['volumes'] = [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }];

describe('mountsServiceAccountToken', () => {
  it('lets the pod decide, then the ServiceAccount, then defaults to mounting', () => {
    expect(mountsServiceAccountToken(workload({}), undefined)).toBe(true);
    expect(mountsServiceAccountToken(workload({}), { automountServiceAccountToken: false })).toBe(false);
    expect(mountsServiceAccountToken(workload({ automountServiceAccountToken: true }), { automountServiceAccountToken: false })).toBe(true);
    expect(mountsServiceAccountToken(workload({ automountServiceAccountToken: false }), undefined)).toBe(false);
  });

  it('counts a projected token volume whatever automount says', () => {
    expect(hasProjectedToken(workload({ volumes: projected }))).toBe(true);
    expect(mountsServiceAccountToken(workload({ automountServiceAccountToken: false, volumes: projected }), undefined)).toBe(true);
    expect(hasProjectedToken(workload({ volumes: [{ name: 'c', projected: { sources: [{ configMap: { name: 'x' } }] } }] }))).toBe(false);
  });
});
