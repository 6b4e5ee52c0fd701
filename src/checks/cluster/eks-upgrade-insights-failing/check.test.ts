import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_SOURCE, denied, describeCluster, insight } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const deprecatedApis = insight({
  insightStatus: { status: 'ERROR', reason: 'Deprecated API usage detected within last 30 days and your cluster is on Kubernetes v1.32.' },
  resources: [
    {
      insightStatus: { status: 'ERROR' },
      kubernetesResourceUri: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas/catch-all',
    },
  ],
  categorySpecificSummary: {
    deprecationDetails: [
      {
        usage: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
        replacedWith: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas',
        stopServingVersion: '1.32',
        startServingReplacementVersion: '1.29',
        clientStats: [
          { userAgent: 'prometheus-adapter/v0.11.2', lastRequestTime: '2026-11-26T23:41:02Z' },
          { userAgent: 'prometheus-adapter/v0.11.2', lastRequestTime: '2026-11-27T05:12:44Z' },
        ],
      },
    ],
  },
});

const addonInsight = insight({
  id: 'f1e2d3c4-b5a6-4789-9a0b-1c2d3e4f5a6b',
  name: 'Amazon EKS add-on version compatibility',
  kubernetesVersion: '1.36',
  insightStatus: { status: 'WARNING', reason: 'Add-on versions are not compatible with the next Kubernetes versions.' },
  categorySpecificSummary: {
    addonCompatibilityDetails: [{ name: 'coredns', compatibleVersions: ['v1.12.4-eksbuild.1', 'v1.13.1-eksbuild.2'] }],
  },
});

describeCheck(check, {
  pass: [
    {
      name: 'every insight passing',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster(), eks: { insights: [insight({}), insight({ id: 'c2', name: 'Kubelet version skew' })] } }),
    },
    {
      name: 'no insight listed yet',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster(), eks: { insights: [] } }),
    },
  ],
  fail: [
    {
      name: 'deprecated API still called, blocking the next upgrade',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ version: '1.31' }), eks: { insights: [deprecatedApis, addonInsight] } }),
      expect: [
        {
          resource: 'EKSInsight/Deprecated APIs removed in Kubernetes v1.33',
          path: 'insightStatus.status',
          severity: 'medium',
          message:
            'is ERROR: Deprecated API usage detected within last 30 days and your cluster is on Kubernetes v1.32. (/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas → /apis/flowcontrol.apiserver.k8s.io/v1/flowschemas (removed in 1.32), called by prometheus-adapter/v0.11.2; affected: /apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas/catch-all)',
        },
        {
          resource: 'EKSInsight/Amazon EKS add-on version compatibility',
          severity: 'low',
          message: 'UPGRADE_READINESS, Kubernetes 1.36) is WARNING: Add-on versions are not compatible with the next Kubernetes versions. (coredns needs v1.12.4-eksbuild.1 or v1.13.1-eksbuild.2)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'ListInsights denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('eks', 'ListInsights', 'prod')],
      expect: [{ resource: 'prod', message: /eks:ListInsights for prod failed during collection \(AccessDenied/ }],
    },
    {
      name: 'an insight EKS could not determine',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster(),
        eks: { insights: [insight({ insightStatus: { status: 'UNKNOWN', reason: 'Insight check is still running.' } })] },
      }),
      expect: [{ resource: 'EKSInsight/Deprecated APIs removed in Kubernetes v1.33', message: 'as UNKNOWN: Insight check is still running.' }],
    },
  ],
});
