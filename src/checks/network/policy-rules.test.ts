import { describe, expect, it } from 'vitest';
import { InventoryView } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { allowsNothing, defaultDenyFor } from './default-deny.js';
import { directionsOption, policyCollectionGap, workloadCollectionGap } from './network-scope.js';
import { openRules } from '../../analysis/network/open-rules.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { unsupportedNote } from './unsupported-note.js';

function coverage(yaml: string): ReturnType<typeof policyCoverage> {
  const loaded = loadManifestText(yaml, 'test.yaml');
  expect(loaded.errors).toEqual([]);
  return policyCoverage(new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }));
}

describe('default deny', () => {
  it('accepts rule-less Kubernetes, empty-rule Cilium and deny-only Calico policies', () => {
    const { policies } = coverage(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: k8s, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress, Egress], ingress: [] }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cilium, namespace: shop }
spec: { endpointSelector: {}, egress: [{}, { toEntities: [world] }] }
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: calico, namespace: shop }
spec: { selector: all(), types: [Egress], egress: [{ action: Log }, { action: Deny }] }
`);
    const [k8s, cilium, calico] = policies;
    expect(allowsNothing(k8s!, k8s!.parts[0]!, 'Ingress')).toBe(true);
    expect(allowsNothing(k8s!, k8s!.parts[0]!, 'Egress')).toBe(true);
    expect(allowsNothing(cilium!, cilium!.parts[0]!, 'Egress')).toBe(false);
    expect(allowsNothing(calico!, calico!.parts[0]!, 'Egress')).toBe(true);
    expect(allowsNothing(calico!, calico!.parts[0]!, 'Ingress')).toBe(false);
    expect(defaultDenyFor(policies, 'shop', {}, 'Egress')?.label).toBe('NetworkPolicy shop/k8s');
    expect(defaultDenyFor(policies, 'other', {}, 'Egress')).toBeUndefined();
  });
});

describe('openRules', () => {
  it('reports nothing for unsupported or host policies', () => {
    const { policies } = coverage(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: host }
spec: { selector: all(), preDNAT: true, applyOnForward: true, ingress: [{ action: Allow }] }
`);
    expect(openRules(policies[0]!)).toEqual([]);
  });

  it('keeps Calico ingress rules whose local side only narrows the pods', () => {
    const { policies } = coverage(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  selector: all()
  ingress:
    - { action: Allow, destination: { selector: "app == 'web'" } }
    - { action: Allow, source: { nets: [10.0.0.0/8] } }
`);
    expect(openRules(policies[0]!).map((rule) => rule.path)).toEqual([['spec', 'ingress', 0]]);
  });
});

describe('network scope helpers', () => {
  it('reads the directions option and names collection gaps', () => {
    expect(directionsOption({})).toEqual(['Ingress', 'Egress']);
    expect(directionsOption({ directions: ['Egress', 'bogus'] })).toEqual(['Egress']);
    const inventory = new InventoryView({
      source: { type: 'cluster' },
      objects: [],
      errors: [
        { source: 'kubernetes', operation: 'list', resource: 'cilium.io/v2/ciliumnetworkpolicies', code: 403, message: 'no' },
        { source: 'kubernetes', operation: 'list', resource: 'v1/pods', message: 'no' },
      ],
    });
    expect(policyCollectionGap(inventory)).toBe('network policies could not be read: list cilium.io/v2/ciliumnetworkpolicies (403)');
    expect(workloadCollectionGap(inventory)).toBe('workloads could not be read: list v1/pods');
    expect(unsupportedNote([])).toBe('');
  });
});
