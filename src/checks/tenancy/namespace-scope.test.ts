import { describe, expect, it } from 'vitest';
import type { CollectionError, K8sObject } from '../../model/index.js';
import { InventoryView } from '../../inventory/index.js';
import { policyUndecidable, tenantNamespaces } from './namespace-scope.js';

function view(type: 'manifests' | 'cluster', objects: K8sObject[], errors: CollectionError[] = []): InventoryView {
  return new InventoryView({
    source: { type },
    objects: objects.map((object) => ({ object, origin: { type: 'file', file: 'x.yaml', line: 1 } })),
    errors,
  });
}

const namespace = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const configMap = (ns: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns } });

describe('tenant namespaces', () => {
  it('leaves out system namespaces and configured exclusions', () => {
    const inventory = view('manifests', [namespace('kube-system'), namespace('shop'), namespace('sandbox'), configMap('jobs')]);
    expect(tenantNamespaces(inventory, { excludeNamespaces: ['sandbox'] }).map((target) => target.namespace)).toEqual(['jobs', 'shop']);
  });

  it('decides policies for defined namespaces, or any namespace of a whole cluster', () => {
    const partial = view('manifests', [namespace('shop'), configMap('jobs')]);
    const [jobs, shop] = tenantNamespaces(partial, {});
    expect(policyUndecidable(partial, shop!, 'resourcequotas')).toBeUndefined();
    expect(policyUndecidable(partial, jobs!, 'resourcequotas')).toContain('used but not defined');
    const live = view('cluster', [configMap('jobs')]);
    expect(policyUndecidable(live, tenantNamespaces(live, {})[0]!, 'limitranges')).toBeUndefined();
  });

  it('cannot decide when the list failed', () => {
    const live = view('cluster', [namespace('shop')], [
      { source: 'kubernetes', operation: 'list', resource: 'v1/limitranges', code: 403, message: 'forbidden' },
    ]);
    expect(policyUndecidable(live, tenantNamespaces(live, {})[0]!, 'limitranges')).toContain('forbidden');
  });
});
