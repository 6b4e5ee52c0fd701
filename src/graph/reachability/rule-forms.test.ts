/** Every NetworkPolicy rule form, each with a case that allows and one that does not. */
import { describe, expect, it } from 'vitest';
import type { AwsData, K8sObject } from '../../model/index.js';
import { cluster as awsCluster, subnet } from '../../checks/nodes/test-support/aws-fixtures.js';
import type { InventoryView } from '../../inventory/index.js';
import { inventoryOf } from '../test-support/inventory.js';
import { NetworkReachability } from './network-reachability.js';
import { PortSet } from './port-set.js';
import { deployment, inventory, inventoryWithAws, namespace, netpol, workload } from './test-support/fixtures.js';
import type { ReachVerdict } from './verdict.js';

type Obj = Record<string, unknown>;

const NAMESPACES = [namespace('shop', { team: 'payments' }), namespace('tools', { team: 'infra' })];
const HTTP = [{ name: 'http', containerPort: 8080 }];

/** shop/web, shop/api (http 8080), shop/db, tools/debug and the policies given. */
function cluster(...extra: Obj[]): InventoryView {
  return inventory(
    ...NAMESPACES,
    deployment('shop', 'web'),
    deployment('shop', 'api', { ports: HTTP }),
    deployment('shop', 'db'),
    deployment('tools', 'debug'),
    ...extra,
  );
}

function verdict(view: InventoryView, from: string, to: string): ReachVerdict {
  return NetworkReachability.of(view).reach(workload(view, from), workload(view, to));
}

function reaches(view: InventoryView, from: string, to: string): boolean {
  return verdict(view, from, to).reachable;
}

/** A policy on shop/api admitting ingress by the rule given. */
function apiIngress(rule: Obj): Obj {
  return netpol('shop', 'api-in', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [rule] });
}

/** A policy on shop/web allowing egress by the rule given. */
function webEgress(rule: Obj): Obj {
  return netpol('shop', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [rule] });
}

