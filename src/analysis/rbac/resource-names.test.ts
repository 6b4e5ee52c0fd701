import { describe, expect, it } from 'vitest';
import { canonicalResource } from './resource-names.js';

describe('canonicalResource', () => {
  it.each([
    ['secrets', 'secrets'],
    ['secret', 'secrets'],
    ['Secrets', 'secrets'],
    ['po', 'pods'],
    ['deploy', 'deployments'],
    ['ClusterRoleBinding', 'clusterrolebindings'],
    ['ingress', 'ingresses'],
    ['networkpolicy', 'networkpolicies'],
    ['IngressClass', 'ingressclasses'],
    ['widgets', 'widgets'],
    ['*', '*'],
    ['/metrics', '/metrics'],
  ])('%s → %s', (typed, resource) => {
    expect(canonicalResource(typed).resource).toBe(resource);
  });

  it('says how it read a name it changed, and nothing when it kept it', () => {
    expect(canonicalResource('po').readAs).toBe('"po" read as "pods"');
    expect(canonicalResource('pods').readAs).toBeUndefined();
    expect(canonicalResource('/Metrics').resource).toBe('/Metrics');
  });
});
