import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const schedule = (name: string, template: string): string => `
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: ${name}, namespace: velero }
spec:
  schedule: "0 * * * *"
  template:
${template}
`;

const statefulSet = (annotations = '{}'): string => `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  template:
    metadata: { annotations: ${annotations} }
    spec:
      containers: [{ name: db, image: postgres:16, volumeMounts: [{ name: data, mountPath: /var/lib/postgresql }] }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 20Gi } } }
`;

describeCheck(check, {
  pass: [
    {
      name: 'default TTL and volume snapshots',
      yaml: schedule('daily', '    includedNamespaces: ["*"]'),
    },
    {
      name: 'hourly short-lived backups beside a daily long-retention schedule',
      yaml: [
        schedule('hourly', '    includedNamespaces: [shop]\n    ttl: 24h0m0s'),
        schedule('daily', '    includedNamespaces: ["*"]\n    excludedNamespaces: [scratch]\n    ttl: 720h'),
      ].join('---'),
    },
    {
      name: 'no snapshots but the StatefulSet opts its volume into file-system backup',
      yaml: [schedule('fs', '    includedNamespaces: [shop]\n    snapshotVolumes: false'), statefulSet('{ backup.velero.io/backup-volumes: data }')].join('---'),
    },
    {
      name: 'no snapshots and everything goes to file-system backup',
      yaml: [schedule('fs', '    snapshotVolumes: false\n    defaultVolumesToFsBackup: true'), statefulSet()].join('---'),
    },
  ],
  fail: [
    {
      name: 'short TTL not compensated by another schedule (which filters by label)',
      yaml: [
        schedule('hourly', '    includedNamespaces: [shop]\n    ttl: 12h'),
        schedule('daily', '    includedNamespaces: ["*"]\n    labelSelector: { matchLabels: { backup: "true" } }'),
      ].join('---'),
      expect: [
        {
          resource: 'Schedule/velero/hourly',
          path: 'spec.template.ttl',
          message: 'Schedule "hourly" keeps backups for 12h, less than 7d',
        },
      ],
    },
    {
      name: 'snapshots disabled: claim templates and standalone claims lose their data',
      yaml: [
        schedule('objects-only', '    includedNamespaces: ["*"]\n    snapshotVolumes: false'),
        statefulSet(),
        `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: uploads, namespace: shop }
spec: { accessModes: [ReadWriteMany], resources: { requests: { storage: 5Gi } } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data-db-0, namespace: shop }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 20Gi } } }
`,
      ].join('---'),
      expect: [
        {
          resource: 'Schedule/velero/objects-only',
          path: 'spec.template.snapshotVolumes',
          message: 'the data of 2 volume claim(s) is not backed up: shop/data (StatefulSet db), shop/uploads',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'unparseable TTL',
      yaml: schedule('odd', '    ttl: 30d'),
      expect: [{ path: 'spec.template.ttl', message: 'is not a duration' }],
    },
  ],
});
