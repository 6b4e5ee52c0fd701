import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const now = { now: '2026-11-27T10:00:00Z' };

const backup = (name: string, phase: string, start: string, extra = '', schedule = 'nightly'): string => `
apiVersion: velero.io/v1
kind: Backup
metadata:
  name: ${name}
  namespace: velero
  ${schedule ? `labels: { velero.io/schedule-name: ${schedule} }` : 'labels: {}'}
spec: { includedNamespaces: ["*"] }
status: { phase: ${phase}, startTimestamp: "${start}", completionTimestamp: "${start}"${extra} }
`;

describeCheck(check, {
  pass: [
    {
      name: 'a failure superseded by a newer completed backup',
      options: now,
      yaml: [
        backup('nightly-20261126020000', 'Failed', '2026-11-26T02:00:00Z'),
        backup('nightly-20261127020000', 'Completed', '2026-11-27T02:00:00Z'),
      ].join('---'),
    },
    {
      name: 'an old failed manual backup is not recent',
      options: now,
      yaml: backup('before-upgrade', 'PartiallyFailed', '2026-09-01T10:00:00Z', '', ''),
    },
  ],
  fail: [
    {
      name: 'three failures in a row, a backup still running is ignored',
      options: now,
      yaml: [
        backup('nightly-20261124020000', 'Completed', '2026-11-24T02:00:00Z'),
        backup('nightly-20261125020000', 'Failed', '2026-11-25T02:00:00Z'),
        backup('nightly-20261126020000', 'PartiallyFailed', '2026-11-26T02:00:00Z'),
        backup('nightly-20261127020000', 'Failed', '2026-11-27T02:00:00Z', ', errors: 4, failureReason: "error getting backup store: AccessDenied"'),
        backup('nightly-20261127090000', 'InProgress', '2026-11-27T09:00:00Z'),
      ].join('---'),
      expect: [
        {
          resource: 'Backup/velero/nightly-20261127020000',
          path: 'status.phase',
          message:
            'Backup "nightly-20261127020000" of schedule "nightly" ended Failed 8h ago (3 finished backups in a row failed; 4 errors; error getting backup store: AccessDenied)',
        },
      ],
    },
    {
      name: 'recent partially failed manual backup',
      options: now,
      yaml: backup('pre-migration', 'PartiallyFailed', '2026-11-26T10:00:00Z', ', errors: 1', ''),
      expect: [{ resource: 'Backup/velero/pre-migration', message: 'ended PartiallyFailed 1d ago (1 errors)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'only a backup in progress',
      options: now,
      yaml: backup('nightly-20261127090000', 'InProgress', '2026-11-27T09:00:00Z'),
      expect: [{ message: 'still InProgress' }],
    },
  ],
});
