import { describeCheck } from '../../test-support/check-tester.js';
import { association, awsError, cluster, CLUSTER_SOURCE, REGION, roleArn, serviceAccountYaml, yamlStream } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const AWS_NODE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
  labels: { app.kubernetes.io/name: aws-node }
spec:
  selector:
    matchLabels: { k8s-app: aws-node }
  template:
    metadata:
      labels: { k8s-app: aws-node }
    spec:
      serviceAccountName: aws-node
      hostNetwork: true
      priorityClassName: system-node-critical
      initContainers:
        - name: aws-vpc-cni-init
          image: 602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni-init:v1.19.2-eksbuild.1
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1
        - name: aws-eks-nodeagent
          image: 602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon/aws-network-policy-agent:v1.1.6-eksbuild.1
`;
const CNI_ROLE = roleArn('prod-vpc-cni');
const addon = (extra: Record<string, unknown> = {}) => ({
  addonName: 'vpc-cni',
  clusterName: 'prod',
  status: 'ACTIVE' as const,
  addonVersion: 'v1.19.2-eksbuild.1',
  addonArn: 'arn:aws:eks:eu-west-1:111122223333:addon/prod/vpc-cni/d8c6e2a1-0000-4000-8000-000000000001',
  createdAt: '2025-03-14T09:30:00Z',
  modifiedAt: '2025-09-01T10:00:00Z',
  ...extra,
});

describeCheck(check, {
  pass: [
    { name: 'IRSA annotation on the ServiceAccount', yaml: yamlStream(AWS_NODE, serviceAccountYaml('kube-system', 'aws-node', CNI_ROLE)), source: CLUSTER_SOURCE, aws: { eks: { cluster: cluster() } } },
    {
      name: 'Pod Identity association for kube-system/aws-node',
      yaml: yamlStream(AWS_NODE, serviceAccountYaml('kube-system', 'aws-node')),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), addons: [], podIdentityAssociations: [association('kube-system', 'aws-node', CNI_ROLE)] } },
    },
    {
      name: 'vpc-cni add-on with serviceAccountRoleArn (ServiceAccounts not collected)',
      yaml: AWS_NODE,
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), addons: [addon({ serviceAccountRoleArn: CNI_ROLE })] } },
    },
  ],
  fail: [
    {
      name: 'managed add-on without a role',
      yaml: yamlStream(AWS_NODE, serviceAccountYaml('kube-system', 'aws-node')),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), addons: [addon()], podIdentityAssociations: [association('shop', 'api', roleArn('shop-api'))] } },
      expect: [
        {
          resource: 'ServiceAccount/kube-system/aws-node',
          path: 'metadata.annotations["eks.amazonaws.com/role-arn"]',
          severity: 'medium',
          message:
            'aws-node runs as ServiceAccount kube-system/aws-node with no IAM role of its own (no eks.amazonaws.com/role-arn annotation, no Pod Identity association, vpc-cni add-on without serviceAccountRoleArn)',
        },
      ],
    },
    {
      name: 'self-managed CNI, ServiceAccount not collected',
      yaml: AWS_NODE,
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), addons: [], podIdentityAssociations: [] } },
      expect: [{ resource: 'DaemonSet/kube-system/aws-node', path: 'spec.template.spec.serviceAccountName', message: '(no Pod Identity association, self-managed VPC CNI)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'Pod Identity associations not listed',
      yaml: yamlStream(AWS_NODE, serviceAccountYaml('kube-system', 'aws-node')),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), addons: [addon()] } },
      errors: [awsError('eks', 'ListPodIdentityAssociations', 'AccessDenied')],
      expect: [{ resource: 'ServiceAccount/kube-system/aws-node', message: /cannot be ruled out: eks:ListPodIdentityAssociations failed during collection \(AccessDenied/ }],
    },
    {
      name: 'manifests scan of the DaemonSet alone',
      yaml: AWS_NODE,
      expect: [{ resource: 'DaemonSet/kube-system/aws-node', message: /needs AWS data \(eks:ListPodIdentityAssociations\)/ }],
    },
  ],
});