describe('isolation', () => {
  it('leaves a workload that no policy selects open, naming it in the evidence', () => {
    const open = verdict(cluster(), 'shop/web', 'shop/api');
    expect(open.reachable).toBe(true);
    expect(open.evidence.map((item) => item.detail)).toEqual([
      'no NetworkPolicy selects Deployment shop/web for Egress: it may connect to any pod',
      'no NetworkPolicy selects Deployment shop/api for Ingress: it accepts connections from any pod',
    ]);
    expect(reaches(cluster(apiIngress({ from: [{ podSelector: { matchLabels: { app: 'db' } } }] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('denies all ingress with policyTypes [Ingress] and no rules, and leaves egress alone', () => {
    const denyIngress = netpol('shop', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] });
    const view = cluster(denyIngress);
    expect(reaches(view, 'tools/debug', 'shop/api')).toBe(false);
    expect(reaches(view, 'shop/web', 'tools/debug')).toBe(true);
    const blocked = verdict(view, 'tools/debug', 'shop/api');
    expect(blocked.evidence[0]?.detail).toContain('NetworkPolicy shop/deny-in isolates ingress of Deployment shop/api');
  });

  it('denies all egress with policyTypes [Egress] and no rules, and leaves ingress alone', () => {
    const view = cluster(netpol('shop', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] }));
    expect(reaches(view, 'shop/web', 'tools/debug')).toBe(false);
    expect(reaches(view, 'tools/debug', 'shop/web')).toBe(true);
  });

  it('defaults policyTypes to Ingress, plus Egress only when egress rules exist', () => {
    const withEgress = cluster(
      netpol('shop', 'web-to-db', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }),
    );
    expect(reaches(withEgress, 'shop/web', 'shop/db')).toBe(true);
    expect(reaches(withEgress, 'shop/web', 'shop/api')).toBe(false);
    // Ingress is isolated too, with no ingress rule.
    expect(reaches(withEgress, 'shop/db', 'shop/web')).toBe(false);

    const ingressOnly = cluster(netpol('shop', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] }));
    expect(reaches(ingressOnly, 'shop/web', 'tools/debug')).toBe(true);
    expect(reaches(ingressOnly, 'tools/debug', 'shop/web')).toBe(false);
  });

  it('ignores rules of a direction the policy does not isolate', () => {
    const view = cluster(
      netpol('shop', 'odd', {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'nothing' } } }] }],
        egress: [{}],
      }),
    );
    expect(reaches(view, 'shop/web', 'shop/api')).toBe(true);
    const strict = cluster(netpol('shop', 'odd', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'nothing' } } }] }] }));
    expect(reaches(strict, 'shop/web', 'shop/api')).toBe(false);
  });

  it('needs both the egress of the source and the ingress of the destination', () => {
    const egress = webEgress({ to: [{ podSelector: { matchLabels: { app: 'api' } } }] });
    expect(reaches(cluster(egress, apiIngress({ from: [{ podSelector: { matchLabels: { app: 'web' } } }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(egress, apiIngress({ from: [{ podSelector: { matchLabels: { app: 'db' } } }] })), 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(cluster(webEgress({ to: [{ podSelector: { matchLabels: { app: 'db' } } }] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('adds up the rules of every policy selecting the pods', () => {
    const view = cluster(
      apiIngress({ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }),
      netpol('shop', 'api-from-db', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }),
    );
    expect(reaches(view, 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(view, 'shop/db', 'shop/api')).toBe(true);
    expect(reaches(view, 'tools/debug', 'shop/api')).toBe(false);
  });
});

describe('peers', () => {
  it('podSelector alone selects matching pods of the policy namespace only', () => {
    const view = inventory(
      ...NAMESPACES,
      deployment('shop', 'web'),
      deployment('shop', 'api'),
      deployment('tools', 'impostor', { labels: { app: 'web' } }),
      apiIngress({ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }),
    );
    const allowed = verdict(view, 'shop/web', 'shop/api');
    expect(allowed.reachable).toBe(true);
    expect(allowed.evidence[1]).toMatchObject({
      resource: { kind: 'NetworkPolicy', namespace: 'shop', name: 'api-in' },
      path: 'spec.ingress[0].from[0]',
    });
    expect(reaches(view, 'tools/impostor', 'shop/api')).toBe(false);
  });

  it('matchExpressions select by In, NotIn, Exists and DoesNotExist', () => {
    const view = inventory(
      ...NAMESPACES,
      deployment('shop', 'api'),
      deployment('shop', 'front', { labels: { tier: 'front', release: 'stable' } }),
      deployment('shop', 'canary', { labels: { tier: 'front', release: 'canary', debug: 'on' } }),
      deployment('shop', 'batch', { labels: { tier: 'batch', release: 'stable' } }),
      apiIngress({
        from: [
          {
            podSelector: {
              matchExpressions: [
                { key: 'tier', operator: 'In', values: ['front', 'edge'] },
                { key: 'release', operator: 'NotIn', values: ['canary'] },
                { key: 'release', operator: 'Exists' },
                { key: 'debug', operator: 'DoesNotExist' },
              ],
            },
          },
        ],
      }),
    );
    expect(reaches(view, 'shop/front', 'shop/api')).toBe(true);
    expect(reaches(view, 'shop/canary', 'shop/api')).toBe(false);
    expect(reaches(view, 'shop/batch', 'shop/api')).toBe(false);
  });

  it('namespaceSelector selects every pod of namespaces whose labels match', () => {
    const view = cluster(apiIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'infra' } } }] }));
    expect(reaches(view, 'tools/debug', 'shop/api')).toBe(true);
    expect(reaches(view, 'shop/web', 'shop/api')).toBe(false);
  });

  it('namespaceSelector sees kubernetes.io/metadata.name, even for a namespace without an object', () => {
    const view = cluster(
      deployment('ghost', 'runner'),
      apiIngress({
        from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['tools', 'ghost'] }] } }],
      }),
    );
    expect(reaches(view, 'tools/debug', 'shop/api')).toBe(true);
    expect(reaches(view, 'ghost/runner', 'shop/api')).toBe(true);
    expect(reaches(view, 'shop/web', 'shop/api')).toBe(false);
  });

  it('podSelector and namespaceSelector in one peer must both match (two peers: either)', () => {
    const extra = [deployment('tools', 'other'), deployment('shop', 'debug', { labels: { app: 'debug' } })];
    const and = cluster(
      ...extra,
      apiIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'infra' } }, podSelector: { matchLabels: { app: 'debug' } } }] }),
    );
    expect(reaches(and, 'tools/debug', 'shop/api')).toBe(true);
    expect(reaches(and, 'tools/other', 'shop/api')).toBe(false);
    expect(reaches(and, 'shop/debug', 'shop/api')).toBe(false);

    const or = cluster(
      ...extra,
      apiIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'infra' } } }, { podSelector: { matchLabels: { app: 'debug' } } }] }),
    );
    expect(reaches(or, 'tools/other', 'shop/api')).toBe(true);
    expect(reaches(or, 'shop/debug', 'shop/api')).toBe(true);
    expect(reaches(or, 'shop/web', 'shop/api')).toBe(false);
  });

  it('a rule without from (or with an empty one) admits every source', () => {
    expect(reaches(cluster(apiIngress({})), 'tools/debug', 'shop/api')).toBe(true);
    expect(reaches(cluster(apiIngress({ from: [] })), 'tools/debug', 'shop/api')).toBe(true);
    expect(reaches(cluster(apiIngress({ from: [{ podSelector: { matchLabels: { app: 'web' } } }] })), 'tools/debug', 'shop/api')).toBe(false);
  });

  it('a rule without to (or with an empty one) allows every destination', () => {
    expect(reaches(cluster(webEgress({})), 'shop/web', 'tools/debug')).toBe(true);
    expect(reaches(cluster(webEgress({ to: [] })), 'shop/web', 'tools/debug')).toBe(true);
    expect(reaches(cluster(webEgress({ to: [{ podSelector: {} }] })), 'shop/web', 'tools/debug')).toBe(false);
    expect(reaches(cluster(webEgress({ to: [{ namespaceSelector: {} }] })), 'shop/web', 'tools/debug')).toBe(true);
  });
});

