import { describe, expect, it } from 'vitest';
import type { CollectionError, Inventory, K8sObject } from '../../model/index.js';
import { InventoryView } from '../../inventory/index.js';
import { absenceUndecidable, clusterScope, listFailure } from './whole-cluster.js';

function view(type: 'manifests' | 'cluster', objects: K8sObject[], errors: CollectionError[] = []): InventoryView {
  const inventory: Inventory = {
    source: { type },
    objects: objects.map((object) => ({ object, origin: { type: 'file', file: 'x.yaml', line: 1 } })),
    errors,
  };
  return new InventoryView(inventory);
}

const node: K8sObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ip-10-0-1-1' } };
const kubeSystem: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } };
const app: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' } };

describe('clusterScope', () => {
  it('trusts a live cluster and manifest dumps with nodes or kube-system', () => {
    expect(clusterScope(view('cluster', [])).whole).toBe(true);
    expect(clusterScope(view('manifests', [node])).whole).toBe(true);
    expect(clusterScope(view('manifests', [kubeSystem, app])).whole).toBe(true);
  });

  it('does not conclude absence from a partial manifest set', () => {
    const scope = clusterScope(view('manifests', [app]));
    expect(scope).toEqual({ whole: false, reason: expect.stringContaining('do not show the whole cluster') });
  });
});

describe('listFailure', () => {
  const errors: CollectionError[] = [
    { source: 'kubernetes', operation: 'list', resource: 'velero.io/v1/schedules', code: 403, message: 'forbidden' },
    { source: 'kubernetes', operation: 'list', resource: 'v1/secrets', message: 'timeout' },
    { source: 'aws', operation: 'DescribeCluster', message: 'denied' },
  ];
  const inventory = view('cluster', [], errors);

  it('matches group, version and plural', () => {
    expect(listFailure(inventory, 'velero.io', 'schedules')).toBe('listing schedules.velero.io failed (403): forbidden');
    expect(listFailure(inventory, '', 'secrets')).toBe('listing secrets failed: timeout');
    expect(listFailure(inventory, 'velero.io', 'backups')).toBeUndefined();
    expect(listFailure(inventory, 'apps', 'secrets')).toBeUndefined();
  });

  it('makes absence undecidable when a list failed', () => {
    expect(absenceUndecidable(inventory, [['velero.io', 'schedules']])).toContain('forbidden');
    expect(absenceUndecidable(inventory, [['velero.io', 'backups']])).toBeUndefined();
  });
});
