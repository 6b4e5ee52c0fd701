import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'certificate on 443, TLS passthrough to the backend, ALB with certificate or spec.tls',
      yaml: `
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:111122223333:certificate/abc
    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: https
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }, { name: https, port: 443, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  type: LoadBalancer
  selector: { app: ingress-nginx }
  ports: [{ name: https, port: 443, targetPort: https }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111122223333:certificate/abc }
spec: { ingressClassName: alb, rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: discovered, namespace: shop }
spec: { ingressClassName: alb, tls: [{ hosts: [shop.example.com] }], rules: [] }
`,
    },
  ],
  fail: [
    {
      name: 'port 443 to a plain backend, and a certificate limited to other ports',
      yaml: `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }, { name: https, port: 443, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:111122223333:certificate/abc
    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "8443"
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 443, targetPort: 9000 }, { port: 8443, targetPort: 9000 }]
`,
      expect: [
        {
          resource: 'Service/shop/web',
          path: 'spec.ports[1]',
          message: 'LoadBalancer port 443 carries HTTPS traffic without a TLS certificate on the load balancer and forwards to plain port 8080',
        },
        { resource: 'Service/shop/api', path: 'spec.ports[0]' },
      ],
    },
    {
      name: 'internet-facing ALB serving plain HTTP',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { kubernetes.io/ingress.class: alb, alb.ingress.kubernetes.io/scheme: internet-facing }
spec:
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]
`,
      expect: [
        {
          resource: 'Ingress/shop/web',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/certificate-arn"]',
          message: 'The internet-facing ALB of this Ingress has no TLS certificate',
        },
      ],
    },
  ],
});
