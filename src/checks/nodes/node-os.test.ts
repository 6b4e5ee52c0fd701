import { describe, expect, it } from 'vitest';
import { amiTypeVerdict, osImageVerdict } from './node-os.js';

describe('node operating systems', () => {
  it('classifies EKS AMI types', () => {
    expect(amiTypeVerdict('BOTTLEROCKET_ARM_64_NVIDIA')).toBe('optimized');
    expect(amiTypeVerdict('AL2023_x86_64_STANDARD')).toBe('optimized');
    expect(amiTypeVerdict('AL2_x86_64_GPU')).toBe('general-purpose');
    expect(amiTypeVerdict('WINDOWS_CORE_2022_x86_64')).toBe('windows');
    expect(amiTypeVerdict('CUSTOM')).toBe('unknown');
  });

  it('classifies osImage strings', () => {
    expect(osImageVerdict('Bottlerocket OS 1.26.2 (aws-k8s-1.31)')).toBe('optimized');
    expect(osImageVerdict('Bottlerocket (EKS Auto, Standard) 2025.1.7 (aws-k8s-1.31-standard)')).toBe('optimized');
    expect(osImageVerdict('Amazon Linux 2023.6.20241111')).toBe('optimized');
    expect(osImageVerdict('Amazon Linux 2')).toBe('general-purpose');
    expect(osImageVerdict('Ubuntu 22.04.5 LTS')).toBe('general-purpose');
    expect(osImageVerdict('Windows Server 2022 Datacenter')).toBe('windows');
    expect(osImageVerdict(undefined)).toBe('unknown');
  });
});
