import { describeCheck } from '../../test-support/check-tester.js';
import { addon, awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const awsNode = (enforce: boolean) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: kube-system, labels: { k8s-app: aws-node } }
spec:
  selector: { matchLabels: { k8s-app: aws-node } }
  template:
    metadata: { labels: { k8s-app: aws-node } }
    spec:
      hostNetwork: true
      initContainers:
        - name: aws-vpc-cni-init
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni-init:v1.21.0-eksbuild.4
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.21.0-eksbuild.4
        - name: aws-eks-nodeagent
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-network-policy-agent:v1.2.7-eksbuild.1
          args:
            - --enable-ipv6=false
            - --enable-network-policy=${String(enforce)}
            - --enable-cloudwatch-logs=false
            - --metrics-bind-addr=:8162
            - --health-probe-bind-addr=:8163
`;

const controllerConfigMap = (enabled: string) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: amazon-vpc-cni, namespace: kube-system }
data:
  enable-network-policy-controller: "${enabled}"
  enable-windows-ipam: "false"
`;

const CALICO = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: calico-node, namespace: calico-system }
spec:
  selector: { matchLabels: { k8s-app: calico-node } }
  template:
    metadata: { labels: { k8s-app: calico-node } }
    spec:
      containers: [{ name: calico-node, image: quay.io/calico/node:v3.29.1 }]
`;

const CILIUM = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: cilium, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: cilium } }
  template:
    metadata: { labels: { k8s-app: cilium } }
    spec:
      containers: [{ name: cilium-agent, image: quay.io/cilium/cilium:v1.16.5 }]
`;

const POLICIES = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: payments }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-frontend, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]
`;

const vpcCni = (configurationValues?: string) =>
  addon('vpc-cni', 'v1.21.0-eksbuild.4', configurationValues === undefined ? {} : { configurationValues });

const withAddons = (...addons: Array<ReturnType<typeof addon>>) => awsWith({ cluster: describeCluster(), eks: { addons } });

describeCheck(check, {
  pass: [
    {
      name: 'managed vpc-cni with enableNetworkPolicy in JSON configuration values',
      yaml: awsNode(true),
      source: CLUSTER_SOURCE,
      aws: withAddons(vpcCni('{"enableNetworkPolicy":"true","nodeAgent":{"enablePolicyEventLogs":"true"}}')),
    },
    {
      name: 'managed vpc-cni configured in YAML with a boolean',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(vpcCni('enableNetworkPolicy: true\nenv:\n  ENABLE_PREFIX_DELEGATION: "true"\n')),
    },
    {
      name: 'Calico next to a vpc-cni without network policy',
      yaml: CALICO,
      source: CLUSTER_SOURCE,
      aws: withAddons(vpcCni()),
    },
    {
      name: 'Cilium found in a manifests scan needs no AWS data',
      yaml: CILIUM,
    },
    {
      name: 'self-managed VPC CNI with the node agent and controller turned on',
      yaml: [awsNode(true), controllerConfigMap('true')].join('---\n'),
      source: CLUSTER_SOURCE,
      aws: withAddons(addon('coredns', 'v1.13.2-eksbuild.3')),
    },
    {
      name: 'EKS Auto Mode with the network policy controller enabled',
      yaml: controllerConfigMap('true'),
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ computeConfig: { enabled: true, nodePools: ['general-purpose'] } }), eks: { addons: [] } }),
    },
  ],
  fail: [
    {
      name: 'managed vpc-cni without configuration, policies written but inert',
      yaml: [awsNode(false), POLICIES].join('---\n'),
      source: CLUSTER_SOURCE,
      aws: withAddons(vpcCni()),
      expect: [
        {
          resource: CLUSTER_ARN,
          severity: 'high',
          message:
            'Nothing enforces NetworkPolicy in cluster "prod": the vpc-cni add-on v1.21.0-eksbuild.4 has enableNetworkPolicy unset in its configuration values, and no Calico or Cilium runs; 3 NetworkPolicies in 2 namespaces are accepted by the API server but not enforced',
        },
      ],
    },
    {
      name: 'managed vpc-cni with enableNetworkPolicy "false"',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(vpcCni('{"enableNetworkPolicy":"false"}')),
      expect: [{ resource: CLUSTER_ARN, message: 'has enableNetworkPolicy "false" in its configuration values, and no Calico or Cilium runs; no NetworkPolicy exists yet' }],
    },
    {
      name: 'self-managed node agent on, controller off',
      yaml: [awsNode(true), controllerConfigMap('false'), POLICIES].join('---\n'),
      source: CLUSTER_SOURCE,
      aws: withAddons(),
      expect: [{ resource: CLUSTER_ARN, message: 'the aws-node node agent enforces policies, but the network policy controller is off' }],
    },
    {
      name: 'self-managed aws-node without network policy',
      yaml: awsNode(false),
      source: CLUSTER_SOURCE,
      aws: withAddons(),
      expect: [{ resource: CLUSTER_ARN, message: 'runs its node agent without --enable-network-policy=true' }],
    },
    {
      name: 'EKS Auto Mode without the controller ConfigMap',
      yaml: POLICIES,
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ computeConfig: { enabled: true, nodePools: ['general-purpose'] } }), eks: { addons: [] } }),
      expect: [{ resource: CLUSTER_ARN, message: 'EKS Auto Mode needs enable-network-policy-controller: "true"' }],
    },
    {
      name: 'a configured engine list that leaves Calico out',
      yaml: CALICO,
      source: CLUSTER_SOURCE,
      options: { engineDaemonSets: { cilium: 'Cilium' } },
      aws: withAddons(vpcCni()),
      expect: [{ resource: CLUSTER_ARN }],
    },
  ],
  notEvaluated: [
    {
      name: 'manifests scan without any engine',
      yaml: POLICIES,
      expect: [{ resource: 'Cluster/cluster', message: /needs AWS data \(eks:ListAddons\)/ }],
    },
    {
      name: 'ListAddons denied and aws-node not enforcing',
      yaml: awsNode(false),
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('eks', 'ListAddons', 'prod')],
      expect: [{ resource: CLUSTER_ARN, message: /eks:ListAddons for prod failed during collection \(AccessDenied/ }],
    },
    {
      name: 'DaemonSets could not be listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withAddons(vpcCni()),
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'apps/v1/daemonsets', code: 403, message: 'daemonsets.apps is forbidden' }],
      expect: [{ resource: CLUSTER_ARN, message: 'listing apps/v1/daemonsets failed during collection' }],
    },
  ],
});
