import { describe, expect, it } from 'vitest';
import type { AwsData, K8sObject } from '../../model/index.js';
import { view } from '../../checks/nodes/test-support/views.js';
import { CLUSTER_SG, cluster, clusterSecurityGroup, nodegroup, permission, securityGroup, subnet } from '../../checks/nodes/test-support/aws-fixtures.js';
import { SecurityGraph, type GraphEdge } from '../security-graph.js';
import { graphInventory } from '../test-support/inventory.js';
import { addExposureEdges } from './exposure.js';

function build(yaml: string, aws?: AwsData): SecurityGraph {
  const graph = new SecurityGraph();
  addExposureEdges(graph, graphInventory(yaml, aws));
  return graph;
}

function edges(graph: SecurityGraph, kind?: GraphEdge['kind']): GraphEdge[] {
  return [...graph.edges()].filter((edge) => kind === undefined || edge.kind === kind);
}

/** Every stored edge as `from -kind-> to`, sorted. */
function chain(graph: SecurityGraph): string[] {
  return edges(graph)
    .map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}`)
    .sort();
}

function edge(graph: SecurityGraph, from: string, kind: GraphEdge['kind'], to: string): GraphEdge {
  const found = edges(graph, kind).find((candidate) => candidate.from === from && candidate.to === to);
  if (!found) throw new Error(`no ${kind} edge ${from} -> ${to}; have ${chain(graph).join('; ')}`);
  return found;
}

const stream = (...documents: string[]) => documents.join('---\n');

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: { kubernetes.io/metadata.name: ${name} } }\n`;

/** An ingress policy over every pod of the namespace. */
const policy = (ns: string, name: string, ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: ${ingress}
`;

function deployment(ns: string, name: string, options: { labels?: string; ports?: string; pod?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: ${options.labels ?? `{ app: ${name} }`} }
  template:
    metadata: { labels: ${options.labels ?? `{ app: ${name} }`} }
    spec:
${options.pod ?? ''}      containers:
        - name: app
          image: shop/${name}:1.0
          ports: ${options.ports ?? '[{ containerPort: 8080, name: http }]'}
`;
}

interface ServiceOptions {
  type?: string;
  annotations?: Record<string, string>;
  selector?: string;
  spec?: string;
  ports?: string;
}

