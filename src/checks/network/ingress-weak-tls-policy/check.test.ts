import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/abc';

describeCheck(check, {
  pass: [
    {
      name: 'TLS 1.2+ policies on ALB and NLB; plain listeners are not evaluated',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/certificate-arn: ${CERT}
    alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06
spec: { ingressClassName: alb, rules: [] }
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: ${CERT}
    service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy: ELBSecurityPolicy-TLS-1-2-Ext-2018-06
spec: { type: LoadBalancer, selector: { app: api }, ports: [{ port: 443, targetPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: plain, namespace: shop }
spec: { type: LoadBalancer, selector: { app: plain }, ports: [{ port: 80 }] }
`,
    },
    {
      name: 'no annotation, but the controller runs with a TLS 1.2 default',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: aws-load-balancer-controller, namespace: kube-system }
spec:
  template:
    metadata: { labels: { app: lbc } }
    spec:
      containers:
        - name: controller
          image: public.ecr.aws/eks/aws-load-balancer-controller:v2.13.0
          args: [--cluster-name=prod, --default-ssl-policy=ELBSecurityPolicy-TLS13-1-2-2021-06]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { alb.ingress.kubernetes.io/certificate-arn: ${CERT} }
spec: { ingressClassName: alb, rules: [] }
`,
    },
  ],
  fail: [
    {
      name: 'absent policy means the controller default ELBSecurityPolicy-2016-08',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
spec: { ingressClassName: alb, rules: [] }
---
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-ssl-cert: ${CERT} }
spec: { type: LoadBalancer, selector: { app: legacy }, ports: [{ port: 443, targetPort: 8080 }] }
`,
      expect: [
        {
          resource: 'Ingress/shop/web',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/ssl-policy"]',
          message:
            'The internet-facing ALB of this Ingress accepts TLS 1.0 and later: security policy ELBSecurityPolicy-2016-08 (default of the AWS Load Balancer Controller)',
        },
        {
          resource: 'Service/shop/legacy',
          path: 'metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"]',
          message: 'ELB default when no policy is set',
        },
      ],
    },
    {
      name: 'explicit TLS 1.1 policies: on the Service, in IngressClassParams, and on the controller flag',
      yaml: `
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: nlb-ip
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: ${CERT}
    service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy: ELBSecurityPolicy-TLS13-1-1-2021-06
spec: { type: LoadBalancer, selector: { app: api }, ports: [{ port: 443 }] }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: legacy-alb }
spec:
  controller: ingress.k8s.aws/alb
  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: legacy }
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata: { name: legacy }
spec: { sslPolicy: ELBSecurityPolicy-FS-1-1-2019-08 }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: old, namespace: shop }
spec: { ingressClassName: legacy-alb, tls: [{ hosts: [old.example.com] }], rules: [] }
`,
      expect: [
        {
          resource: 'Service/shop/api',
          path: 'metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"]',
          message: 'accepts TLS 1.1 and later: security policy ELBSecurityPolicy-TLS13-1-1-2021-06',
        },
        { resource: 'Ingress/shop/old', path: 'spec.sslPolicy', message: 'IngressClassParams legacy spec.sslPolicy' },
      ],
    },
    {
      name: 'controller flag with a TLS 1.0 policy',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: aws-load-balancer-controller, namespace: kube-system }
spec:
  template:
    metadata: { labels: { app: lbc } }
    spec:
      containers:
        - name: controller
          image: public.ecr.aws/eks/aws-load-balancer-controller:v2.13.0
          args: [--cluster-name=prod, --default-ssl-policy, ELBSecurityPolicy-TLS-1-0-2015-04]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { alb.ingress.kubernetes.io/certificate-arn: ${CERT} }
spec: { ingressClassName: alb, rules: [] }
`,
      expect: [
        {
          resource: 'Ingress/shop/web',
          path: 'spec.template.spec.containers[0].args[1]',
          message: '--default-ssl-policy of Deployment kube-system/aws-load-balancer-controller',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'a custom policy name and EKS Auto Mode without explicit policy',
      yaml: `
apiVersion: v1
kind: Service
metadata:
  name: custom
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: ${CERT}
    service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy: my-clb-policy
spec: { type: LoadBalancer, selector: { app: x }, ports: [{ port: 443 }] }
---
apiVersion: v1
kind: Service
metadata:
  name: auto
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-ssl-cert: ${CERT} }
spec: { type: LoadBalancer, loadBalancerClass: eks.amazonaws.com/nlb, selector: { app: x }, ports: [{ port: 443 }] }
`,
      expect: [
        { resource: 'Service/shop/custom', message: /my-clb-policy/ },
        { resource: 'Service/shop/auto', message: /EKS Auto Mode/ },
      ],
    },
  ],
});
