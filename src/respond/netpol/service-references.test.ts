import { describe, expect, it } from 'vitest';
import { hostPieces } from './service-references.js';

describe('hostPieces', () => {
  it('finds hosts in URLs, host:port, flags and connection strings', () => {
    expect(hostPieces('http://orders-api.shop-backend.svc:8080/v1')).toEqual([{ host: 'orders-api.shop-backend.svc', port: 8080, explicit: true }]);
    expect(hostPieces('cache.shop-data.svc')).toEqual([{ host: 'cache.shop-data.svc', explicit: true }]);
    expect(hostPieces('--redis=cache:6379')).toEqual([{ host: 'cache', port: 6379, explicit: true }]);
    expect(hostPieces('postgres://u:p4ss@db.data.svc.cluster.local:5432/x')).toEqual([{ host: 'db.data.svc.cluster.local', port: 5432, explicit: true }]);
  });

  it('does not believe a short name inside a longer text', () => {
    expect(hostPieces('use the cache when warm')).toEqual(expect.arrayContaining([{ host: 'cache', explicit: false }]));
    expect(hostPieces('user:not-a-port')).toEqual([]);
  });
});
