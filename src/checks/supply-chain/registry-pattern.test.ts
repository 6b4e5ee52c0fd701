import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../analysis/supply-chain/image-reference.js';
import { compileRegistryPattern, compileRegistryPatterns } from './registry-pattern.js';

function admits(pattern: string, image: string): boolean {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.error);
  const compiled = compileRegistryPattern(pattern);
  if (!compiled) throw new Error(`pattern ${pattern} did not compile`);
  return compiled.matches(parsed.reference);
}

describe('registry patterns', () => {
  it.each([
    ['*.dkr.ecr.*.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1', true],
    ['*.dkr.ecr.*.amazonaws.com', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.0', true],
    ['*.dkr.ecr.*.amazonaws.com', 'dkr.ecr.eu-west-1.amazonaws.com/x', false],
    ['*.dkr.ecr.*.amazonaws.com', '1.dkr.ecr.eu-west-1.amazonaws.com.evil.io/x', false],
    ['*.dkr.ecr.*.amazonaws.com', 'evil.io/1.dkr.ecr.eu-west-1.amazonaws.com/x', false],
    ['public.ecr.aws', 'public.ecr.aws/eks/coredns:v1.11.1', true],
    ['public.ecr.aws', 'public.ecr.aws.evil.io/eks/coredns', false],
    ['PUBLIC.ECR.AWS', 'public.ecr.aws/x/y', true],
    ['*.corp.com', 'a.b.corp.com/app', false],
    ['*.corp.com', 'registry.corp.com:8443/app', true],
    ['registry.corp.com:5000', 'registry.corp.com:5000/app', true],
    ['registry.corp.com:5000', 'registry.corp.com/app', false],
    ['registry.corp.com:5000', 'registry.corp.com:5001/app', false],
    ['docker.io', 'nginx', true],
    ['index.docker.io', 'nginx', true],
    ['docker.io/library', 'nginx:1.27', true],
    ['docker.io/library', 'bitnami/redis', false],
    ['docker.io/bitnami', 'bitnami/redis:7', true],
    ['docker.io/bitnami', 'bitnamilegacy/redis:7', false],
    ['docker.io/bitnami/*', 'bitnami/redis:7', true],
    ['ghcr.io/*/tools', 'ghcr.io/acme/tools/jq:1', true],
    ['ghcr.io/*/tools', 'ghcr.io/acme/other/jq:1', false],
    ['localhost', 'localhost:5000/app', true],
    ['quay.io/*', 'quay.io/prometheus/node-exporter', true],
  ])('%s admits %s: %s', (pattern, image, expected) => {
    expect(admits(pattern, image)).toBe(expected);
  });

  it('skips blank entries', () => {
    expect(compileRegistryPatterns(['', '  ', 'quay.io']).map((pattern) => pattern.source)).toEqual(['quay.io']);
  });
});
