import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { InventoryView } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { albIngress, ingressClassOf, lbcDefaultSslPolicy, serviceLoadBalancer } from './load-balancers.js';

function view(yaml: string, aws?: Record<string, unknown>): InventoryView {
  const loaded = loadManifestText(yaml, 'test.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [], ...(aws ? { aws } : {}) });
}

function named(inventory: InventoryView, kind: string, name: string): K8sObject {
  const found = inventory.ofKind(kind).find((object) => object.metadata?.name === name);
  if (!found) throw new Error(name);
  return found;
}

const svc = (name: string, annotations = '{}', extra = ''): string => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop, annotations: ${annotations} }
spec: { type: LoadBalancer, ${extra} selector: { app: web }, ports: [{ port: 80 }] }
`;

describe('serviceLoadBalancer', () => {
  it('tells the controller apart and applies its scheme default', () => {
    const inventory = view(
      [
        svc('intree'),
        svc('intree-internal', '{ service.beta.kubernetes.io/aws-load-balancer-internal: "0.0.0.0/0" }'),
        svc('intree-false', '{ service.beta.kubernetes.io/aws-load-balancer-internal: "false" }'),
        svc('lbc', '{ service.beta.kubernetes.io/aws-load-balancer-type: external }'),
        svc('lbc-public', '{ service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing }', 'loadBalancerClass: service.k8s.aws/nlb,'),
        svc('other', '{}', 'loadBalancerClass: example.com/lb,'),
      ].join('\n---\n'),
    );
    const summary = (name: string): [string, boolean] => {
      const lb = serviceLoadBalancer(named(inventory, 'Service', name), inventory)!;
      return [lb.controller, lb.internetFacing.value];
    };
    expect(summary('intree')).toEqual(['in-tree', true]);
    expect(summary('intree-internal')).toEqual(['in-tree', false]);
    expect(summary('intree-false')).toEqual(['in-tree', true]);
    expect(summary('lbc')).toEqual(['aws-load-balancer-controller', false]);
    expect(summary('lbc-public')).toEqual(['aws-load-balancer-controller', true]);
    expect(summary('other')[0]).toBe('other');
  });

  it('takes annotations only the AWS Load Balancer Controller reads as its claim in manifests, not in a live cluster', () => {
    const yaml = svc('web', '{ service.beta.kubernetes.io/aws-load-balancer-scheme: internal }');
    const manifests = view(yaml);
    expect(serviceLoadBalancer(named(manifests, 'Service', 'web'), manifests)).toMatchObject({ controller: 'aws-load-balancer-controller', internetFacing: { value: false } });
    // Stored by the API server: had the controller's webhook claimed it, loadBalancerClass would be set.
    const loaded = loadManifestText(yaml, 'test.yaml');
    const live = new InventoryView({ source: { type: 'cluster' }, objects: loaded.objects, errors: [] });
    expect(serviceLoadBalancer(named(live, 'Service', 'web'), live)).toMatchObject({ controller: 'in-tree', internetFacing: { value: true } });
  });

  it('defaults unannotated Services to EKS Auto Mode on Auto Mode clusters', () => {
    const inventory = view(svc('web'), { eks: { cluster: { computeConfig: { enabled: true } } } });
    expect(serviceLoadBalancer(named(inventory, 'Service', 'web'), inventory)?.controller).toBe('eks-auto-mode');
  });

  it('reads source ranges from spec or annotation, and certificates', () => {
    const inventory = view(
      svc(
        'web',
        '{ service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, 192.168.0.0/16", service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn }',
      ),
    );
    const lb = serviceLoadBalancer(named(inventory, 'Service', 'web'), inventory)!;
    expect(lb.sourceRanges.value).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(lb.certificate?.value).toBe('arn');
  });

  it('ignores Services that are not load balancers', () => {
    const inventory = view('apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { ports: [{ port: 80 }] }');
    expect(serviceLoadBalancer(named(inventory, 'Service', 'web'), inventory)).toBeUndefined();
  });
});

describe('ingress classes and ALBs', () => {
  it('resolves the class from the field, the annotation or the default IngressClass', () => {
    const inventory = view(`
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: public, annotations: { ingressclass.kubernetes.io/is-default-class: "true" } }
spec: { controller: ingress.k8s.aws/alb }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: defaulted, namespace: shop }
spec: { rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: legacy, namespace: shop, annotations: { kubernetes.io/ingress.class: nginx } }
spec: { rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: traefik, namespace: shop }
spec: { ingressClassName: traefik, rules: [] }
`);
    expect(ingressClassOf(named(inventory, 'Ingress', 'defaulted'), inventory)).toMatchObject({ name: 'public', controller: 'ingress.k8s.aws/alb' });
    expect(ingressClassOf(named(inventory, 'Ingress', 'legacy'), inventory).controller).toBe('k8s.io/ingress-nginx');
    expect(ingressClassOf(named(inventory, 'Ingress', 'traefik'), inventory).controller).toBeUndefined();
    expect(albIngress(named(inventory, 'Ingress', 'legacy'), inventory)).toBeUndefined();
    expect(albIngress(named(inventory, 'Ingress', 'defaulted'), inventory)).toMatchObject({
      controller: 'aws-load-balancer-controller',
      internetFacing: { value: false },
      inboundCidrs: { value: ['0.0.0.0/0'] },
    });
  });

  it('detects TLS through certificates, spec.tls or HTTPS listen-ports', () => {
    const inventory = view(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ports, namespace: shop, annotations: { alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": 8443}]' } }
spec: { ingressClassName: alb, rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: broken, namespace: shop, annotations: { alb.ingress.kubernetes.io/listen-ports: 'not json' } }
spec: { ingressClassName: alb, rules: [] }
`);
    expect(albIngress(named(inventory, 'Ingress', 'ports'), inventory)?.tls?.source).toMatch(/certificate discovery/);
    expect(albIngress(named(inventory, 'Ingress', 'broken'), inventory)?.tls).toBeUndefined();
  });
});

describe('lbcDefaultSslPolicy', () => {
  it('reads --default-ssl-policy from the controller Deployment', () => {
    const inventory = view(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: aws-load-balancer-controller, namespace: kube-system }
spec:
  template:
    spec:
      containers:
        - name: c
          image: public.ecr.aws/eks/aws-load-balancer-controller:v2.13.0
          args: [--cluster-name=prod, --default-ssl-policy=ELBSecurityPolicy-TLS13-1-2-2021-06]
`);
    expect(lbcDefaultSslPolicy(inventory)).toMatchObject({
      value: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      path: ['spec', 'template', 'spec', 'containers', 0, 'args', 1],
    });
    expect(lbcDefaultSslPolicy(view('apiVersion: v1\nkind: Namespace\nmetadata: { name: x }'))).toBeUndefined();
  });
});
