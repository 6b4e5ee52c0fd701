import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const location = (status: string): string => `
apiVersion: velero.io/v1
kind: BackupStorageLocation
metadata: { name: default, namespace: velero }
spec:
  provider: aws
  default: true
  objectStorage: { bucket: acme-velero }
${status}`;

describeCheck(check, {
  pass: [{ name: 'available location', yaml: location('status: { phase: Available, lastValidationTime: "2026-11-27T09:59:00Z" }') }],
  fail: [
    {
      name: 'unavailable location with Velero message',
      yaml: location(
        'status: { phase: Unavailable, message: "BackupStorageLocation default is unavailable: AccessDenied on acme-velero" }',
      ),
      expect: [
        {
          resource: 'BackupStorageLocation/velero/default',
          path: 'status.phase',
          message: 'is Unavailable: BackupStorageLocation default is unavailable: AccessDenied',
        },
      ],
    },
    {
      name: 'unavailable location without message',
      yaml: location('status: { phase: Unavailable }'),
      expect: [{ resource: 'BackupStorageLocation/velero/default', message: /Unavailable$/ }],
    },
  ],
  notEvaluated: [{ name: 'manifest without status', yaml: location(''), expect: [{ message: 'no status.phase' }] }],
});