describe('ipBlock peers and pod addresses', () => {
  /** The recommended IMDS block: every address but the instance metadata service. */
  const everyButImds = { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } };
  const AWS: AwsData = { eks: { cluster: awsCluster() }, ec2: { subnets: [subnet('subnet-0a', true), subnet('subnet-0b', false)] } };

  it('matches pods when the block overlaps the private ranges (no VPC data), in both directions', () => {
    expect(reaches(cluster(webEgress({ to: [everyButImds] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(apiIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(apiIngress({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })), 'tools/debug', 'shop/api')).toBe(true);
    // Only public addresses: no pod has one.
    expect(reaches(cluster(webEgress({ to: [{ ipBlock: { cidr: '52.94.0.0/16' } }] })), 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(cluster(apiIngress({ from: [{ ipBlock: { cidr: '52.94.0.0/16' } }] })), 'shop/web', 'shop/api')).toBe(false);
    // The except list takes every private range out.
    const noPrivate = { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] } };
    expect(reaches(cluster(apiIngress({ from: [noPrivate] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('ties an every-address ipBlock (netpol-allow-all) to the pod traffic it admits', () => {
    const policyRef = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'shop', name: 'api-in' };
    expect(verdict(cluster(apiIngress({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })), 'tools/debug', 'shop/api').enabledBy).toContainEqual(policyRef);
    expect(verdict(cluster(apiIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })), 'tools/debug', 'shop/api').enabledBy).not.toContainEqual(policyRef);
  });

  it('says the match is an overlap, since a pod address is not known', () => {
    const allowed = verdict(cluster(apiIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })), 'shop/web', 'shop/api');
    expect(allowed.evidence[1]).toMatchObject({ resource: { name: 'api-in' }, path: 'spec.ingress[0].from[0]' });
    expect(allowed.evidence[1]?.detail).toContain('ipBlock 10.0.0.0/8 overlaps private addresses');
    expect(allowed.evidence[1]?.detail).toContain("a pod's exact address is not known, so an overlap counts as a match");
  });

  it('compares against the VPC subnets when the AWS data has them', () => {
    const build = (peer: Obj): InventoryView =>
      inventoryWithAws(AWS, ...NAMESPACES, deployment('shop', 'web'), deployment('shop', 'api'), apiIngress({ from: [peer] }));
    expect(reaches(build({ ipBlock: { cidr: '10.0.64.0/24' } }), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(build({ ipBlock: { cidr: '10.99.0.0/16' } }), 'shop/web', 'shop/api')).toBe(false);
    // Outside the VPC, although private: 172.16.0.0/12 is left in, but no pod lives there.
    expect(reaches(build({ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }), 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(build({ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/20'] } }), 'shop/web', 'shop/api')).toBe(true);
    const evidence = verdict(build({ ipBlock: { cidr: '10.0.0.0/16' } }), 'shop/web', 'shop/api').evidence[1]?.detail;
    expect(evidence).toContain('overlaps the subnets of vpc-');
  });

  it('matches no pod where Cilium enforces, which leaves cluster endpoints out of CIDR rules', () => {
    const policy = apiIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] });
    const ciliumPolicy = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'tools', namespace: 'tools' },
      spec: { endpointSelector: { matchLabels: { app: 'nothing' } }, ingress: [{}] },
    };
    expect(reaches(cluster(policy, ciliumPolicy), 'shop/web', 'shop/api')).toBe(false);
    const agent = deployment('kube-system', 'cilium', { labels: { 'k8s-app': 'cilium' } }) as { spec: { template: { spec: { containers: Obj[] } } } };
    agent.spec.template.spec.containers = [{ name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.16.3' }];
    expect(reaches(cluster(policy, agent as unknown as Obj), 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(cluster(policy), 'shop/web', 'shop/api')).toBe(true);
  });

  it('still needs the ports, and a selector peer in the same rule still counts', () => {
    const egress = webEgress({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 9090 }] });
    expect(reaches(cluster(egress, apiIngress({ ports: [{ port: 8080 }] })), 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(cluster(egress, apiIngress({ ports: [{ port: 9090 }] })), 'shop/web', 'shop/api')).toBe(true);
    const publicOnly = { ipBlock: { cidr: '52.94.0.0/16' } };
    expect(reaches(cluster(webEgress({ to: [publicOnly, { podSelector: { matchLabels: { app: 'api' } } }] })), 'shop/web', 'shop/api')).toBe(true);
  });
});

describe('host-network pods', () => {
  const objects = (hostNetwork: boolean): Obj[] => [
    ...NAMESPACES,
    deployment('tools', 'agent', { hostNetwork, labels: { app: 'agent' } }),
    deployment('shop', 'api', { ports: HTTP }),
  ];

  it('are not selected as a source by pod or namespace selectors: their traffic carries the node address', () => {
    const byNamespace = apiIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'infra' } } }] });
    expect(reaches(inventory(...objects(false), byNamespace), 'tools/agent', 'shop/api')).toBe(true);
    const host = inventory(...objects(true), byNamespace);
    const blocked = verdict(host, 'tools/agent', 'shop/api');
    expect(blocked.reachable).toBe(false);
    expect(blocked.evidence.map((item) => item.detail)).toContain(
      "Deployment tools/agent uses the host network: its traffic carries the node's address, which only an ipBlock matches",
    );
    const byPod = apiIngress({ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'agent' } } }] });
    expect(reaches(inventory(...objects(true), byPod), 'tools/agent', 'shop/api')).toBe(false);
    expect(reaches(inventory(...objects(false), byPod), 'tools/agent', 'shop/api')).toBe(true);
  });

  it('are admitted by an ipBlock covering the node addresses', () => {
    expect(reaches(inventory(...objects(true), apiIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })), 'tools/agent', 'shop/api')).toBe(true);
    expect(reaches(inventory(...objects(true), apiIngress({ from: [{ ipBlock: { cidr: '52.94.0.0/16' } }] })), 'tools/agent', 'shop/api')).toBe(false);
  });

  it('are not selected as a destination by pod selectors, only by an ipBlock', () => {
    const toAgent = (peer: Obj): Obj =>
      netpol('shop', 'api-out', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [peer] }] });
    const bySelector = toAgent({ namespaceSelector: {}, podSelector: { matchLabels: { app: 'agent' } } });
    expect(reaches(inventory(...objects(false), bySelector), 'shop/api', 'tools/agent')).toBe(true);
    expect(reaches(inventory(...objects(true), bySelector), 'shop/api', 'tools/agent')).toBe(false);
    expect(reaches(inventory(...objects(true), toAgent({ ipBlock: { cidr: '10.0.0.0/8' } })), 'shop/api', 'tools/agent')).toBe(true);
  });

  it('get a class of their own even when their peers and rules look alike', () => {
    const view = inventory(...NAMESPACES, deployment('tools', 'agent', { hostNetwork: true }), deployment('tools', 'debug'));
    const reachability = NetworkReachability.of(view);
    expect(reachability.classOf(workload(view, 'tools/agent'))).not.toBe(reachability.classOf(workload(view, 'tools/debug')));
  });
});

