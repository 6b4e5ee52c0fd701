import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  addon,
  awsWith,
  CLUSTER_SOURCE,
  denied,
  describeCluster,
  detector,
  DETECTOR_ARN,
  DETECTOR_ID,
  feature,
} from '../../cluster/test-support/aws-fixtures.js';
import { check } from './check.js';

const AGENT_DAEMONSET = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-guardduty-agent, namespace: amazon-guardduty }
spec:
  selector: { matchLabels: { app: aws-guardduty-agent } }
  template:
    metadata: { labels: { app: aws-guardduty-agent } }
    spec:
      containers:
        - name: aws-guardduty-agent
          image: 694911143906.dkr.ecr.eu-west-1.amazonaws.com/aws-guardduty-agent:v1.10.0
`;

const unmanaged = feature('RUNTIME_MONITORING', 'ENABLED', { EKS_ADDON_MANAGEMENT: 'DISABLED', ECS_FARGATE_AGENT_MANAGEMENT: 'DISABLED', EC2_AGENT_MANAGEMENT: 'DISABLED' });
const MANAGED = feature('RUNTIME_MONITORING', 'ENABLED', { EKS_ADDON_MANAGEMENT: 'ENABLED' });

const aws = (detectors: Array<ReturnType<typeof detector>>, tags: Record<string, string> = {}, addons = [addon('vpc-cni', 'v1.21.0-eksbuild.4')]) =>
  awsWith({ cluster: describeCluster({ tags: { team: 'platform', ...tags } }), eks: { addons }, guardduty: { detectors } });

describeCheck(check, {
  pass: [
    {
      name: 'Runtime Monitoring with automated EKS agent management',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([detector()]),
    },
    {
      name: 'older EKS Runtime Monitoring feature with agent management',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([
        detector([
          feature('RUNTIME_MONITORING', 'DISABLED'),
          feature('EKS_RUNTIME_MONITORING', 'ENABLED', { EKS_ADDON_MANAGEMENT: 'ENABLED' }),
        ]),
      ]),
    },
    {
      name: 'agent not managed by GuardDuty but installed as the EKS add-on',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([detector([unmanaged])], {}, [addon('vpc-cni', 'v1.21.0-eksbuild.4'), addon('aws-guardduty-agent', 'v1.10.0-eksbuild.2')]),
    },
    {
      name: 'agent deployed by hand',
      yaml: AGENT_DAEMONSET,
      source: CLUSTER_SOURCE,
      aws: aws([detector([unmanaged])]),
    },
    {
      name: 'Fargate-only cluster: Runtime Monitoring does not cover it, so it is not asked for',
      yaml: `
apiVersion: v1
kind: Node
metadata:
  name: fargate-ip-10-0-12-34.eu-west-1.compute.internal
  labels: { eks.amazonaws.com/compute-type: fargate }
`,
      source: CLUSTER_SOURCE,
      aws: aws([detector([feature('RUNTIME_MONITORING', 'DISABLED')])]),
    },
    {
      name: 'cluster included by the GuardDutyManaged=true tag',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([detector([unmanaged])], { GuardDutyManaged: 'true' }),
    },
  ],
  fail: [
    {
      name: 'Runtime Monitoring off',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([detector([feature('RUNTIME_MONITORING', 'DISABLED', { EKS_ADDON_MANAGEMENT: 'DISABLED' })])]),
      expect: [{ resource: DETECTOR_ARN, path: 'Features[9].Status', severity: 'medium', message: 'has Runtime Monitoring off' }],
    },
    {
      name: 'Runtime Monitoring on, agent neither managed nor installed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([detector([unmanaged])]),
      expect: [
        {
          resource: DETECTOR_ARN,
          path: 'Features[9].AdditionalConfiguration[0].Status',
          message: `detector ${DETECTOR_ID} has Runtime Monitoring on but does not manage the EKS agent (EKS_ADDON_MANAGEMENT DISABLED), and cluster "prod" runs no aws-guardduty-agent`,
        },
      ],
    },
    {
      name: 'managed agent, but the cluster opted out by tag',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([detector()], { GuardDutyManaged: 'false' }),
      expect: [{ resource: DETECTOR_ARN, message: 'Cluster "prod" is tagged GuardDutyManaged=false' }],
    },
    {
      name: 'no detector in the region',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws([]),
      expect: [{ resource: `AWSAccount/${ACCOUNT}`, message: 'GuardDuty is not enabled in eu-west-1' }],
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
      name: 'agent managed by the detector, but the cluster tags (which may opt out) unknown',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ eks: { addons: [] }, guardduty: { detectors: [detector([MANAGED])] } }),
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ resource: DETECTOR_ARN, message: /GuardDutyManaged tag decides whether GuardDuty deploys its agent/ }],
    },
    {
      name: 'agent not managed and not seen, cluster tags unknown',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ eks: { addons: [] }, guardduty: { detectors: [detector([unmanaged])] } }),
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ resource: DETECTOR_ARN, message: /GuardDutyManaged tag decides whether GuardDuty deploys its agent: eks:DescribeCluster for prod failed/ }],
    },
    {
      name: 'agent not managed, and neither add-ons nor DaemonSets readable',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster(), guardduty: { detectors: [detector([unmanaged])] } }),
      errors: [
        denied('eks', 'ListAddons', 'prod'),
        { source: 'kubernetes', operation: 'list', resource: 'apps/v1/daemonsets', code: 403, message: 'daemonsets.apps is forbidden' },
      ],
      expect: [{ resource: DETECTOR_ARN, message: /whether it was installed by hand is unknown: eks:ListAddons for prod failed.*daemonsets/ }],
    },
  ],
});
