/**
 * Positive and negative CloudTrail records of every built-in CloudTrail rule, derived from the
 * samples by small changes so each negative differs from its positive in what the rule is about.
 */
import { ASSOCIATE_ACCESS_POLICY, CREATE_ACCESS_ENTRY, UPDATE_CLUSTER_CONFIG_LOGGING } from '../../events/test-support/samples.js';
import { cloudtrail, type RuleCases } from './cases.js';

export const CLOUDTRAIL_CASES: Record<string, RuleCases> = {
  'ct-eks-cluster-admin-policy-associated': {
    positive: [cloudtrail(ASSOCIATE_ACCESS_POLICY)],
    negative: [
      cloudtrail(ASSOCIATE_ACCESS_POLICY, (r) => (r.requestParameters!.policyArn = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy')),
      cloudtrail(ASSOCIATE_ACCESS_POLICY, (r) => ((r.errorCode = 'AccessDeniedException'), (r.responseElements = null))),
    ],
  },
  'ct-eks-admin-policy-associated': {
    positive: [
      cloudtrail(ASSOCIATE_ACCESS_POLICY, (r) => {
        r.requestParameters!.policyArn = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy';
        r.requestParameters!.accessScope = { type: 'namespace', namespaces: ['payments'] };
      }),
    ],
    negative: [cloudtrail(ASSOCIATE_ACCESS_POLICY)],
  },
  'ct-eks-access-entry-system-masters': {
    positive: [cloudtrail(CREATE_ACCESS_ENTRY, (r) => (r.requestParameters!.kubernetesGroups = ['system:masters']))],
    negative: [cloudtrail(CREATE_ACCESS_ENTRY), cloudtrail(CREATE_ACCESS_ENTRY, (r) => (r.requestParameters!.kubernetesGroups = ['developers']))],
  },
  'ct-eks-access-entry-created': {
    positive: [cloudtrail(CREATE_ACCESS_ENTRY)],
    negative: [cloudtrail(CREATE_ACCESS_ENTRY, (r) => ((r.errorCode = 'ResourceInUseException'), (r.responseElements = null))), cloudtrail(CREATE_ACCESS_ENTRY, (r) => (r.eventName = 'DescribeAccessEntry'))],
  },
  'ct-eks-logging-disabled': {
    positive: [cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING)],
    negative: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.requestParameters!.logging = { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] })),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.eventSource = 'ecs.amazonaws.com')),
    ],
  },
  'ct-eks-public-endpoint-opened': {
    positive: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => {
        r.requestParameters = { name: 'prod', resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } };
      }),
    ],
    negative: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => {
        r.requestParameters = { name: 'prod', resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } };
      }),
    ],
  },
};
