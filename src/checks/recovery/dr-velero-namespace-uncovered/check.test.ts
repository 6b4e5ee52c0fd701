import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const namespaces = ['shop', 'payments', 'scratch']
  .map((name) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`)
  .join('---\n');

const veleroNamespace = `
apiVersion: v1
kind: Namespace
metadata: { name: velero }
`;

const schedule = (name: string, template: string, extra = ''): string => `
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: ${name}, namespace: velero }
spec:
  schedule: "0 2 * * *"
${extra}  template:
${template}
`;

const deployment = (name: string, namespace: string, labels = '{}'): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace}, labels: ${labels} }
spec:
  template:
    spec:
      containers: [{ name: ${name}, image: ${name}:1.0 }]
`;

describeCheck(check, {
  pass: [
    {
      name: 'wildcard schedule covers every namespace; Velero\'s own namespace is not evaluated',
      yaml: [namespaces, veleroNamespace, schedule('all', '    includedNamespaces: ["*"]')].join('---'),
    },
    {
      name: 'explicit list and a glob, with a label selector every workload matches',
      yaml: [
        namespaces,
        schedule('apps', '    includedNamespaces: [shop, "pay*", scratch]\n    labelSelector: { matchLabels: { backup: "true" } }'),
        deployment('web', 'shop', '{ backup: "true" }'),
        deployment('api', 'payments', '{ backup: "true", tier: api }'),
      ].join('---'),
    },
    {
      name: 'excluded by one schedule but covered by another',
      yaml: [
        namespaces,
        schedule('most', '    excludedNamespaces: [scratch]'),
        schedule('scratch-weekly', '    includedNamespaces: [scratch]'),
      ].join('---'),
    },
  ],
  fail: [
    {
      name: 'namespace no schedule names',
      yaml: [namespaces, schedule('apps', '    includedNamespaces: [shop, payments]')].join('---'),
      expect: [{ resource: 'Namespace/scratch', message: 'Namespace "scratch" is not included in any Velero Schedule' }],
    },
    {
      name: 'namespace excluded by a glob, and one only in a paused schedule',
      yaml: [
        namespaces,
        schedule('main', '    includedNamespaces: ["*"]\n    excludedNamespaces: [kube-system, "scr*", payments]'),
        schedule('payments', '    includedNamespaces: [payments]', '  paused: true\n'),
      ].join('---'),
      expect: [
        {
          resource: 'Namespace/scratch',
          path: 'spec.template.excludedNamespaces[1]',
          message: 'Namespace "scratch" is not fully backed up: schedule "main" excludes it',
        },
        {
          resource: 'Namespace/payments',
          path: 'spec.template.excludedNamespaces[2]',
          message: 'schedule "main" excludes it; schedule "payments" is paused',
        },
      ],
    },
    {
      name: 'label selector leaves an unlabelled workload out',
      yaml: [
        namespaces,
        schedule('labelled', '    orLabelSelectors:\n      - { matchLabels: { backup: "true" } }\n      - { matchLabels: { tier: db } }'),
        deployment('web', 'shop', '{ backup: "true" }'),
        deployment('db', 'shop', '{ tier: db }'),
        deployment('cache', 'shop'),
      ].join('---'),
      expect: [
        {
          resource: 'Namespace/shop',
          path: 'spec.template.orLabelSelectors',
          message: 'its orLabelSelectors does not match Deployment/cache',
        },
      ],
    },
    {
      name: 'resource filter keeps only volume claims',
      yaml: [
        namespaces,
        schedule('pvcs', '    includedNamespaces: ["*"]\n    includedResources: [persistentvolumeclaims, persistentvolumes]'),
        deployment('web', 'shop'),
      ].join('---'),
      expect: [{ resource: 'Namespace/shop', path: 'spec.template.includedResources', message: 'leaves out deployments' }],
    },
  ],
  notEvaluated: [
    {
      name: 'no schedule at all',
      yaml: namespaces,
      expect: [{ resource: 'Cluster/cluster', message: 'see dr-velero-absent' }],
    },
  ],
});
