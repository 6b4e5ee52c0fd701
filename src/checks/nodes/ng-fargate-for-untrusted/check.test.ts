import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, denied } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const profile = (name: string, selectors: Array<{ namespace: string; labels?: Record<string, string> }>) => ({
  fargateProfileName: name,
  fargateProfileArn: `arn:aws:eks:eu-west-1:111122223333:fargateprofile/prod/${name}/5ec6a1b2-0000-4000-8000-000000000001`,
  clusterName: 'prod',
  podExecutionRoleArn: 'arn:aws:iam::111122223333:role/prod-fargate-pod-execution',
  subnets: ['subnet-0priv000000000001'],
  selectors,
  status: 'ACTIVE' as const,
});

const GVISOR = `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: gvisor }
handler: runsc
scheduling:
  nodeSelector: { sandbox: gvisor }
`;
const deployment = (name: string, namespace: string, extra = '', labels = 'app: runner') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} } }
    spec:
${extra}      containers: [{ name: main, image: "registry.example.com/${name}:1.4.2" }]
`;

describeCheck(check, {
  pass: [
    {
      name: 'cluster-level: a Fargate profile exists',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { fargateProfiles: [profile('untrusted', [{ namespace: 'sandbox' }])] } },
    },
    {
      name: 'cluster-level: a gVisor RuntimeClass, Fargate profiles unknown',
      yaml: GVISOR,
      source: CLUSTER_SOURCE,
    },
    {
      name: 'untrusted workloads on Fargate (namespace wildcard and labels) or gVisor',
      yaml: `${GVISOR}---${deployment('ci-runner', 'ci-jobs')}---${deployment('plugin', 'tenant-a', '      runtimeClassName: gvisor\n')}---${deployment('job', 'tenant-b', '', 'app: job, isolation: fargate')}`,
      source: CLUSTER_SOURCE,
      options: { untrustedNamespaces: ['ci-*', 'tenant-*'] },
      aws: { eks: { fargateProfiles: [profile('ci', [{ namespace: 'ci-*' }]), profile('tenants', [{ namespace: 'tenant-b', labels: { isolation: 'fargate' } }])] } },
    },
  ],
  fail: [
    {
      name: 'cluster-level: no isolation available',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { fargateProfiles: [] } },
      expect: [{ resource: 'Cluster/prod', message: /^Cluster prod has no Fargate profile and no sandboxed RuntimeClass/ }],
    },
    {
      name: 'untrusted workloads on shared nodes: no runtime class, and a runc class',
      yaml: `${GVISOR}---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: fast }
handler: runc
---${deployment('plugin', 'tenant-a')}---${deployment('batch', 'tenant-b', '      runtimeClassName: fast\n')}---${deployment('web', 'shop')}`,
      source: CLUSTER_SOURCE,
      options: { untrustedNamespaces: ['tenant-*'] },
      aws: { eks: { fargateProfiles: [profile('ci', [{ namespace: 'ci' }])] } },
      expect: [
        {
          resource: 'Deployment/tenant-a/plugin',
          path: 'spec.template.spec.runtimeClassName',
          message: 'Deployment plugin runs in untrusted namespace tenant-a on shared nodes: no Fargate profile selects it and it sets no sandboxed runtimeClassName',
        },
        { resource: 'Deployment/tenant-b/batch', path: 'spec.template.spec.runtimeClassName', message: /RuntimeClass fast is not a sandbox/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'Fargate profiles denied and no sandbox',
      yaml: deployment('plugin', 'tenant-a'),
      source: CLUSTER_SOURCE,
      options: { untrustedNamespaces: ['tenant-a'] },
      errors: [denied('eks', 'ListFargateProfiles')],
      expect: [{ resource: 'Deployment/tenant-a/plugin', message: /eks:ListFargateProfiles failed during collection \(AccessDenied/ }],
    },
    {
      name: 'cluster-level in a manifests scan',
      yaml: '',
      expect: [{ resource: 'Cluster/cluster', message: /a manifests scan does not have/ }],
    },
  ],
});
