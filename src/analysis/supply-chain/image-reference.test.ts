import { describe, expect, it } from 'vitest';
import {
  canonicalReference,
  effectiveTag,
  hasExplicitRegistry,
  parseImageReference,
  registryHost,
  type ImageReference,
} from './image-reference.js';

const SHA = 'sha256:' + 'a'.repeat(64);

function parsed(raw: string): ImageReference {
  const result = parseImageReference(raw);
  if (!result.ok) throw new Error(`${raw}: ${result.error}`);
  return result.reference;
}

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined, undefined],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', undefined],
    ['bitnami/redis:7.2', 'docker.io', 'bitnami/redis', '7.2', undefined],
    ['docker.io/nginx', 'docker.io', 'library/nginx', undefined, undefined],
    ['index.docker.io/library/nginx:1', 'docker.io', 'library/nginx', '1', undefined],
    ['localhost/app', 'localhost', 'app', undefined, undefined],
    ['localhost:5000/team/app:v2', 'localhost:5000', 'team/app', 'v2', undefined],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io', 'pause', '3.9', undefined],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2024.1',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      'shop/web',
      '2024.1',
      undefined,
    ],
    ['public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1', 'public.ecr.aws', 'eks/aws-load-balancer-controller', 'v2.8.1', undefined],
    [`nginx@${SHA}`, 'docker.io', 'library/nginx', undefined, SHA],
    [`ghcr.io/org/app:1.0@${SHA}`, 'ghcr.io', 'org/app', '1.0', SHA],
    ['[::1]:5000/app:dev', '[::1]:5000', 'app', 'dev', undefined],
    ['MyRegistry/app', 'MyRegistry', 'app', undefined, undefined],
    ['a__b/c--d/e.f_g:Tag_1.x', 'docker.io', 'a__b/c--d/e.f_g', 'Tag_1.x', undefined],
  ])('%s', (raw, registry, repository, tag, digest) => {
    const reference = parsed(raw);
    expect(reference.registry).toBe(registry);
    expect(reference.repository).toBe(repository);
    expect(reference.tag).toBe(tag);
    expect(reference.digest).toBe(digest);
  });

  it('reads a lone host:port as an image and tag, like the runtime', () => {
    const reference = parsed('localhost:5000');
    expect(reference.registry).toBe('docker.io');
    expect(reference.repository).toBe('library/localhost');
    expect(reference.tag).toBe('5000');
  });

  it.each([
    ['', /empty/],
    [' nginx', /whitespace/],
    ['Nginx:1', /lowercase/],
    ['team/App', /lowercase/],
    ['a'.repeat(64), /image id/],
    ['nginx:', /not a valid/],
    ['nginx:-bad', /not a valid/],
    ['ghcr.io/org/app:{{ .Values.tag }}', /not a valid/],
    ['nginx@sha256:abc', /not a valid/],
    [`nginx@sha256:${'a'.repeat(63)}0f`, /64 hex/],
    ['registry:port/app', /not a valid/],
    ['-registry.io/app', /not a valid/],
    [`x.io/${'a/'.repeat(130)}b`, /longer than 255/],
  ])('rejects %j', (raw, error) => {
    const result = parseImageReference(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('image reference helpers', () => {
  it('resolves the tag the runtime pulls', () => {
    expect(effectiveTag(parsed('nginx'))).toBe('latest');
    expect(effectiveTag(parsed('nginx:1.27'))).toBe('1.27');
    expect(effectiveTag(parsed(`nginx:latest@${SHA}`))).toBeUndefined();
  });

  it('gives the registry host without port, in lower case', () => {
    expect(registryHost(parsed('localhost:5000/app'))).toBe('localhost');
    expect(registryHost(parsed('MyRegistry.Example.com:443/app'))).toBe('myregistry.example.com');
    expect(registryHost(parsed('[::1]:5000/app'))).toBe('[::1]');
    expect(registryHost(parsed('nginx'))).toBe('docker.io');
  });

  it('prints the canonical reference', () => {
    expect(canonicalReference(parsed('nginx'))).toBe('docker.io/library/nginx:latest');
    expect(canonicalReference(parsed(`quay.io/a/b:1@${SHA}`))).toBe(`quay.io/a/b@${SHA}`);
  });

  it('tells an implied registry from a named one', () => {
    expect(hasExplicitRegistry(parsed('nginx'))).toBe(false);
    expect(hasExplicitRegistry(parsed('bitnami/redis'))).toBe(false);
    expect(hasExplicitRegistry(parsed('docker.io/bitnami/redis'))).toBe(true);
    expect(hasExplicitRegistry(parsed('index.docker.io/bitnami/redis'))).toBe(true);
    expect(hasExplicitRegistry(parsed('quay.io/a/b'))).toBe(true);
  });
});
