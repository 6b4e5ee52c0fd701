import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { keepsResource, labelsSelected, namespacePatternMatches, selectsNamespace, templateOf } from './velero.js';

const schedule = (template: Record<string, unknown>): K8sObject => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name: 's', namespace: 'velero' },
  spec: { schedule: '@daily', template },
});

describe('velero template helpers', () => {
  it.each([
    ['*', 'anything', true],
    ['app-*', 'app-prod', true],
    ['app-*', 'web', false],
    ['ns?', 'ns1', true],
    ['ns?', 'ns10', false],
    ['ns[123]', 'ns2', true],
    ['ns[a-c]', 'nsd', false],
    ['shop', 'shop', true],
    ['shop', 'shop2', false],
  ])('pattern %s vs %s', (pattern, namespace, expected) => {
    expect(namespacePatternMatches(pattern, namespace)).toBe(expected);
  });

  it('treats an empty include list as every namespace and lets exclusions win', () => {
    const template = templateOf(schedule({ excludedNamespaces: ['kube-*'] }));
    expect(selectsNamespace(template, 'shop')).toBe(true);
    expect(selectsNamespace(template, 'kube-system')).toBe(false);
  });

  it('normalises resource filter names', () => {
    const template = templateOf(schedule({ includedResources: ['deployments.apps', 'sts', 'pod'] }));
    expect(keepsResource(template, 'deployments')).toBe(true);
    expect(keepsResource(template, 'statefulsets')).toBe(true);
    expect(keepsResource(template, 'pods')).toBe(true);
    expect(keepsResource(template, 'cronjobs')).toBe(false);
    expect(keepsResource(templateOf(schedule({ excludedNamespaceScopedResources: ['*'] })), 'pods')).toBe(false);
  });

  it('applies labelSelector, or any of orLabelSelectors', () => {
    const single = templateOf(schedule({ labelSelector: { matchLabels: { backup: 'yes' } } }));
    expect(labelsSelected(single, { backup: 'yes' })).toBe(true);
    expect(labelsSelected(single, undefined)).toBe(false);
    const any = templateOf(schedule({ orLabelSelectors: [{ matchLabels: { a: '1' } }, { matchLabels: { b: '1' } }] }));
    expect(labelsSelected(any, { b: '1' })).toBe(true);
    expect(labelsSelected(templateOf(schedule({})), undefined)).toBe(true);
  });
});
