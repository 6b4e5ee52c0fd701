import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, awsWith, CLUSTER_SOURCE, denied, describeCluster, detector, DETECTOR_ARN, DETECTOR_ID, feature } from '../../cluster/test-support/aws-fixtures.js';
import { check } from './check.js';

const withDetectors = (...detectors: Array<ReturnType<typeof detector>>) => awsWith({ cluster: describeCluster(), guardduty: { detectors } });

describeCheck(check, {
  pass: [
    {
      name: 'EKS audit log monitoring enabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withDetectors(detector()),
    },
    {
      name: 'a detector described only through the deprecated DataSources',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withDetectors(detector([], { Features: undefined })),
    },
  ],
  fail: [
    {
      name: 'EKS_AUDIT_LOGS disabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withDetectors(detector([feature('EKS_AUDIT_LOGS', 'DISABLED')])),
      expect: [{ resource: DETECTOR_ARN, path: 'Features[4].Status', severity: 'medium', message: `detector ${DETECTOR_ID} has EKS audit log monitoring (EKS_AUDIT_LOGS) DISABLED` }],
    },
    {
      name: 'no detector in the region',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withDetectors(),
      expect: [{ resource: `AWSAccount/${ACCOUNT}`, message: `GuardDuty is not enabled in eu-west-1 for account ${ACCOUNT}` }],
    },
    {
      name: 'detector suspended',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withDetectors(detector([], { Status: 'DISABLED' })),
      expect: [{ resource: DETECTOR_ARN, path: 'Status', message: 'is suspended' }],
    },
    {
      name: 'legacy DataSources says disabled',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withDetectors(
        detector([], {
          Features: undefined,
          DataSources: { Kubernetes: { AuditLogs: { Status: 'DISABLED' } } } as ReturnType<typeof detector>['DataSources'],
        }),
      ),
      expect: [{ resource: DETECTOR_ARN, path: 'DataSources.Kubernetes.AuditLogs.Status' }],
    },
  ],
  notEvaluated: [
    {
      name: 'ListDetectors denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('guardduty', 'ListDetectors')],
      expect: [{ message: /guardduty:ListDetectors failed during collection \(AccessDenied/ }],
    },
    {
      name: 'GetDetector denied after listing',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster(), guardduty: { detectors: [{ DetectorId: DETECTOR_ID } as ReturnType<typeof detector>] } }),
      errors: [denied('guardduty', 'GetDetector', DETECTOR_ID)],
      expect: [{ resource: DETECTOR_ARN, message: new RegExp(`guardduty:GetDetector for ${DETECTOR_ID} failed during collection`) }],
    },
  ],
});