function service(ns: string, name: string, options: ServiceOptions = {}): string {
  const annotations = Object.entries(options.annotations ?? {})
    .map(([key, value]) => `    ${key}: "${value}"`)
    .join('\n');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  type: ${options.type ?? 'ClusterIP'}
  selector: ${options.selector ?? `{ app: ${name} }`}
  ports: ${options.ports ?? '[{ port: 443, targetPort: 8080 }]'}
${options.spec ?? ''}`;
}

const LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const LB_SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const LB_INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';

const SERVICE_CHAIN = [
  'Internet -exposes-> LoadBalancer:shop/Service/web',
  'LoadBalancer:shop/Service/web -routes-to-> Service:shop/web',
  'Service:shop/web -selects-> Deployment:shop/web',
];

/** Node groups on the cluster security group, with extra inbound rules on it. */
function awsWithClusterRules(...rules: ReturnType<typeof permission>[]): AwsData {
  return { eks: { cluster: cluster(), nodegroups: [nodegroup('general')] }, ec2: { securityGroups: [clusterSecurityGroup(rules)], instances: [] } };
}

const CLUSTER_SG_REF = { kind: 'SecurityGroup', name: `arn:aws:ec2:eu-west-1:111122223333:security-group/${CLUSTER_SG}` };

describe('LoadBalancer Services', () => {
  it('exposes an in-tree load balancer (internet-facing by default) down to the selected workload', () => {
    const graph = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer' })));
    expect(chain(graph)).toEqual(SERVICE_CHAIN);
    const exposes = edge(graph, 'Internet', 'exposes', 'LoadBalancer:shop/Service/web');
    expect(exposes.evidence).toEqual([
      {
        resource: { kind: 'Service', namespace: 'shop', name: 'web' },
        path: 'metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"]',
        detail: 'the load balancer is internet-facing (default of the in-tree AWS cloud provider)',
      },
      { resource: { kind: 'Service', namespace: 'shop', name: 'web' }, path: 'spec.loadBalancerSourceRanges', detail: 'no source ranges: any Internet client may connect' },
    ]);
    expect(exposes.enabledBy).toEqual([{ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }]);
    const selects = edge(graph, 'Service:shop/web', 'selects', 'Deployment:shop/web');
    expect(selects.evidence[0]).toEqual({
      resource: { kind: 'Service', namespace: 'shop', name: 'web' },
      path: 'spec.selector',
      detail: 'selector app=web matches the pods of Deployment shop/web',
    });
    // The workload (svc-unauthenticated-db) and, with no NetworkPolicy, its namespace (netpol-default-deny-missing).
    expect(selects.enabledBy).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      { kind: 'Namespace', name: 'shop' },
    ]);
    expect(graph.node('Deployment:shop/web')?.attrs.exposed).toBe(true);
    expect(graph.node('Service:shop/web')?.attrs.exposed).toBe(true);
  });

  it('does not expose an internal load balancer (in-tree annotation)', () => {
    const graph = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_INTERNAL]: 'true' } })));
    expect(chain(graph)).toEqual([]);
    expect(graph.node('Deployment:shop/web')).toBeUndefined();
  });

  it('follows the AWS Load Balancer Controller: internal by default, exposed with the internet-facing scheme', () => {
    const internal = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_TYPE]: 'external' } })));
    expect(chain(internal)).toEqual([]);
    const explicitInternal = build(
      stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_TYPE]: 'external', [LB_SCHEME]: 'internal' } })),
    );
    expect(chain(explicitInternal)).toEqual([]);
    const facing = build(
      stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_TYPE]: 'external', [LB_SCHEME]: 'internet-facing' } })),
    );
    expect(chain(facing)).toEqual(SERVICE_CHAIN);
    expect(facing.node('LoadBalancer:shop/Service/web')?.attrs).toEqual({ internetFacing: true, controller: 'aws-load-balancer-controller' });
  });

  it('does not expose a load balancer limited to private source ranges; public ranges still expose it', () => {
    const privateOnly = build(
      stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', spec: '  loadBalancerSourceRanges: [10.0.0.0/8, 192.168.10.0/24, "fd00::/8"]\n' })),
    );
    expect(chain(privateOnly)).toEqual([]);
    const partner = build(
      stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', spec: '  loadBalancerSourceRanges: [10.0.0.0/8, 81.2.69.0/24]\n' })),
    );
    expect(chain(partner)).toEqual(SERVICE_CHAIN);
    expect(edge(partner, 'Internet', 'exposes', 'LoadBalancer:shop/Service/web').evidence[1]?.detail).toBe(
      'accepts clients from 81.2.69.0/24 (spec.loadBalancerSourceRanges)',
    );
    const annotated = build(
      stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.1.0.0/16, 172.16.0.0/12' } })),
    );
    expect(chain(annotated)).toEqual([]);
  });

  it('assumes an unknown load balancer class is internet-facing, and says so', () => {
    const graph = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', spec: '  loadBalancerClass: example.com/lb\n' })));
    expect(chain(graph)).toEqual(SERVICE_CHAIN);
    expect(edge(graph, 'Internet', 'exposes', 'LoadBalancer:shop/Service/web').evidence[0]?.detail).toMatch(/assumed internet-facing/);
    expect(graph.node('LoadBalancer:shop/Service/web')?.attrs.assumed).toBe(true);
  });

  it('reads user-supplied security groups when the AWS data has them', () => {
    const annotations = { [LB_TYPE]: 'external', [LB_SCHEME]: 'internet-facing', 'service.beta.kubernetes.io/aws-load-balancer-security-groups': 'sg-0lb0000000000001' };
    const yaml = stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', annotations }));
    const withRules = (cidr: string): AwsData => ({ ec2: { securityGroups: [securityGroup('sg-0lb0000000000001', [permission('tcp', 443, 443, { v4: [cidr] })])] } });
    expect(chain(build(yaml, withRules('10.0.0.0/16')))).toEqual([]);
    const open = build(yaml, withRules('0.0.0.0/0'));
    expect(chain(open)).toEqual(SERVICE_CHAIN);
    expect(edge(open, 'Internet', 'exposes', 'LoadBalancer:shop/Service/web').evidence[1]).toEqual({
      resource: { kind: 'SecurityGroup', name: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0lb0000000000001' },
      path: 'IpPermissions[0].IpRanges[0].CidrIp',
      detail: 'security group sg-0lb0000000000001 (annotation service.beta.kubernetes.io/aws-load-balancer-security-groups) admits 0.0.0.0/0',
    });
    const unknown = build(yaml);
    expect(chain(unknown)).toEqual(SERVICE_CHAIN);
    expect(unknown.node('LoadBalancer:shop/Service/web')?.attrs.assumed).toBe(true);
  });
});

describe('Service to workload selection', () => {
  it('never exposes a ClusterIP Service by itself', () => {
    const graph = build(stream(deployment('shop', 'web'), service('shop', 'web')));
    expect(chain(graph)).toEqual([]);
    expect(graph.node('Service:shop/web')).toBeUndefined();
  });

  it('selects nothing when the selector matches no pods, or pods of another namespace', () => {
    const graph = build(
      stream(
        deployment('shop', 'api'),
        deployment('other', 'web'),
        service('shop', 'web', { type: 'LoadBalancer' }),
        service('shop', 'empty', { type: 'LoadBalancer', selector: '{}' }),
      ),
    );
    expect(chain(graph)).toEqual([
      'Internet -exposes-> LoadBalancer:shop/Service/empty',
      'Internet -exposes-> LoadBalancer:shop/Service/web',
      'LoadBalancer:shop/Service/empty -routes-to-> Service:shop/empty',
      'LoadBalancer:shop/Service/web -routes-to-> Service:shop/web',
    ]);
  });

  it('selects every workload whose labels carry the selector, and needs all its keys', () => {
    const graph = build(
      stream(
        deployment('shop', 'web', { labels: '{ app: web, tier: front }' }),
        deployment('shop', 'web-canary', { labels: '{ app: web, track: canary }' }),
        deployment('shop', 'admin', { labels: '{ tier: front }' }),
        service('shop', 'web', { type: 'LoadBalancer', selector: '{ app: web }' }),
        service('shop', 'front', { type: 'LoadBalancer', selector: '{ app: web, tier: front }' }),
      ),
    );
    expect(edges(graph, 'selects').map((found) => `${found.from} -> ${found.to}`).sort()).toEqual([
      'Service:shop/front -> Deployment:shop/web',
      'Service:shop/web -> Deployment:shop/web',
      'Service:shop/web -> Deployment:shop/web-canary',
    ]);
  });

  it('skips pods that do not declare the named target port', () => {
    const graph = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', ports: '[{ port: 443, targetPort: metrics }]' })));
    expect(edges(graph, 'selects')).toEqual([]);
    const named = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', ports: '[{ port: 443, targetPort: http }]' })));
    expect(edges(named, 'selects')).toHaveLength(1);
  });

  it('leaves out workloads NetworkPolicies close to the Internet, and carries the policy evidence otherwise', () => {
    const yaml = stream(namespace('shop'), deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer' }));
    const closed = build(stream(yaml, policy('shop', 'deny-all', '[]')));
    expect(chain(closed)).toEqual(SERVICE_CHAIN.slice(0, 2));
    expect(closed.node('Deployment:shop/web')).toBeUndefined();
    const open = build(stream(yaml, policy('shop', 'from-anywhere', '[{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]')));
    expect(chain(open)).toEqual(SERVICE_CHAIN);
    const evidence = edge(open, 'Service:shop/web', 'selects', 'Deployment:shop/web').evidence;
    expect(evidence.map((item) => item.resource)).toContainEqual({ kind: 'NetworkPolicy', namespace: 'shop', name: 'from-anywhere' });
  });

  it('ties the NetworkPolicy findings that leave the pods open to the selection', () => {
    const graph = build(stream(namespace('shop'), deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer' })));
    const { enabledBy } = edge(graph, 'Service:shop/web', 'selects', 'Deployment:shop/web');
    expect(enabledBy[0]).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(enabledBy.map((ref) => ref.kind)).toContain('Namespace');
  });
});

describe('traffic the pods see from VPC addresses', () => {
  const nlb = (extra: Record<string, string> = {}) =>
    service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_TYPE]: 'external', [LB_SCHEME]: 'internet-facing', ...extra } });
  const fromVpc = (cidr: string, except = '[]') => policy('shop', 'from-vpc', `[{ from: [{ ipBlock: { cidr: ${cidr}, except: ${except} } }] }]`);
  const base = stream(namespace('shop'), deployment('shop', 'web'));

  it('admits NLB IP targets through a policy that allows only the VPC, and says why', () => {
    const graph = build(stream(base, nlb({ 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }), fromVpc('10.0.0.0/16')));
    const selects = edge(graph, 'Service:shop/web', 'selects', 'Deployment:shop/web');
    expect(selects.evidence[1]?.detail).toBe('NLB IP targets without client IP preservation: pods see the load balancer’s VPC addresses');
    expect(selects.evidence[2]).toMatchObject({ resource: { kind: 'NetworkPolicy', namespace: 'shop', name: 'from-vpc' } });
  });

  it('keeps the client address with client IP preservation, or instance targets and externalTrafficPolicy Local', () => {
    const preserved = nlb({
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
    });
    expect(edges(build(stream(base, preserved, fromVpc('10.0.0.0/16'))), 'selects')).toEqual([]);
    const local = nlb().replace('  ports:', '  externalTrafficPolicy: Local\n  ports:');
    expect(edges(build(stream(base, local, fromVpc('10.0.0.0/16'))), 'selects')).toEqual([]);
    // Instance targets with externalTrafficPolicy Cluster: kube-proxy forwards from node addresses.
    const cluster = build(stream(base, nlb(), fromVpc('10.0.0.0/16')));
    expect(edge(cluster, 'Service:shop/web', 'selects', 'Deployment:shop/web').evidence[1]?.path).toBe('spec.externalTrafficPolicy');
  });

  it('treats the in-tree Classic Load Balancer and ALBs as proxies', () => {
    const clb = build(stream(base, service('shop', 'web', { type: 'LoadBalancer' }), fromVpc('172.16.0.0/12')));
    expect(edge(clb, 'Service:shop/web', 'selects', 'Deployment:shop/web').evidence[1]?.detail).toMatch(/Classic Load Balancer proxies/);
  });

  it('compares against the VPC subnets when the AWS data has them', () => {
    const aws: AwsData = { eks: { cluster: cluster() }, ec2: { subnets: [subnet('subnet-0a', true), subnet('subnet-0b', false)] } };
    const yaml = stream(base, nlb({ 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }));
    expect(edges(build(stream(yaml, fromVpc('10.0.0.0/16')), aws), 'selects')).toHaveLength(1);
    expect(edges(build(stream(yaml, fromVpc('10.99.0.0/16')), aws), 'selects')).toEqual([]);
    // The except list removes both subnets (10.0.0.0/20 and 10.0.64.0/19).
    expect(edges(build(stream(yaml, fromVpc('10.0.0.0/16', '[10.0.0.0/18, 10.0.64.0/18]')), aws), 'selects')).toEqual([]);
    expect(edges(build(stream(yaml, policy('shop', 'deny-all', '[]')), aws), 'selects')).toEqual([]);
  });

  it('judges node ports by externalTrafficPolicy', () => {
    const aws = awsWithClusterRules(permission('tcp', 30000, 32767, { v4: ['0.0.0.0/0'] }));
    const nodePort = service('shop', 'web', { type: 'NodePort' });
    expect(edges(build(stream(base, nodePort, fromVpc('10.0.0.0/8')), aws), 'selects')).toHaveLength(1);
    const local = nodePort.replace('  ports:', '  externalTrafficPolicy: Local\n  ports:');
    expect(edges(build(stream(base, local, fromVpc('10.0.0.0/8')), aws), 'selects')).toEqual([]);
  });
});

describe('the ports NetworkPolicies must admit', () => {
  const base = stream(namespace('shop'), deployment('shop', 'web'));
  /** A policy over every pod of shop admitting these peers on these ports. */
  const admit = (from: string, ports: string) => policy('shop', 'narrow', `[{ from: ${from}, ports: ${ports} }]`);
  const anywhere = '[{ ipBlock: { cidr: 0.0.0.0/0 } }]';
  const nlbLocal = service('shop', 'web', {
    type: 'LoadBalancer',
    annotations: { [LB_TYPE]: 'external', [LB_SCHEME]: 'internet-facing' },
    spec: '  externalTrafficPolicy: Local\n',
  });

  it('selects the pods only when a rule admits the Service target port and protocol', () => {
    expect(edges(build(stream(base, nlbLocal, admit(anywhere, '[{ port: 8080 }]'))), 'selects')).toHaveLength(1);
    expect(edges(build(stream(base, nlbLocal, admit(anywhere, '[{ port: 9100 }]'))), 'selects')).toEqual([]);
    expect(edges(build(stream(base, nlbLocal, admit(anywhere, '[{ port: 8080, protocol: UDP }]'))), 'selects')).toEqual([]);
    // The in-tree Classic Load Balancer too, whatever source the rule names.
    const clb = service('shop', 'web', { type: 'LoadBalancer' });
    expect(edges(build(stream(base, clb, admit(anywhere, '[{ port: 9100 }]'))), 'selects')).toEqual([]);
    expect(edges(build(stream(base, clb, admit(anywhere, '[{ port: 8080 }]'))), 'selects')).toHaveLength(1);
  });

  it('resolves a named targetPort against the pods, with the Service port protocol', () => {
    const named = (protocol: string) =>
      service('shop', 'web', {
        type: 'LoadBalancer',
        annotations: { [LB_TYPE]: 'external', [LB_SCHEME]: 'internet-facing' },
        spec: '  externalTrafficPolicy: Local\n',
        ports: `[{ port: 443, targetPort: http, protocol: ${protocol} }]`,
      });
    expect(edges(build(stream(base, named('TCP'), admit(anywhere, '[{ port: 8080 }]'))), 'selects')).toHaveLength(1);
    expect(edges(build(stream(base, named('TCP'), admit(anywhere, '[{ port: 443 }]'))), 'selects')).toEqual([]);
    // No UDP container port named http: the Service lands nowhere on these pods.
    expect(edges(build(stream(base, named('UDP'))), 'selects')).toEqual([]);
  });

  it('judges an Ingress backend by the Service port it names', () => {
    const twoPorts = service('shop', 'web', { ports: '[{ name: https, port: 443, targetPort: 8080 }, { name: metrics, port: 9100 }]' });
    const alb = (port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: front, namespace: shop, annotations: { alb.ingress.kubernetes.io/scheme: internet-facing } }
spec: { ingressClassName: alb, defaultBackend: { service: { name: web, port: ${port} } } }
`;
    const onlyMetrics = admit('[{ ipBlock: { cidr: 10.0.0.0/8 } }]', '[{ port: 9100 }]');
    expect(edges(build(stream(base, twoPorts, alb('{ number: 443 }'), onlyMetrics)), 'selects')).toEqual([]);
    expect(edges(build(stream(base, twoPorts, alb('{ name: https }'), onlyMetrics)), 'selects')).toEqual([]);
    expect(edges(build(stream(base, twoPorts, alb('{ number: 9100 }'), onlyMetrics)), 'selects')).toHaveLength(1);
    expect(edges(build(stream(base, twoPorts, alb('{ name: metrics }'), onlyMetrics)), 'selects')).toHaveLength(1);
  });

  it('judges what an ingress controller forwards by the backend target port too', () => {
    const controller = `apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: ingress-nginx } }
  template:
    metadata: { labels: { app.kubernetes.io/name: ingress-nginx } }
    spec:
      containers: [{ name: controller, image: "registry.k8s.io/ingress-nginx/controller:v1.11.3" }]
---
${service('ingress-nginx', 'ingress-nginx-controller', { type: 'LoadBalancer', selector: '{ app.kubernetes.io/name: ingress-nginx }' })}`;
    const nginx = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: front, namespace: shop }
spec: { ingressClassName: nginx, defaultBackend: { service: { name: web, port: { number: 443 } } } }
`;
    const yaml = stream(base, namespace('ingress-nginx'), controller, service('shop', 'web'), nginx);
    const fromController = '[{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }]';
    const wrongPort = build(stream(yaml, admit(fromController, '[{ port: 9100 }]')));
    expect(edges(wrongPort, 'selects').filter((found) => found.to === 'Deployment:shop/web')).toEqual([]);
    const rightPort = build(stream(yaml, admit(fromController, '[{ port: 8080 }]')));
    expect(edges(rightPort, 'selects').filter((found) => found.to === 'Deployment:shop/web')).toHaveLength(1);
  });
});

describe('proxying fronts: the pods never see the client address', () => {
  const base = stream(namespace('shop'), deployment('shop', 'web'));
  const office = policy('shop', 'office-only', '[{ from: [{ ipBlock: { cidr: 52.94.0.0/16 } }] }]');
  const vpc = policy('shop', 'vpc-only', '[{ from: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]');
  const albIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: front, namespace: shop, annotations: { alb.ingress.kubernetes.io/scheme: internet-facing, alb.ingress.kubernetes.io/target-type: ip } }
spec: { ingressClassName: alb, defaultBackend: { service: { name: web, port: { number: 443 } } } }
`;
  const nlb = (extra: Record<string, string>, spec = '') =>
    service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_TYPE]: 'external', [LB_SCHEME]: 'internet-facing', ...extra }, spec });
  const ipTargets = { 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' };

  it('an ALB: a policy admitting only a public client range does not let its traffic in; the VPC range does', () => {
    const yaml = stream(base, service('shop', 'web'), albIngress);
    expect(edges(build(stream(yaml, office)), 'selects')).toEqual([]);
    const fromVpc = edge(build(stream(yaml, vpc)), 'Service:shop/web', 'selects', 'Deployment:shop/web');
    expect(fromVpc.evidence[1]?.detail).toBe('the ALB proxies connections: pods see its VPC addresses, never the client’s');
  });

  it('a Classic Load Balancer, NLB IP targets without client IP preservation, externalTrafficPolicy Cluster', () => {
    for (const front of [service('shop', 'web', { type: 'LoadBalancer' }), nlb(ipTargets), nlb({})]) {
      expect(edges(build(stream(base, front, office)), 'selects')).toEqual([]);
      expect(edges(build(stream(base, front, vpc)), 'selects')).toHaveLength(1);
    }
  });

  it('fronts that keep the client address are judged by it', () => {
    const preserved = nlb({ ...ipTargets, 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' });
    const local = nlb({}, '  externalTrafficPolicy: Local\n');
    for (const front of [preserved, local]) {
      expect(edges(build(stream(base, front, office)), 'selects')).toHaveLength(1);
      expect(edges(build(stream(base, front, vpc)), 'selects')).toEqual([]);
    }
  });

  it('a front that may do either is judged both ways', () => {
    const unknown = service('shop', 'web', { type: 'LoadBalancer', spec: '  loadBalancerClass: example.com/lb\n' });
    expect(edges(build(stream(base, unknown, office)), 'selects')).toHaveLength(1);
    expect(edges(build(stream(base, unknown, vpc)), 'selects')).toHaveLength(1);
    expect(edges(build(stream(base, unknown, policy('shop', 'deny', '[]'))), 'selects')).toEqual([]);
  });
});

describe('Ingresses', () => {
  const ingress = (name: string, options: { className?: string; annotations?: Record<string, string>; rules?: string } = {}) => {
    const annotations = Object.entries(options.annotations ?? {})
      .map(([key, value]) => `    ${key}: "${value}"`)
      .join('\n');
    return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
${options.className ? `  ingressClassName: ${options.className}\n` : ''}${options.rules ?? `  defaultBackend: { service: { name: web, port: { number: 443 } } }
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 443 } } } }
          - { path: /api, pathType: Prefix, backend: { service: { name: api, port: { number: 443 } } } }
          - { path: /gone, pathType: Prefix, backend: { service: { name: missing, port: { number: 80 } } } }
`}`;
  };
  const backends = stream(deployment('shop', 'web'), deployment('shop', 'api'), service('shop', 'web'), service('shop', 'api'));
  const INGRESS_CHAIN = [
    'Ingress:shop/front -routes-to-> Service:shop/api',
    'Ingress:shop/front -routes-to-> Service:shop/web',
    'Internet -exposes-> LoadBalancer:shop/Ingress/front',
    'LoadBalancer:shop/Ingress/front -routes-to-> Ingress:shop/front',
    'Service:shop/api -selects-> Deployment:shop/api',
    'Service:shop/web -selects-> Deployment:shop/web',
  ];

  it('exposes an internet-facing ALB down to every backend Service that exists', () => {
    const graph = build(stream(backends, ingress('front', { className: 'alb', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } })));
    expect(chain(graph)).toEqual(INGRESS_CHAIN);
    const exposes = edge(graph, 'Internet', 'exposes', 'LoadBalancer:shop/Ingress/front');
    expect(exposes.evidence.map((item) => item.detail)).toEqual([
      'the ALB is internet-facing (annotation alb.ingress.kubernetes.io/scheme)',
      'accepts clients from 0.0.0.0/0 (default inbound-cidrs 0.0.0.0/0)',
    ]);
    expect(exposes.enabledBy).toEqual([{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'shop', name: 'front' }]);
    const routes = edges(graph, 'routes-to')
      .filter((found) => found.from === 'Ingress:shop/front' && found.to === 'Service:shop/web')
      .flatMap((found) => found.evidence.map((item) => item.path));
    expect(routes).toEqual(['spec.defaultBackend.service.name', 'spec.rules[0].http.paths[0].backend.service.name']);
  });

  it('does not expose an internal ALB (the controller default) or one limited to private CIDRs', () => {
    expect(chain(build(stream(backends, ingress('front', { className: 'alb' }))))).toEqual([]);
    const privateCidrs = ingress('front', {
      className: 'alb',
      annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/inbound-cidrs': '10.0.0.0/8,100.64.0.0/10' },
    });
    expect(chain(build(stream(backends, privateCidrs)))).toEqual([]);
  });

  it('assumes an Ingress of another class is exposed when its controller is not in the input', () => {
    const graph = build(stream(backends, ingress('front', { className: 'nginx' })));
    expect(chain(graph)).toEqual(INGRESS_CHAIN);
    const exposes = edge(graph, 'Internet', 'exposes', 'LoadBalancer:shop/Ingress/front');
    expect(exposes.evidence).toEqual([
      {
        resource: { kind: 'Ingress', namespace: 'shop', name: 'front' },
        path: 'spec.ingressClassName',
        detail: 'ingress class "nginx" (controller k8s.io/ingress-nginx): its controller is not in the input, so the Ingress is assumed internet-facing',
      },
    ]);
    expect(graph.node('LoadBalancer:shop/Ingress/front')?.attrs.assumed).toBe(true);
  });

  describe('served by ingress-nginx in the cluster', () => {
    const controller = (annotations: Record<string, string>) =>
      stream(
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: ingress-nginx } }
  template:
    metadata: { labels: { app.kubernetes.io/name: ingress-nginx } }
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.3
          args: [/nginx-ingress-controller, --election-id=ingress-nginx-leader]
`,
        service('ingress-nginx', 'ingress-nginx-controller', { type: 'LoadBalancer', annotations, selector: '{ app.kubernetes.io/name: ingress-nginx }' }),
      );

    it('is exposed through the controller Service, which enables the edge', () => {
      const graph = build(stream(backends, controller({}), ingress('front', { className: 'nginx' })));
      const exposes = edge(graph, 'Internet', 'exposes', 'LoadBalancer:shop/Ingress/front');
      expect(exposes.evidence[0]?.detail).toBe('ingress class "nginx" (controller k8s.io/ingress-nginx) is served by Deployment ingress-nginx/ingress-nginx-controller');
      expect(exposes.enabledBy).toContainEqual({ apiVersion: 'v1', kind: 'Service', namespace: 'ingress-nginx', name: 'ingress-nginx-controller' });
      expect(graph.node('LoadBalancer:shop/Ingress/front')?.attrs.assumed).toBeUndefined();
      expect(chain(graph)).toEqual(expect.arrayContaining(INGRESS_CHAIN));
    });

    it('is not exposed when the controller Service is internal', () => {
      const graph = build(stream(backends, controller({ [LB_INTERNAL]: 'true' }), ingress('front', { className: 'nginx' })));
      expect(chain(graph)).toEqual([]);
    });

    it('judges the backends by what NetworkPolicies let in from the controller pods, not from the Internet', () => {
      const fromController = policy('shop', 'from-ingress', '[{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }] }]');
      const direct = service('shop', 'web-lb', { type: 'LoadBalancer', selector: '{ app: web }' });
      const yaml = stream(namespace('shop'), namespace('ingress-nginx'), backends, controller({}), ingress('front', { className: 'nginx' }), direct);
      const graph = build(stream(yaml, fromController));
      const selects = edge(graph, 'Service:shop/web', 'selects', 'Deployment:shop/web');
      expect(selects.evidence[1]).toEqual({
        resource: { kind: 'Deployment', namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
        detail: "the ingress controller's pods forward the traffic",
      });
      // The same pods behind an internet-facing load balancer: Internet sources are not admitted.
      expect(edges(graph, 'selects').filter((found) => found.from === 'Service:shop/web-lb')).toEqual([]);
      const closed = build(stream(yaml, policy('shop', 'deny-all', '[]')));
      expect(edges(closed, 'selects').filter((found) => found.to === 'Deployment:shop/web')).toEqual([]);
    });

    it('ignores a controller told to serve another class', () => {
      const other = controller({ [LB_INTERNAL]: 'true' }).replace('--election-id=ingress-nginx-leader', '--controller-class=example.com/internal');
      const graph = build(stream(backends, other, ingress('front', { className: 'nginx' })));
      expect(graph.node('LoadBalancer:shop/Ingress/front')?.attrs.assumed).toBe(true);
    });
  });
});

