import { describe, expect, it } from 'vitest';
import { compareReleases, daysBetween, latestReleaseParameter, parseRelease } from './ami-release.js';

describe('AMI releases', () => {
  it('parses Amazon Linux, Bottlerocket and Windows release versions', () => {
    const al = parseRelease('AL2023_x86_64_STANDARD', '1.31.2-20241121');
    expect(al).toMatchObject({ kind: 'dated' });
    expect(al?.kind === 'dated' && al.date.toISOString()).toBe('2024-11-21T00:00:00.000Z');
    expect(parseRelease('BOTTLEROCKET_x86_64', '1.26.2-360b7a38')).toMatchObject({ kind: 'bottlerocket', version: [1, 26, 2] });
    expect(parseRelease('WINDOWS_CORE_2022_x86_64', '2024.11.13')).toMatchObject({ kind: 'dated' });
    expect(parseRelease('AL2_x86_64', '1.29.0-20241399')).toBeUndefined();
    expect(parseRelease('CUSTOM', undefined)).toBeUndefined();
  });

  it('orders releases of one family only', () => {
    const a = parseRelease('AL2023_x86_64_STANDARD', '1.31.2-20241121')!;
    const b = parseRelease('AL2023_x86_64_STANDARD', '1.31.3-20250103')!;
    const c = parseRelease('BOTTLEROCKET_x86_64', '1.26.2-360b7a38')!;
    const d = parseRelease('BOTTLEROCKET_x86_64', '1.30.0-8c2b4d1e')!;
    expect(compareReleases(b, a)).toBeGreaterThan(0);
    expect(compareReleases(d, c)).toBeGreaterThan(0);
    expect(compareReleases(a, c)).toBeUndefined();
    expect(daysBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-02T12:00:00Z'))).toBe(60);
  });

  it('names the SSM parameter of the latest release', () => {
    expect(latestReleaseParameter('AL2_ARM_64', '1.29')).toBe('/aws/service/eks/optimized-ami/1.29/amazon-linux-2-arm64/recommended/release_version');
    expect(latestReleaseParameter('AL2023_ARM_64_NVIDIA', '1.31')).toBe('/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/arm64/nvidia/recommended/release_version');
    expect(latestReleaseParameter('BOTTLEROCKET_x86_64_NVIDIA', '1.31')).toBe('/aws/service/bottlerocket/aws-k8s-1.31-nvidia/x86_64/latest/image_version');
    expect(latestReleaseParameter('WINDOWS_FULL_2019_x86_64', '1.30')).toBe('/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-EKS_Optimized-1.30/image_id');
    expect(latestReleaseParameter('CUSTOM', '1.31')).toBeUndefined();
  });
});
