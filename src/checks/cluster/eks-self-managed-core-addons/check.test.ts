import { describeCheck } from '../../test-support/check-tester.js';
import { addon, awsWith, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const AWS_NODE = `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
  labels: { k8s-app: aws-node, app.kubernetes.io/name: aws-node, app.kubernetes.io/version: v1.19.2 }
spec:
  selector: { matchLabels: { k8s-app: aws-node } }
  template:
    metadata: { labels: { k8s-app: aws-node } }
    spec:
      hostNetwork: true
      serviceAccountName: aws-node
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1
        - name: aws-eks-nodeagent
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-network-policy-agent:v1.1.6-eksbuild.1
          args: [--enable-ipv6=false, --enable-network-policy=false]
`;

const COREDNS = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: { k8s-app: kube-dns, eks.amazonaws.com/component: coredns }
spec:
  replicas: 2
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      containers:
        - name: coredns
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2
          args: [-conf, /etc/coredns/Corefile]
`;

const KUBE_PROXY = `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
  labels: { k8s-app: kube-proxy, eks.amazonaws.com/component: kube-proxy }
spec:
  selector: { matchLabels: { k8s-app: kube-proxy } }
  template:
    metadata: { labels: { k8s-app: kube-proxy } }
    spec:
      hostNetwork: true
      containers:
        - name: kube-proxy
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.35.0-minimal-eksbuild.2
`;

const ALL = [AWS_NODE, COREDNS, KUBE_PROXY].join('---\n');

const managed = (...names: string[]) =>
  awsWith({ cluster: describeCluster(), eks: { addons: names.map((name) => addon(name, 'v1.0.0-eksbuild.1')) } });

describeCheck(check, {
  pass: [
    {
      name: 'all three adopted as EKS add-ons',
      yaml: ALL,
      source: CLUSTER_SOURCE,
      aws: managed('vpc-cni', 'coredns', 'kube-proxy'),
    },
    {
      name: 'EKS Auto Mode: networking and DNS are built into the nodes',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({ computeConfig: { enabled: true, nodePools: ['general-purpose', 'system'] } }),
        eks: { addons: [addon('metrics-server', 'v0.8.0-eksbuild.2')] },
      }),
    },
  ],
  fail: [
    {
      name: 'cluster created without add-ons: all three self-managed',
      yaml: ALL,
      source: CLUSTER_SOURCE,
      aws: managed('aws-ebs-csi-driver'),
      expect: [
        { resource: 'DaemonSet/kube-system/aws-node', message: 'DaemonSet kube-system/aws-node (v1.19.2-eksbuild.1) is the self-managed vpc-cni' },
        { resource: 'Deployment/kube-system/coredns', message: 'Deployment kube-system/coredns (v1.11.4-eksbuild.2) is the self-managed coredns' },
        { resource: 'DaemonSet/kube-system/kube-proxy', message: '(v1.35.0-minimal-eksbuild.2) is the self-managed kube-proxy' },
      ],
    },
    {
      name: 'only the CNI still self-managed',
      yaml: ALL,
      source: CLUSTER_SOURCE,
      aws: managed('coredns', 'kube-proxy'),
      expect: [{ resource: 'DaemonSet/kube-system/aws-node' }],
    },
  ],
  notEvaluated: [
    {
      name: 'ListAddons denied',
      yaml: ALL,
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('eks', 'ListAddons', 'prod')],
      expect: [
        { resource: 'DaemonSet/kube-system/aws-node', message: /eks:ListAddons for prod failed during collection \(AccessDenied/ },
        { resource: 'Deployment/kube-system/coredns', message: /eks:ListAddons/ },
        { resource: 'DaemonSet/kube-system/kube-proxy', message: /eks:ListAddons/ },
      ],
    },
    {
      name: 'manifests only: the add-on list is AWS data',
      yaml: COREDNS,
      expect: [{ resource: 'Deployment/kube-system/coredns', message: /needs AWS data \(eks:ListAddons\)/ }],
    },
    {
      name: 'DaemonSets could not be listed and no add-on manages the CNI',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: kube-system }\n',
      source: CLUSTER_SOURCE,
      aws: managed(),
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'apps/v1/daemonsets', code: 403, message: 'daemonsets.apps is forbidden' }],
      expect: [
        { resource: 'DaemonSet/kube-system/aws-node', message: 'listing apps/v1/daemonsets failed during collection (403: daemonsets.apps is forbidden)' },
        { resource: 'DaemonSet/kube-system/kube-proxy', message: 'listing apps/v1/daemonsets failed' },
      ],
    },
  ],
});
