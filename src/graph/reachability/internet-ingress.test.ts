import { describe, expect, it } from 'vitest';
import type { InventoryView } from '../../inventory/index.js';
import { forwardedIngress, internetIngress } from './internet-ingress.js';
import { PortSet } from './port-set.js';
import { deployment, inventory, namespace, netpol, workload } from './test-support/fixtures.js';
import type { ReachVerdict } from './verdict.js';

type Obj = Record<string, unknown>;

function api(...extra: Obj[]): InventoryView {
  return inventory(namespace('shop'), deployment('shop', 'api', { ports: [{ name: 'http', containerPort: 8080 }] }), ...extra);
}

function ingressTo(view: InventoryView): ReachVerdict {
  return internetIngress(view, workload(view, 'shop/api'));
}

/** A policy on shop/api with these ingress rules. */
function rules(...ingress: Obj[]): Obj {
  return netpol('shop', 'api-in', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress });
}

describe('internetIngress', () => {
  it('is open when no policy selects the workload for ingress, enabled by the namespace and workload findings', () => {
    const verdict = ingressTo(api());
    expect(verdict.reachable).toBe(true);
    expect(verdict.evidence[0]?.detail).toContain('no NetworkPolicy selects Deployment shop/api for Ingress');
    expect(verdict.enabledBy).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
    ]);
  });

  it('is closed by a deny-all policy, whose name is the evidence', () => {
    const verdict = ingressTo(api(netpol('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })));
    expect(verdict.reachable).toBe(false);
    expect(verdict.evidence).toEqual([
      {
        resource: { kind: 'NetworkPolicy', namespace: 'shop', name: 'deny' },
        path: 'spec.podSelector',
        detail: 'NetworkPolicy shop/deny isolates ingress of Deployment shop/api and none of its ingress rules admits an address outside the cluster',
      },
    ]);
  });

  it('is open through a rule with no from; an allow-all rule enables it', () => {
    const verdict = ingressTo(api(rules({})));
    expect(verdict.reachable).toBe(true);
    expect(verdict.evidence[0]).toMatchObject({ path: 'spec.ingress[0]', resource: { name: 'api-in' } });
    expect(verdict.enabledBy).toEqual([{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'shop', name: 'api-in' }]);
    const onPorts = ingressTo(api(rules({ ports: [{ port: 'http' }] })));
    expect(onPorts.reachable).toBe(true);
    expect(onPorts.evidence[0]?.detail).toContain('on TCP 8080');
    expect(onPorts.enabledBy).toEqual([]);
  });

  it('is open through an ipBlock holding a public address outside except', () => {
    const verdict = ingressTo(api(rules({ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['0.0.0.0/1'] } }] })));
    expect(verdict.reachable).toBe(true);
    expect(verdict.evidence[0]).toMatchObject({ path: 'spec.ingress[0].from[0]' });
    expect(verdict.evidence[0]?.detail).toContain('such as 128.0.0.0');
    expect(ingressTo(api(rules({ from: [{ ipBlock: { cidr: '::/0' } }] }))).reachable).toBe(true);
  });

  it('is closed when every ipBlock is private or excepted', () => {
    expect(ingressTo(api(rules({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }))).reachable).toBe(false);
    expect(ingressTo(api(rules({ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['0.0.0.0/1', '128.0.0.0/1'] } }] }))).reachable).toBe(false);
    expect(ingressTo(api(rules({ from: [{ ipBlock: { cidr: 'fd00::/8' } }] }))).reachable).toBe(false);
  });

  it('is closed when only pod or namespace selectors admit', () => {
    expect(ingressTo(api(rules({ from: [{ namespaceSelector: {} }, { podSelector: {} }] }))).reachable).toBe(false);
  });

  it('is closed when the admitting rule names a port the pods do not have', () => {
    expect(ingressTo(api(rules({ ports: [{ port: 'grpc' }] }))).reachable).toBe(false);
    expect(ingressTo(api(rules({ ports: [{ port: 'http' }] }))).reachable).toBe(true);
  });

  it('is open for host-network pods, whatever the policies', () => {
    const deny = netpol('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const view = inventory(namespace('shop'), deployment('shop', 'api', { hostNetwork: true }), deny);
    const verdict = internetIngress(view, workload(view, 'shop/api'));
    expect(verdict.reachable).toBe(true);
    expect(verdict.evidence[0]?.path).toBe('spec.template.spec.hostNetwork');
  });

  it('assumes open when a Cilium policy selects the workload', () => {
    const cilium = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { endpointSelector: {}, ingress: [{ fromEntities: ['cluster'] }] },
    };
    const verdict = ingressTo(api(cilium));
    expect(verdict.reachable).toBe(true);
    expect(verdict.evidence[0]?.detail).toContain('its rules are not evaluated');
  });

  it('counts only the ports the traffic is sent to', () => {
    const tcp8080 = PortSet.range('TCP', 8080);
    const view = (rule: Obj): InventoryView => api(rules(rule));
    const otherPort = view({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 9100 }] });
    const closed = internetIngress(otherPort, workload(otherPort, 'shop/api'), tcp8080);
    expect(closed.reachable).toBe(false);
    expect(closed.evidence[0]?.detail).toBe(
      'NetworkPolicy shop/api-in isolates ingress of Deployment shop/api and none of its ingress rules admits an address outside the cluster on TCP 8080',
    );
    expect(internetIngress(otherPort, workload(otherPort, 'shop/api'), PortSet.range('TCP', 9100)).reachable).toBe(true);
    const udp = view({ ports: [{ port: 8080, protocol: 'UDP' }] });
    expect(internetIngress(udp, workload(udp, 'shop/api'), tcp8080).reachable).toBe(false);
    expect(internetIngress(udp, workload(udp, 'shop/api'), PortSet.range('UDP', 8080)).reachable).toBe(true);
    const named = view({ ports: [{ port: 'http' }] });
    const open = internetIngress(named, workload(named, 'shop/api'), tcp8080);
    expect(open.reachable).toBe(true);
    expect(open.evidence[0]?.detail).toContain('on TCP 8080');
  });
});

describe('forwardedIngress', () => {
  function forwarded(view: InventoryView, ports?: PortSet): ReachVerdict {
    return forwardedIngress(view, workload(view, 'shop/api'), ports);
  }

  it('admits connections from the VPC through an ipBlock overlapping its ranges, not through a public one', () => {
    const fromVpc = api(rules({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }));
    expect(forwarded(fromVpc).reachable).toBe(true);
    expect(forwarded(fromVpc).evidence[0]?.detail).toContain('10.0.0.0/8, which holds private addresses');
    expect(internetIngress(fromVpc, workload(fromVpc, 'shop/api')).reachable).toBe(false);
    const office = api(rules({ from: [{ ipBlock: { cidr: '52.94.0.0/16' } }] }));
    expect(forwarded(office).reachable).toBe(false);
    expect(internetIngress(office, workload(office, 'shop/api')).reachable).toBe(true);
  });

  it('counts only the target ports', () => {
    const view = api(rules({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 9100 }] }));
    expect(forwarded(view, PortSet.range('TCP', 8080)).reachable).toBe(false);
    expect(forwarded(view, PortSet.range('TCP', 9100)).reachable).toBe(true);
  });
});
