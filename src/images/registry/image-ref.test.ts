import { describe, expect, it } from 'vitest';
import { parseChallenges } from './auth-challenge.js';
import { parseImageRef } from './image-ref.js';

const D = `sha256:${'ab'.repeat(32)}`;

describe('parseImageRef', () => {
  it.each([
    ['redis', { registry: 'registry-1.docker.io', repository: 'library/redis', tag: 'latest' }],
    ['docker.io/bitnami/redis:7.2', { registry: 'registry-1.docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['localhost:5000/x', { registry: 'localhost:5000', repository: 'x', tag: 'latest' }],
    ['localhost/x/y:1', { registry: 'localhost', repository: 'x/y', tag: '1' }],
    [`127.0.0.1:5000/shop/api@${D}`, { registry: '127.0.0.1:5000', repository: 'shop/api', digest: D }],
    [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:v1@${D}`, { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'shop/api', tag: 'v1', digest: D }],
  ])('%s', (text, expected) => {
    expect(parseImageRef(text)).toEqual({ ...expected, original: text });
  });

  it.each([
    ['', 'empty'],
    ['Redis', 'lowercase'],
    ['redis:bad tag', 'tag'],
    ['redis@sha256:123', 'digest'],
    ['host:5000//x', 'empty path'],
    ['a/-b', 'lowercase'],
    ['my_host:99x/repo', 'registry'],
  ])('rejects %j', (text, why) => {
    expect(() => parseImageRef(text)).toThrow(expect.objectContaining({ code: 'bad-reference', message: expect.stringContaining(why) }));
  });
});

describe('parseChallenges', () => {
  it('reads quoted parameters holding commas', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:a/b:pull,push' } },
    ]);
    expect(parseChallenges('Basic realm="x", Bearer realm=y')).toEqual([
      { scheme: 'basic', params: { realm: 'x' } },
      { scheme: 'bearer', params: { realm: 'y' } },
    ]);
  });
});
