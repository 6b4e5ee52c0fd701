import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { InventoryView, type Workload } from '../../inventory/index.js';
import { namespaceCoverage, veleroNamespaces, workloadsByNamespace } from './coverage.js';

const schedule = (name: string, template: Record<string, unknown>, paused = false): K8sObject => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'velero' },
  spec: { schedule: '@daily', paused, template },
});

const deployment = (name: string, labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', labels },
  spec: { template: { spec: { containers: [{ name, image: `${name}:1` }] } } },
});

function workloads(objects: K8sObject[]): Workload[] {
  const inventory = new InventoryView({
    source: { type: 'manifests' },
    objects: objects.map((object) => ({ object, origin: { type: 'file', file: 'x.yaml', line: 1 } })),
    errors: [],
  });
  return workloadsByNamespace(inventory).get('shop') ?? [];
}

describe('namespaceCoverage', () => {
  const shop = workloads([deployment('web', { backup: 'yes' }), deployment('cache')]);

  it('is covered by an unfiltered schedule that selects the namespace', () => {
    const all = schedule('all', {});
    expect(namespaceCoverage([all], 'shop', shop)).toEqual({ covered: true, by: all });
  });

  it('ignores schedules naming other namespaces, and reports why the others miss', () => {
    const coverage = namespaceCoverage(
      [
        schedule('other', { includedNamespaces: ['payments'] }),
        schedule('paused', { includedNamespaces: ['shop'] }, true),
        schedule('labelled', { labelSelector: { matchLabels: { backup: 'yes' } } }),
      ],
      'shop',
      shop,
    );
    expect(coverage.covered).toBe(false);
    if (coverage.covered) return;
    expect(coverage.misses.map((miss) => miss.reason)).toEqual([
      'schedule "paused" is paused',
      'schedule "labelled" backs up only labelled resources and its labelSelector does not match Deployment/cache',
    ]);
    expect(coverage.misses.map((miss) => miss.path)).toEqual([
      ['spec', 'paused'],
      ['spec', 'template', 'labelSelector'],
    ]);
  });

  it('counts a namespace without workloads as covered by a label-filtered schedule that selects it', () => {
    expect(namespaceCoverage([schedule('labelled', { labelSelector: { matchLabels: { a: 'b' } } })], 'empty', []).covered).toBe(true);
  });

  it('finds the namespaces Velero itself lives in', () => {
    const inventory = new InventoryView({
      source: { type: 'manifests' },
      objects: [schedule('s', {})].map((object) => ({ object, origin: { type: 'file', file: 'x.yaml', line: 1 } })),
      errors: [],
    });
    expect([...veleroNamespaces(inventory)]).toEqual(['velero']);
  });
});
