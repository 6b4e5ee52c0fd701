import { describe, expect, it } from 'vitest';
import { ANY_NAME, isClusterScoped, Rule } from './rbac-rule.js';

describe('Rule', () => {
  it('matches `*` in verbs, groups and resources, including subresources', () => {
    const rule = new Rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(rule.matches({ verbs: ['delete'], apiGroup: 'apps', resources: ['deployments/scale'] })).toBe(true);
    expect(rule.isFullWildcard).toBe(true);
  });

  it('matches `resource/subresource` exactly and `*/subresource` across resources', () => {
    const exec = new Rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] });
    expect(exec.allowsResource('pods/exec')).toBe(true);
    expect(exec.allowsResource('pods')).toBe(false);
    expect(exec.allowsResource('pods/attach')).toBe(false);
    const scale = new Rule({ verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] });
    expect(scale.allowsResource('deployments/scale')).toBe(true);
    expect(scale.allowsResource('deployments')).toBe(false);
    const pods = new Rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] });
    expect(pods.allowsResource('pods/log')).toBe(false);
  });

  it('applies resourceNames only to requests naming an object', () => {
    const named = new Rule({ verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'] });
    const query = { verbs: ['update'], apiGroup: '', resources: ['configmaps'] };
    expect(named.matches(query)).toBe(false);
    expect(named.matches({ ...query, resourceName: 'aws-auth' })).toBe(true);
    expect(named.matches({ ...query, resourceName: 'coredns' })).toBe(false);
    expect(named.matches({ ...query, resourceName: ANY_NAME })).toBe(true);
  });

  it('matches nonResourceURLs with trailing `*`', () => {
    const rule = new Rule({ verbs: ['get'], nonResourceURLs: ['/healthz/*', '/version'] });
    expect(rule.allowsURL('/healthz/etcd')).toBe(true);
    expect(rule.allowsURL('/version')).toBe(true);
    expect(rule.allowsURL('/version/x')).toBe(false);
    expect(rule.matches({ verbs: ['get'], apiGroup: '', resources: ['pods'] })).toBe(false);
  });

  it('lists granted verbs', () => {
    expect(new Rule({ verbs: ['get', 'watch'] }).grantedVerbs(['get', 'list', 'watch'])).toEqual(['get', 'watch']);
    expect(new Rule({ verbs: ['*'] }).grantedVerbs(['get'])).toEqual(['*']);
  });

  it('gives equal rules equal keys', () => {
    expect(new Rule({ verbs: ['get', 'list'], resources: ['pods'] }).key).toBe(new Rule({ verbs: ['list', 'get'], resources: ['pods'] }).key);
  });
});

describe('isClusterScoped', () => {
  it('knows cluster-scoped resources by group, subresources included', () => {
    expect(isClusterScoped('', 'nodes/proxy')).toBe(true);
    expect(isClusterScoped('', 'pods')).toBe(false);
    expect(isClusterScoped('rbac.authorization.k8s.io', 'clusterroles')).toBe(true);
    expect(isClusterScoped('apps', 'nodes')).toBe(false);
  });
});
