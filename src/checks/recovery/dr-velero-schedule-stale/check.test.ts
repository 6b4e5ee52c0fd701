import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const now = { now: '2026-11-27T10:00:00Z' };

const schedule = (cron: string, rest: string): string => `
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: nightly, namespace: velero, creationTimestamp: "2026-01-01T00:00:00Z" }
spec:
  schedule: "${cron}"
  template: { includedNamespaces: ["*"] }
${rest}`;

describeCheck(check, {
  pass: [
    {
      name: 'daily schedule that ran last night',
      options: now,
      yaml: schedule('0 2 * * *', 'status: { phase: Enabled, lastBackup: "2026-11-27T02:00:05Z" }'),
    },
    {
      name: 'weekly schedule six days after its run is within two intervals',
      options: now,
      yaml: schedule('0 3 * * 0', 'status: { phase: Enabled, lastBackup: "2026-11-21T03:00:00Z" }'),
    },
    {
      name: 'new schedule that has not had its first run yet',
      options: now,
      yaml: `
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: fresh, namespace: velero, creationTimestamp: "2026-11-27T08:00:00Z" }
spec: { schedule: "0 2 * * *", template: {} }
status: { phase: Enabled }
`,
    },
  ],
  fail: [
    {
      name: 'paused schedule',
      options: now,
      yaml: schedule('0 2 * * *', '  paused: true\nstatus: { phase: Enabled, lastBackup: "2026-11-27T02:00:00Z" }'),
      expect: [{ resource: 'Schedule/velero/nightly', path: 'spec.paused', message: 'is paused' }],
    },
    {
      name: 'daily schedule whose last backup is four days old',
      options: now,
      yaml: schedule('0 2 * * *', 'status: { phase: Enabled, lastBackup: "2026-11-23T02:00:00Z" }'),
      expect: [
        {
          resource: 'Schedule/velero/nightly',
          path: 'status.lastBackup',
          message: 'last created a backup 4d 8h ago (2026-11-23T02:00:00.000Z); one is expected at least every 2d',
        },
      ],
    },
    {
      name: 'a stricter maxAgeHours flags a hourly schedule silent for 3 hours',
      options: { ...now, maxAgeHours: 2 },
      yaml: schedule('@every 1h', 'status: { phase: Enabled, lastBackup: "2026-11-27T07:00:00Z" }'),
      expect: [{ path: 'status.lastBackup', message: 'expected at least every 2h' }],
    },
    {
      name: 'schedule rejected by validation',
      options: now,
      yaml: schedule('61 * * * *', 'status: { phase: FailedValidation, validationErrors: ["invalid schedule: End of range (61) above maximum (59)"] }'),
      expect: [{ path: 'status.phase', message: 'failed validation and never runs: invalid schedule' }],
    },
    {
      name: 'schedule that never produced a backup in months',
      options: now,
      yaml: schedule('0 2 * * *', 'status: { phase: Enabled }'),
      expect: [{ path: 'status', message: 'has never created a backup' }],
    },
  ],
  notEvaluated: [
    {
      name: 'manifest without status',
      options: now,
      yaml: schedule('0 2 * * *', ''),
      expect: [{ message: 'only known in a live cluster' }],
    },
  ],
});
