import { describe, expect, it } from 'vitest';
import type { Container } from '../../model/index.js';
import { assessDatastore } from './datastore-auth.js';

function assess(container: Container): { authenticated: boolean; product: string; path: readonly (string | number)[] } | undefined {
  const result = assessDatastore(container);
  return result && { authenticated: result.authenticated, product: result.product, path: result.path };
}

describe('assessDatastore', () => {
  it('ignores images that are not datastores, including exporters', () => {
    expect(assessDatastore({ name: 'web', image: 'nginx:1.27' })).toBeUndefined();
    expect(assessDatastore({ name: 'x', image: 'oliver006/redis_exporter:v1.58.0' })).toBeUndefined();
    expect(assessDatastore({ name: 'x' })).toBeUndefined();
  });

  it('Redis: password env or requirepass authenticates; ALLOW_EMPTY_PASSWORD fails at the variable', () => {
    expect(assess({ image: 'redis:7' })).toEqual({ authenticated: false, product: 'Redis', path: ['image'] });
    expect(assess({ image: 'bitnami/redis:7.2', env: [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } }] })?.authenticated).toBe(true);
    expect(assess({ image: 'redis:7', args: ['--requirepass', '$(PASS)'] })?.authenticated).toBe(true);
    expect(assess({ image: 'redis:7', env: [{ name: 'REDIS_PASSWORD', value: '' }] })?.authenticated).toBe(false);
    expect(assess({ image: 'bitnami/redis', env: [{ name: 'X', value: '1' }, { name: 'ALLOW_EMPTY_PASSWORD', value: 'yes' }] })).toEqual({
      authenticated: false,
      product: 'Redis',
      path: ['env', 1],
    });
  });

  it('does not guess when settings come from envFrom', () => {
    expect(assess({ image: 'postgres:16', envFrom: [{ secretRef: { name: 'db' } }] })?.authenticated).toBe(true);
    expect(
      assess({ image: 'postgres:16', envFrom: [{ secretRef: { name: 'db' } }], env: [{ name: 'POSTGRES_HOST_AUTH_METHOD', value: 'trust' }] }),
    ).toMatchObject({ authenticated: false, path: ['env', 0] });
  });

  it('Elasticsearch: version and distribution defaults', () => {
    expect(assess({ image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0' })?.authenticated).toBe(true);
    expect(assess({ image: 'elasticsearch:7.17.10' })?.authenticated).toBe(false);
    expect(assess({ image: 'elasticsearch:7.17.10', env: [{ name: 'xpack.security.enabled', value: 'true' }] })?.authenticated).toBe(true);
    expect(assess({ image: 'elasticsearch:8.15.0', env: [{ name: 'xpack.security.enabled', value: 'false' }] })?.path).toEqual(['env', 0]);
    expect(assess({ image: 'bitnami/elasticsearch:8.15.0' })?.authenticated).toBe(false);
  });

  it('MySQL, MongoDB, memcached, etcd, Jupyter, RabbitMQ, Kibana, Neo4j', () => {
    expect(assess({ image: 'mysql:8', env: [{ name: 'MYSQL_RANDOM_ROOT_PASSWORD', value: 'yes' }] })?.authenticated).toBe(true);
    expect(assess({ image: 'mariadb:11', env: [{ name: 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', value: '1' }] })?.authenticated).toBe(false);
    expect(assess({ image: 'mongo:7' })?.authenticated).toBe(false);
    expect(assess({ image: 'mongo:7', command: ['mongod', '--auth'] })?.authenticated).toBe(true);
    expect(assess({ image: 'memcached:1.6' })?.authenticated).toBe(false);
    expect(assess({ image: 'quay.io/coreos/etcd:v3.5.12', command: ['etcd', '--client-cert-auth=true'] })?.authenticated).toBe(true);
    expect(assess({ image: 'quay.io/jupyter/scipy-notebook:2024-05-27' })?.authenticated).toBe(true);
    expect(assess({ image: 'jupyter/base-notebook', args: ["--NotebookApp.token=''"] })?.authenticated).toBe(false);
    expect(assess({ image: 'rabbitmq:3-management', env: [{ name: 'RABBITMQ_DEFAULT_PASS', value: 'guest' }] })?.authenticated).toBe(false);
    expect(assess({ image: 'rabbitmq:3' })).toBeUndefined();
    expect(assess({ image: 'kibana:8.15.0' })?.authenticated).toBe(false);
    expect(assess({ image: 'neo4j:5', env: [{ name: 'NEO4J_AUTH', value: 'none' }] })?.authenticated).toBe(false);
  });
});
