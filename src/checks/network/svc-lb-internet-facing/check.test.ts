import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'in-tree internal annotation, LBC default internal, restricted ranges, internal ALB',
      yaml: `
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-internal: "true" }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: nlb, namespace: shop }
spec: { type: LoadBalancer, loadBalancerClass: service.k8s.aws/nlb, selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata:
  name: public
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [198.51.100.0/24]
  selector: { app: web }
  ports: [{ port: 443 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  ingressClassName: alb
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: partners
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/inbound-cidrs: 198.51.100.0/24, 203.0.113.7/32
spec: { ingressClassName: alb, rules: [] }
`,
    },
    {
      name: 'unannotated Service claimed by the LBC webhook defaults to internal',
      yaml: `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: aws-load-balancer-webhook }
webhooks: [{ name: mservice.elbv2.k8s.aws, clientConfig: {}, rules: [] }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
`,
    },
  ],
  fail: [
    {
      name: 'in-tree default internet-facing without ranges, and an explicit 0.0.0.0/0 range',
      yaml: `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing }
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  loadBalancerSourceRanges: [10.0.0.0/8, 0.0.0.0/0]
  selector: { app: api }
  ports: [{ port: 443 }]
`,
      expect: [
        {
          resource: 'Service/shop/web',
          path: 'spec.loadBalancerSourceRanges',
          message: 'internet-facing (default of the in-tree AWS cloud provider) and accepts connections from anywhere (no source ranges)',
        },
        {
          resource: 'Service/shop/api',
          path: 'spec.loadBalancerSourceRanges',
          message: 'anywhere (0.0.0.0/0 in spec.loadBalancerSourceRanges)',
        },
      ],
    },
    {
      name: 'ALB internet-facing by IngressClassParams, and by a sibling Ingress of the group',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: public-alb }
spec:
  controller: ingress.k8s.aws/alb
  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: public }
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata: { name: public }
spec: { scheme: internet-facing }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: shop }
spec: { ingressClassName: public-alb, rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  namespace: team
  annotations: { alb.ingress.kubernetes.io/group.name: edge, alb.ingress.kubernetes.io/scheme: internet-facing, kubernetes.io/ingress.class: alb }
spec: { rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b
  namespace: team
  annotations: { alb.ingress.kubernetes.io/group.name: edge, kubernetes.io/ingress.class: alb }
spec: { rules: [] }
`,
      expect: [
        {
          resource: 'Ingress/shop/shop',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]',
          message: 'internet-facing ALB (IngressClassParams public spec.scheme) that accepts connections from anywhere (0.0.0.0/0 in default inbound-cidrs 0.0.0.0/0)',
        },
        { resource: 'Ingress/team/a', path: 'metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]' },
        {
          resource: 'Ingress/team/b',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]',
          message: 'on Ingress team/a of group edge',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'custom frontend security groups, and an unknown load balancer class',
      yaml: `
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-security-groups: sg-0123 }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: metal, namespace: shop }
spec: { type: LoadBalancer, loadBalancerClass: metallb.io/l2, selector: { app: web }, ports: [{ port: 80 }] }
`,
      expect: [
        { resource: 'Service/shop/web', message: /security groups/ },
        { resource: 'Service/shop/metal', message: /metallb\.io\/l2/ },
      ],
    },
  ],
});