describe('node ports, external IPs and host ports', () => {
  const nodePort = (nodePortValue?: number) =>
    service('shop', 'web', { type: 'NodePort', ports: `[{ port: 443, targetPort: 8080${nodePortValue ? `, nodePort: ${nodePortValue}` : ''} }]` });

  it('does not count a NodePort as Internet exposure without security group data', () => {
    expect(chain(build(stream(deployment('shop', 'web'), nodePort(30080))))).toEqual([]);
  });

  it('exposes NodePorts a node security group opens to the world, until the rule is narrowed', () => {
    const yaml = stream(deployment('shop', 'web'), nodePort());
    const graph = build(yaml, awsWithClusterRules(permission('tcp', 30000, 32767, { v4: ['0.0.0.0/0'] })));
    expect(chain(graph)).toEqual(['Internet -exposes-> Service:shop/web', 'Service:shop/web -selects-> Deployment:shop/web']);
    const exposes = edge(graph, 'Internet', 'exposes', 'Service:shop/web');
    expect(exposes.enabledBy).toEqual([{ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }, CLUSTER_SG_REF]);
    expect(exposes.evidence).toEqual([
      {
        resource: { kind: 'Service', namespace: 'shop', name: 'web' },
        path: 'spec.ports[0]',
        detail: 'NodePort Service listens on an allocated node port (30000-32767/tcp) of every node',
      },
      {
        resource: CLUSTER_SG_REF,
        path: 'IpPermissions[1].IpRanges[0].CidrIp',
        detail: `security group ${CLUSTER_SG} (eks-cluster-sg-prod-1234567890), attached to node group general, admits TCP 30000-32767 from 0.0.0.0/0`,
      },
    ]);
    expect(chain(build(yaml, awsWithClusterRules(permission('tcp', 30000, 32767, { v4: ['10.0.0.0/16'] }))))).toEqual([]);
  });

  it('matches a fixed nodePort against the ports the rule opens', () => {
    const only30080 = awsWithClusterRules(permission('tcp', 30080, 30080, { v4: ['0.0.0.0/0'] }));
    expect(chain(build(stream(deployment('shop', 'web'), nodePort(30080)), only30080))).toContain('Internet -exposes-> Service:shop/web');
    expect(chain(build(stream(deployment('shop', 'web'), nodePort(31000)), only30080))).toEqual([]);
    // An allocated port may be any of the range: a single open port is not enough.
    expect(chain(build(stream(deployment('shop', 'web'), nodePort()), only30080))).toEqual([]);
    const udpOnly = awsWithClusterRules(permission('udp', 30000, 32767, { v6: ['::/0'] }));
    expect(chain(build(stream(deployment('shop', 'web'), nodePort(30080)), udpOnly))).toEqual([]);
  });

  it('exposes the node ports of an internal load balancer Service, but not its load balancer', () => {
    const internal = service('shop', 'web', { type: 'LoadBalancer', annotations: { [LB_INTERNAL]: 'true' } });
    const aws = awsWithClusterRules(permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] }));
    const graph = build(stream(deployment('shop', 'web'), internal), aws);
    expect(chain(graph)).toEqual(['Internet -exposes-> Service:shop/web', 'Service:shop/web -selects-> Deployment:shop/web']);
    // svc-nodeport does not report LoadBalancer Services; the security group finding does.
    expect(edge(graph, 'Internet', 'exposes', 'Service:shop/web').enabledBy).toEqual([CLUSTER_SG_REF]);
    const noNodePorts = internal.replace('  ports:', '  allocateLoadBalancerNodePorts: false\n  ports:');
    expect(chain(build(stream(deployment('shop', 'web'), noNodePorts), aws))).toEqual([]);
  });

  it('exposes public externalIPs on ports the node security groups open to the world', () => {
    const external = (ip: string) => service('shop', 'web', { spec: `  externalIPs: ["${ip}"]\n`, ports: '[{ port: 80, targetPort: 8080 }]' });
    const aws = awsWithClusterRules(permission('tcp', 80, 80, { v4: ['0.0.0.0/0'] }));
    const graph = build(stream(deployment('shop', 'web'), external('81.2.69.10')), aws);
    expect(chain(graph)).toEqual(['Internet -exposes-> Service:shop/web', 'Service:shop/web -selects-> Deployment:shop/web']);
    const exposes = edge(graph, 'Internet', 'exposes', 'Service:shop/web');
    expect(exposes.evidence[0]).toEqual({
      resource: { kind: 'Service', namespace: 'shop', name: 'web' },
      path: 'spec.externalIPs[0]',
      detail: 'external IP 81.2.69.10 is a public address',
    });
    // Port 80 is outside the NodePort range: sg-nodeport-world does not report that rule.
    expect(exposes.enabledBy).toEqual([{ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }]);
    expect(chain(build(stream(deployment('shop', 'web'), external('10.0.5.5')), aws))).toEqual([]);
    expect(chain(build(stream(deployment('shop', 'web'), external('81.2.69.10'))))).toEqual([]);
  });

  it('exposes a workload whose hostPort a node security group opens to the world', () => {
    const yaml = stream(deployment('shop', 'agent', { ports: '[{ containerPort: 9100, hostPort: 9100 }]' }));
    const graph = build(yaml, awsWithClusterRules(permission('tcp', 9100, 9100, { v4: ['0.0.0.0/0'] })));
    expect(chain(graph)).toEqual(['Internet -exposes-> Deployment:shop/agent']);
    const exposes = edge(graph, 'Internet', 'exposes', 'Deployment:shop/agent');
    expect(exposes.evidence[0]?.path).toBe('spec.template.spec.containers[0].ports[0].hostPort');
    expect(exposes.enabledBy).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'agent' }]);
    expect(graph.node('Deployment:shop/agent')?.attrs.exposed).toBe(true);
    const allTraffic = build(yaml, awsWithClusterRules(permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })));
    expect(edge(allTraffic, 'Internet', 'exposes', 'Deployment:shop/agent').enabledBy).toContainEqual(CLUSTER_SG_REF);
    expect(chain(build(yaml))).toEqual([]);
    expect(chain(build(yaml, awsWithClusterRules(permission('tcp', 9100, 9100, { v4: ['10.0.0.0/8'] }))))).toEqual([]);
  });

  it('treats declared ports of a hostNetwork pod as host ports', () => {
    const yaml = deployment('kube-system', 'exporter', { pod: '      hostNetwork: true\n', ports: '[{ containerPort: 9100 }]' });
    const graph = build(yaml, awsWithClusterRules(permission('tcp', 9000, 9999, { v4: ['0.0.0.0/0'] })));
    expect(edge(graph, 'Internet', 'exposes', 'Deployment:kube-system/exporter').evidence[0]?.path).toBe('spec.template.spec.containers[0].ports[0].containerPort');
  });
});