describe('ports', () => {
  it('defaults the protocol to TCP', () => {
    const ingress = apiIngress({ ports: [{ port: 8080 }] });
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 8080, protocol: 'UDP' }] })), 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 8080, protocol: 'TCP' }] })), 'shop/web', 'shop/api')).toBe(true);
  });

  it('matches SCTP only with SCTP', () => {
    const ingress = apiIngress({ ports: [{ port: 9000, protocol: 'SCTP' }] });
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 9000, protocol: 'SCTP' }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 9000 }] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('needs a numeric port both sides allow', () => {
    const ingress = apiIngress({ ports: [{ port: 8080 }] });
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 8080 }] })), 'shop/web', 'shop/api')).toBe(true);
    const blocked = verdict(cluster(ingress, webEgress({ ports: [{ port: 9090 }] })), 'shop/web', 'shop/api');
    expect(blocked.reachable).toBe(false);
    expect(blocked.evidence.at(-1)?.detail).toContain('allows TCP 9090 but ingress of Deployment shop/api allows TCP 8080: no port in common');
  });

  it('answers for the ports asked about only, when asked', () => {
    const view = cluster(apiIngress({ ports: [{ port: 9090 }] }));
    const from = workload(view, 'shop/web');
    const to = workload(view, 'shop/api');
    const reachability = NetworkReachability.of(view);
    expect(reachability.reach(from, to).reachable).toBe(true);
    expect(reachability.reach(from, to, PortSet.range('TCP', 9090)).reachable).toBe(true);
    const blocked = reachability.reach(from, to, PortSet.range('TCP', 8080));
    expect(blocked.reachable).toBe(false);
    expect(blocked.evidence.at(-1)?.detail).toBe(
      'NetworkPolicies let Deployment shop/web reach Deployment shop/api on TCP 9090 only, not on TCP 8080',
    );
  });

  it('reads endPort as an inclusive range', () => {
    const ingress = apiIngress({ ports: [{ port: 8000, endPort: 8100 }] });
    const allowed = verdict(cluster(ingress, webEgress({ ports: [{ port: 8080 }] })), 'shop/web', 'shop/api');
    expect(allowed.reachable).toBe(true);
    expect(allowed.evidence[1]?.detail).toBe('NetworkPolicy shop/api-in allows ingress from every source (the rule has no "from") on TCP 8080');
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 8100, endPort: 8200 }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 8101, endPort: 8200 }] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('a port entry without a port admits every port of its protocol', () => {
    const ingress = apiIngress({ ports: [{ protocol: 'UDP' }] });
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 53, protocol: 'UDP' }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 53 }] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('resolves a named ingress port against the destination container ports', () => {
    const ingress = apiIngress({ ports: [{ port: 'http' }] });
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 8080 }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(ingress, webEgress({ ports: [{ port: 9090 }] })), 'shop/web', 'shop/api')).toBe(false);
    // shop/db declares no port named http: the rule admits nothing there.
    const onDb = netpol('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'http' }] }] });
    expect(reaches(cluster(onDb), 'shop/web', 'shop/db')).toBe(false);
  });

  it('resolves a named egress port against the destination, not the source', () => {
    const objects = [
      ...NAMESPACES,
      deployment('shop', 'web', { ports: [{ name: 'http', containerPort: 9090 }] }),
      deployment('shop', 'api', { ports: HTTP }),
      webEgress({ ports: [{ port: 'http' }] }),
    ];
    expect(reaches(inventory(...objects, apiIngress({ ports: [{ port: 8080 }] })), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(inventory(...objects, apiIngress({ ports: [{ port: 9090 }] })), 'shop/web', 'shop/api')).toBe(false);
  });

  it('matches a named port only with its protocol', () => {
    const objects = [...NAMESPACES, deployment('shop', 'web'), deployment('shop', 'dns', { ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] })];
    const policy = (entry: Obj): Obj => netpol('shop', 'dns-in', { podSelector: { matchLabels: { app: 'dns' } }, ingress: [{ ports: [entry] }] });
    expect(reaches(inventory(...objects, policy({ port: 'dns', protocol: 'UDP' })), 'shop/web', 'shop/dns')).toBe(true);
    expect(reaches(inventory(...objects, policy({ port: 'dns' })), 'shop/web', 'shop/dns')).toBe(false);
  });
});

