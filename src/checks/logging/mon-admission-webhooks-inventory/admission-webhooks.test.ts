import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../model/index.js';
import { clientTarget, coversPods, describeSelector, failurePolicyOf, urlLocation, webhooksOf } from './admission-webhooks.js';

const configuration = (apiVersion: string, webhook: Record<string, unknown>): K8sObject => ({
  apiVersion,
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'c' },
  webhooks: [webhook],
});

describe('admission webhook helpers', () => {
  it('applies the failurePolicy default of each API version', () => {
    const [v1] = webhooksOf(configuration('admissionregistration.k8s.io/v1', { name: 'a' }));
    const [beta] = webhooksOf(configuration('admissionregistration.k8s.io/v1beta1', { name: 'a' }));
    expect(failurePolicyOf(v1!)).toEqual({ policy: 'Fail', explicit: false });
    expect(failurePolicyOf(beta!)).toEqual({ policy: 'Ignore', explicit: false });
  });

  it('reads service and URL client configs', () => {
    const [service] = webhooksOf(configuration('admissionregistration.k8s.io/v1', { name: 'a', clientConfig: { service: { namespace: 'n', name: 's' } } }));
    expect(clientTarget(service!)).toEqual({ type: 'service', namespace: 'n', name: 's', port: 443, path: '' });
    const [url] = webhooksOf(configuration('admissionregistration.k8s.io/v1', { name: 'a', clientConfig: { url: 'https://[::1]:9443/x' } }));
    expect(clientTarget(url!)).toEqual({ type: 'url', url: 'https://[::1]:9443/x', host: '::1' });
  });

  it('classifies URL hosts', () => {
    expect(urlLocation('127.0.0.1')).toBe('control-plane');
    expect(urlLocation('::1')).toBe('control-plane');
    expect(urlLocation('hook.tools.svc')).toBe('cluster-service');
    expect(urlLocation('hook.tools.svc.cluster.local')).toBe('cluster-service');
    expect(urlLocation('10.0.12.7')).toBe('external');
    expect(urlLocation('hooks.example.com')).toBe('external');
  });

  it('detects rules covering pod creation', () => {
    const rule = (apiGroups: string[], resources: string[], operations = ['CREATE']) => ({ apiGroups, resources, operations, scope: undefined });
    expect(coversPods([rule([''], ['pods'])])).toBe(true);
    expect(coversPods([rule(['*'], ['*'])])).toBe(true);
    expect(coversPods([rule([''], ['pods'], ['DELETE'])])).toBe(false);
    expect(coversPods([rule(['apps'], ['deployments'])])).toBe(false);
    expect(coversPods([rule([''], ['pods/exec'], ['CONNECT'])])).toBe(false);
  });

  it('prints selectors like kubectl', () => {
    expect(describeSelector(undefined)).toBe('all');
    expect(describeSelector({})).toBe('all');
    expect(
      describeSelector({ matchLabels: { team: 'a' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }, { key: 'x', operator: 'Exists' }] }),
    ).toBe('team=a, env in (prod,stage), x');
  });
});