describe('hostile input', () => {
  it('skips malformed Services, Ingresses and ports without throwing', () => {
    const oddIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: odd, namespace: shop }
spec:
  ingressClassName: nginx
  rules: [{ http: { paths: "nope" } }, { http: { paths: [{ backend: { service: { name: 5 } } }, { backend: "x" }] } }]
`;
    const graph = build(stream(deployment('shop', 'web'), service('shop', 'web', { type: 'LoadBalancer', spec: '  loadBalancerSourceRanges: [not-a-cidr]\n' }), oddIngress));
    expect(chain(graph)).toEqual(['Internet -exposes-> LoadBalancer:shop/Ingress/odd', 'LoadBalancer:shop/Ingress/odd -routes-to-> Ingress:shop/odd']);
  });

  it('survives objects that skipped shape validation', () => {
    const objects: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'shop' }, spec: { type: 'NodePort', ports: 'x', selector: 'y', externalIPs: 5 } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'shop' }, spec: { type: 'LoadBalancer', ports: [null, 3, { nodePort: 'x' }], externalIPs: [null, 7] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'c', namespace: 'shop' }, spec: { rules: [null, 3, { http: null }], defaultBackend: 4 } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'd', namespace: 'shop' }, spec: { containers: [{ name: 'x', ports: [null, { hostPort: '80' }, 5] }] } },
    ];
    const inventory = view(awsWithClusterRules(permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })), { objects });
    const graph = new SecurityGraph();
    expect(() => addExposureEdges(graph, inventory)).not.toThrow();
    expect(chain(graph)).toContain('Internet -exposes-> Service:shop/b');
  });
});