describe('policies that are not evaluated', () => {
  it('NetworkPolicy does not apply to host-network pods, in either direction', () => {
    const denyAll = netpol('shop', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const build = (hostNetwork: boolean): InventoryView =>
      inventory(...NAMESPACES, deployment('tools', 'debug'), deployment('shop', 'agent', { hostNetwork }), denyAll);
    const host = build(true);
    const inbound = verdict(host, 'tools/debug', 'shop/agent');
    expect(inbound.reachable).toBe(true);
    expect(inbound.evidence[1]).toMatchObject({
      path: 'spec.template.spec.hostNetwork',
      detail: 'Deployment shop/agent uses the host network: NetworkPolicy does not apply to its ingress traffic',
    });
    expect(reaches(host, 'shop/agent', 'tools/debug')).toBe(true);
    const isolated = build(false);
    expect(reaches(isolated, 'tools/debug', 'shop/agent')).toBe(false);
    expect(reaches(isolated, 'shop/agent', 'tools/debug')).toBe(false);
  });

  it('assumes a workload selected by Cilium or Calico policies is reachable, and says so', () => {
    const cilium = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'api-l7', namespace: 'shop' },
      spec: { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'db' } }] }] },
    };
    const allowed = verdict(cluster(cilium), 'shop/web', 'shop/api');
    expect(allowed.reachable).toBe(true);
    expect(allowed.evidence[1]?.detail).toBe(
      'CiliumNetworkPolicy shop/api-l7 selects Deployment shop/api for Ingress; its rules are not evaluated, so the traffic is assumed allowed',
    );
    const calico = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { selector: "app == 'api'", types: ['Ingress'] },
    };
    expect(reaches(cluster(calico), 'shop/web', 'shop/api')).toBe(true);
    expect(reaches(cluster(apiIngress({ from: [{ podSelector: { matchLabels: { app: 'db' } } }] })), 'shop/web', 'shop/api')).toBe(false);
  });
});

describe('hostile input', () => {
  it('reads malformed peers, rules and ports as admitting nothing, without throwing', () => {
    // Built without the loader, which would reject these objects before analysis.
    const view = inventoryOf([
      ...(NAMESPACES as K8sObject[]),
      deployment('shop', 'web'),
      deployment('shop', 'api'),
      netpol('shop', 'broken', {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [
          'not a rule',
          { from: 'everyone' },
          { from: [{ podSelector: 'all' }, { namespaceSelector: { matchExpressions: [null] } }, {}, null] },
          { ports: [{ port: 'http', endPort: 9000 }, { protocol: 'ICMP' }, { port: 70000 }, 7] },
        ],
      }),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'odd', namespace: 'shop' }, spec: { template: { metadata: { labels: 'x' }, spec: { containers: [{ ports: 'x' }] } } } },
    ]);
    expect(reaches(view, 'shop/web', 'shop/api')).toBe(false);
    expect(reaches(view, 'shop/api', 'shop/web')).toBe(true);
    expect(reaches(view, 'shop/odd', 'shop/web')).toBe(true);
  });
});
