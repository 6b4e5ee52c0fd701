import { describe, expect, it } from 'vitest';
import { compareVersions, parseImage, versionOf } from './image-ref.js';

describe('parseImage', () => {
  it('splits registry, repository, tag and digest', () => {
    expect(parseImage('redis:7.2')).toEqual({ registry: 'docker.io', repository: 'library/redis', name: 'redis', tag: '7.2' });
    expect(parseImage('bitnami/redis')).toEqual({ registry: 'docker.io', repository: 'bitnami/redis', name: 'redis' });
    expect(parseImage('registry.k8s.io/ingress-nginx/controller:v1.11.3@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toEqual({
      registry: 'registry.k8s.io',
      repository: 'ingress-nginx/controller',
      name: 'controller',
      tag: 'v1.11.3',
      digest: 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(parseImage('localhost:5000/team/db')).toMatchObject({ registry: 'localhost:5000', repository: 'team/db', name: 'db' });
    expect(parseImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/postgres@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff')).toMatchObject({
      name: 'postgres',
      digest: 'sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    });
  });
});

describe('versionOf', () => {
  it('finds semantic versions in tags', () => {
    expect(versionOf('v1.11.3')).toEqual({ major: 1, minor: 11, patch: 3 });
    expect(versionOf('nginx-0.25.1-rancher1')).toEqual({ major: 0, minor: 25, patch: 1 });
    expect(versionOf('latest')).toBeUndefined();
    expect(versionOf(undefined)).toBeUndefined();
    expect(compareVersions({ major: 1, minor: 12, patch: 0 }, { major: 1, minor: 11, patch: 9 })).toBeGreaterThan(0);
  });
});
