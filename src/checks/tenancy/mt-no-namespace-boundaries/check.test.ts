import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const deployment = (name: string, namespace?: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}${namespace ? `, namespace: ${namespace}` : ''} }
spec:
  template:
    spec:
      containers: [{ name: ${name}, image: ${name}:1.0 }]
`;

describeCheck(check, {
  pass: [
    {
      name: 'workloads spread over namespaces',
      yaml: [deployment('web', 'shop'), deployment('api', 'payments')].join('---'),
    },
    {
      name: 'manifests of one application in its own namespace',
      yaml: [deployment('web', 'shop'), deployment('worker', 'shop')].join('---'),
    },
    {
      name: 'a single workload has nothing to be separated from; system workloads do not count',
      yaml: [deployment('web', 'default'), deployment('coredns', 'kube-system')].join('---'),
    },
  ],
  fail: [
    {
      name: 'everything in default, some with the namespace implied',
      yaml: [deployment('web'), deployment('api', 'default'), deployment('coredns', 'kube-system')].join('---'),
      expect: [{ resource: 'Cluster/cluster', path: 'metadata', message: 'All 2 user workloads run in the default namespace' }],
    },
    {
      name: 'live cluster with every application in one namespace',
      source: { type: 'cluster', cluster: 'prod' },
      yaml: [deployment('web', 'apps'), deployment('api', 'apps'), deployment('billing', 'apps')].join('---'),
      expect: [{ resource: 'Cluster/prod', path: 'metadata.namespace', message: 'namespace "apps"' }],
    },
  ],
  notEvaluated: [
    {
      name: 'no user workloads',
      yaml: deployment('coredns', 'kube-system'),
      expect: [{ message: 'no user workloads' }],
    },
  ],
});
