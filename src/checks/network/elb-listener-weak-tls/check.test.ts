import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, CLUSTER_SOURCE, denied, REGION } from '../../nodes/test-support/aws-fixtures.js';
import { check } from './check.js';

const ALB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/k8s-shop-web-1a2b3c4d5e/0f1e2d3c4b5a6978`;
const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/k8s-shop-api-9f8e7d6c5b/1a2b3c4d5e6f7081`;
const ALB_DNS = 'k8s-shop-web-1a2b3c4d5e-1234567890.eu-west-1.elb.amazonaws.com';
const NLB_DNS = 'k8s-shop-api-9f8e7d6c5b-0a1b2c3d4e5f6a7b.elb.eu-west-1.amazonaws.com';

const alb = { LoadBalancerArn: ALB_ARN, DNSName: ALB_DNS, LoadBalancerName: 'k8s-shop-web-1a2b3c4d5e', Scheme: 'internet-facing' as const, Type: 'application' as const, VpcId: 'vpc-0a1b2c3d4e5f67890', State: { Code: 'active' as const } };
const nlb = { LoadBalancerArn: NLB_ARN, DNSName: NLB_DNS, LoadBalancerName: 'k8s-shop-api-9f8e7d6c5b', Scheme: 'internal' as const, Type: 'network' as const, VpcId: 'vpc-0a1b2c3d4e5f67890', State: { Code: 'active' as const } };
const listenerArn = (lb: string, id: string): string => lb.replace(':loadbalancer/', ':listener/') + `/${id}`;
const https = (policy: string) => ({
  ListenerArn: listenerArn(ALB_ARN, 'aa11bb22cc33dd44'),
  LoadBalancerArn: ALB_ARN,
  Port: 443,
  Protocol: 'HTTPS' as const,
  SslPolicy: policy,
  Certificates: [{ CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5` }],
  DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/k8s-shop-web-0a1b2c3d4e/1122334455667788` }],
});
const http = (redirect: boolean) => ({
  ListenerArn: listenerArn(ALB_ARN, 'ee55ff6600778899'),
  LoadBalancerArn: ALB_ARN,
  Port: 80,
  Protocol: 'HTTP' as const,
  DefaultActions: redirect
    ? [{ Type: 'redirect' as const, RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' as const } }]
    : [{ Type: 'forward' as const, TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/k8s-shop-web-0a1b2c3d4e/1122334455667788` }],
});
const nlbTcp = { ListenerArn: listenerArn(NLB_ARN, '0123456789abcdef'), LoadBalancerArn: NLB_ARN, Port: 80, Protocol: 'TCP' as const, DefaultActions: [{ Type: 'forward' as const }] };

const K8S = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { alb.ingress.kubernetes.io/scheme: internet-facing }
spec:
  ingressClassName: alb
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]
status:
  loadBalancer:
    ingress: [{ hostname: ${ALB_DNS} }]
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations: { service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-scheme: internal }
spec:
  type: LoadBalancer
  ports: [{ port: 80, targetPort: 8080 }]
  selector: { app: api }
status:
  loadBalancer:
    ingress: [{ hostname: ${NLB_DNS} }]
`;

describeCheck(check, {
  pass: [
    {
      name: 'TLS 1.2+ policy, HTTP redirected to HTTPS, TCP on an internal NLB',
      yaml: K8S,
      source: CLUSTER_SOURCE,
      aws: { elbv2: { loadBalancers: [alb, nlb], listeners: [https('ELBSecurityPolicy-TLS13-1-2-2021-06'), http(true), nlbTcp] } },
    },
  ],
  fail: [
    {
      name: 'default 2016-08 policy and plain HTTP forwarded on the internet-facing ALB',
      yaml: K8S,
      source: CLUSTER_SOURCE,
      aws: { elbv2: { loadBalancers: [alb, nlb], listeners: [https('ELBSecurityPolicy-2016-08'), http(false), nlbTcp] } },
      expect: [
        {
          resource: `Listener/${listenerArn(ALB_ARN, 'aa11bb22cc33dd44')}`,
          path: 'SslPolicy',
          message: 'Listener 443/HTTPS of ALB k8s-shop-web-1a2b3c4d5e (Ingress shop/web) accepts TLS 1.0 and later: security policy ELBSecurityPolicy-2016-08',
        },
        {
          resource: `Listener/${listenerArn(ALB_ARN, 'ee55ff6600778899')}`,
          path: 'Protocol',
          message: 'Listener 80/HTTP of internet-facing ALB k8s-shop-web-1a2b3c4d5e (Ingress shop/web) serves plain HTTP to the internet instead of redirecting to HTTPS',
        },
      ],
    },
    {
      name: 'a TLS 1.1 policy on a load balancer no object in the scan points at',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { elbv2: { loadBalancers: [alb], listeners: [https('ELBSecurityPolicy-TLS-1-1-2017-01')] } },
      expect: [{ message: 'Listener 443/HTTPS of ALB k8s-shop-web-1a2b3c4d5e accepts TLS 1.1 and later: security policy ELBSecurityPolicy-TLS-1-1-2017-01' }],
    },
  ],
  notEvaluated: [
    {
      name: 'load balancers denied while Services and Ingresses have them',
      yaml: K8S,
      source: CLUSTER_SOURCE,
      errors: [denied('elasticloadbalancing', 'DescribeLoadBalancers')],
      expect: [{ resource: 'Cluster/prod', message: /elasticloadbalancing:DescribeLoadBalancers failed during collection \(AccessDenied/ }],
    },
    {
      name: 'listeners of one load balancer denied, the other load balancer missing, an unknown policy',
      yaml: K8S,
      source: CLUSTER_SOURCE,
      aws: { elbv2: { loadBalancers: [alb], listeners: [] } },
      errors: [denied('elasticloadbalancing', 'DescribeListeners', ALB_ARN)],
      expect: [
        { resource: `LoadBalancer/${ALB_ARN}`, message: /elasticloadbalancing:DescribeListeners for .* failed during collection/ },
        { resource: 'Service/shop/api', message: /The load balancer of Service shop\/api .* is not among the collected load balancers: it was not collected/ },
      ],
    },
    {
      name: 'a custom policy name',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { elbv2: { loadBalancers: [alb], listeners: [https('my-company-policy')] } },
      expect: [{ path: 'SslPolicy', message: /"my-company-policy" is not a predefined ELB policy/ }],
    },
  ],
});
