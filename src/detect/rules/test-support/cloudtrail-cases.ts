/**
 * Positive and negative CloudTrail records of every built-in CloudTrail rule, derived from the
 * samples by small changes so each negative differs from its positive in what the rule is about.
 */
import {
  CREATE_NODEGROUP_SSH,
  CREATE_POD_IDENTITY_ASSOCIATION,
  DELETE_ACCESS_ENTRY,
  DELETE_CLUSTER,
  PUT_EVENT_SELECTORS_NO_MANAGEMENT,
  SET_REPOSITORY_POLICY_PUBLIC,
  STOP_LOGGING,
  UPDATE_CLUSTER_CONFIG_ENDPOINT,
  UPDATE_DETECTOR_DISABLE,
  UPDATE_DETECTOR_FEATURES,
  UPDATE_TRAIL_SINGLE_REGION,
} from '../../events/test-support/cloudtrail-samples.js';
import { ASSOCIATE_ACCESS_POLICY, ASSUME_ROLE_WEB_IDENTITY, CREATE_ACCESS_ENTRY, UPDATE_CLUSTER_CONFIG_LOGGING } from '../../events/test-support/cloudtrail-samples.js';
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
    positive: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.requestParameters!.logging = { clusterLogging: [{ types: ['api', 'audit', 'authenticator'], enabled: true }, { types: ['authenticator'], enabled: false }] })),
    ],
    negative: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.requestParameters!.logging = { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] })),
      // Terraform enabling audit and authenticator sends the other types as disabled
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => {
        r.requestParameters!.logging = {
          clusterLogging: [
            { types: ['audit', 'authenticator'], enabled: true },
            { types: ['api', 'controllerManager', 'scheduler'], enabled: false },
          ],
        };
      }),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.eventSource = 'ecs.amazonaws.com')),
    ],
  },
  'ct-eks-public-endpoint-opened': {
    positive: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => {
        r.requestParameters = { name: 'prod', resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } };
      }),
      cloudtrail(UPDATE_CLUSTER_CONFIG_ENDPOINT), // public access on, no CIDRs
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.requestParameters = { name: 'prod', resourcesVpcConfig: { publicAccessCidrs: ['203.0.113.0/24', '::/0'] } })),
    ],
    negative: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => {
        r.requestParameters = { name: 'prod', resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } };
      }),
      // Terraform resending the config with public access narrowed to the office and CI
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => {
        r.requestParameters = { name: 'prod', resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] } };
      }),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING, (r) => (r.requestParameters = { name: 'prod', resourcesVpcConfig: { endpointPublicAccess: false, publicAccessCidrs: ['0.0.0.0/0'] } })),
    ],
  },
  'ct-eks-pod-identity-association-changed': {
    positive: [
      cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION),
      cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, (r) => {
        r.eventName = 'UpdatePodIdentityAssociation';
        r.requestParameters = { name: 'prod', associationId: 'a-4k7ymbqzcdlzmx2h6', roleArn: 'arn:aws:iam::111122223333:role/payments-admin' };
      }),
    ],
    negative: [
      cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, (r) => ((r.errorCode = 'ResourceInUseException'), (r.responseElements = null))),
      cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, (r) => ((r.eventName = 'DescribePodIdentityAssociation'), (r.readOnly = true))),
    ],
  },
  'ct-eks-pod-identity-association-deleted': {
    positive: [cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, (r) => ((r.eventName = 'DeletePodIdentityAssociation'), (r.requestParameters = { name: 'prod', associationId: 'a-4k7ymbqzcdlzmx2h6' })))],
    negative: [cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION), cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, (r) => ((r.eventName = 'DeletePodIdentityAssociation'), (r.errorCode = 'ResourceNotFoundException')))],
  },
  'ct-eks-cluster-deleted': {
    positive: [cloudtrail(DELETE_CLUSTER)],
    negative: [cloudtrail(DELETE_CLUSTER, (r) => ((r.errorCode = 'ResourceInUseException'), (r.errorMessage = 'Cluster has nodegroups attached'), (r.responseElements = null))), cloudtrail(DELETE_CLUSTER, (r) => (r.eventName = 'DeleteNodegroup'))],
  },
  'ct-eks-private-endpoint-disabled': {
    positive: [cloudtrail(UPDATE_CLUSTER_CONFIG_ENDPOINT)],
    negative: [
      cloudtrail(UPDATE_CLUSTER_CONFIG_ENDPOINT, (r) => (r.requestParameters!.resourcesVpcConfig = { endpointPrivateAccess: true, endpointPublicAccess: false })),
      cloudtrail(UPDATE_CLUSTER_CONFIG_LOGGING),
    ],
  },
  'ct-eks-access-entry-other-account': {
    positive: [cloudtrail(CREATE_ACCESS_ENTRY)],
    negative: [
      cloudtrail(CREATE_ACCESS_ENTRY, (r) => (r.requestParameters!.principalArn = 'arn:aws:iam::111122223333:role/platform-admin')),
      cloudtrail(CREATE_ACCESS_ENTRY, (r) => ((r.errorCode = 'InvalidParameterException'), (r.responseElements = null))),
    ],
  },
  'ct-eks-access-removed': {
    positive: [cloudtrail(DELETE_ACCESS_ENTRY), cloudtrail(ASSOCIATE_ACCESS_POLICY, (r) => ((r.eventName = 'DisassociateAccessPolicy'), (r.responseElements = null)))],
    negative: [cloudtrail(DELETE_ACCESS_ENTRY, (r) => (r.errorCode = 'AccessDeniedException')), cloudtrail(ASSOCIATE_ACCESS_POLICY)],
  },
  'ct-eks-nodegroup-ssh-open': {
    positive: [cloudtrail(CREATE_NODEGROUP_SSH)],
    negative: [
      cloudtrail(CREATE_NODEGROUP_SSH, (r) => (r.requestParameters!.remoteAccess = { ec2SshKey: 'ops', sourceSecurityGroups: ['sg-0a1b2c3d4e5f60718'] })),
      cloudtrail(CREATE_NODEGROUP_SSH, (r) => delete r.requestParameters!.remoteAccess),
    ],
  },
  'ct-eks-irsa-credentials-used-outside': {
    positive: [cloudtrail(ASSUME_ROLE_WEB_IDENTITY), cloudtrail(ASSUME_ROLE_WEB_IDENTITY, (r) => (r.sourceIPAddress = '2001:db8:4000::17'))],
    negative: [
      // From a pod through the STS interface endpoint
      cloudtrail(ASSUME_ROLE_WEB_IDENTITY, (r) => ((r.sourceIPAddress = '10.0.12.7'), (r.vpcEndpointId = 'vpce-0a1b2c3d4e5f60718'))),
      // From the cluster's NAT gateway, listed as cluster-egress
      cloudtrail(ASSUME_ROLE_WEB_IDENTITY, (r) => (r.sourceIPAddress = '192.0.2.44')),
      // A web identity that is not an EKS cluster's
      cloudtrail(ASSUME_ROLE_WEB_IDENTITY, (r) => (r.userIdentity = { type: 'WebIdentityUser', principalId: 'accounts.google.com:1234567890:109876543210', userName: '109876543210', identityProvider: 'accounts.google.com' })),
      cloudtrail(ASSUME_ROLE_WEB_IDENTITY, (r) => ((r.errorCode = 'InvalidIdentityToken'), (r.responseElements = null))),
    ],
  },
  'ct-ecr-repository-made-public': {
    positive: [
      cloudtrail(SET_REPOSITORY_POLICY_PUBLIC),
      cloudtrail(SET_REPOSITORY_POLICY_PUBLIC, (r) => (r.requestParameters!.policyText = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"ecr:*"}]}')),
    ],
    negative: [
      cloudtrail(SET_REPOSITORY_POLICY_PUBLIC, (r) => (r.requestParameters!.policyText = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:BatchGetImage"}]}')),
      cloudtrail(SET_REPOSITORY_POLICY_PUBLIC, (r) => (r.requestParameters!.policyText = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}')),
      // ECR Public: public by design
      cloudtrail(SET_REPOSITORY_POLICY_PUBLIC, (r) => ((r.eventSource = 'ecr-public.amazonaws.com'), (r.awsRegion = 'us-east-1'))),
    ],
  },
  'ct-guardduty-detector-disabled': {
    positive: [cloudtrail(UPDATE_DETECTOR_DISABLE), cloudtrail(UPDATE_DETECTOR_DISABLE, (r) => ((r.eventName = 'DeleteDetector'), (r.requestParameters = { detectorId: '12abc34d567e8fa901bc2d34e56789f0' })))],
    negative: [cloudtrail(UPDATE_DETECTOR_DISABLE, (r) => (r.requestParameters!.enable = true)), cloudtrail(UPDATE_DETECTOR_FEATURES), cloudtrail(UPDATE_DETECTOR_DISABLE, (r) => (r.errorCode = 'AccessDeniedException'))],
  },
  'ct-guardduty-eks-protection-disabled': {
    positive: [
      cloudtrail(UPDATE_DETECTOR_FEATURES),
      cloudtrail(UPDATE_DETECTOR_FEATURES, (r) => (r.requestParameters!.features = [{ name: 'RUNTIME_MONITORING', status: 'DISABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }] }])),
      cloudtrail(UPDATE_DETECTOR_FEATURES, (r) => (r.requestParameters = { detectorId: '12abc34d567e8fa901bc2d34e56789f0', dataSources: { kubernetes: { auditLogs: { enable: false } } } })),
    ],
    negative: [
      cloudtrail(UPDATE_DETECTOR_FEATURES, (r) => (r.requestParameters!.features = [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }])),
      cloudtrail(UPDATE_DETECTOR_FEATURES, (r) => (r.requestParameters!.features = [{ name: 'S3_DATA_EVENTS', status: 'DISABLED' }])),
    ],
  },
  'ct-cloudtrail-logging-stopped': {
    positive: [cloudtrail(STOP_LOGGING), cloudtrail(STOP_LOGGING, (r) => (r.eventName = 'DeleteTrail'))],
    negative: [cloudtrail(STOP_LOGGING, (r) => (r.eventName = 'StartLogging')), cloudtrail(STOP_LOGGING, (r) => ((r.errorCode = 'TrailNotFoundException'), (r.errorMessage = 'Unknown trail')))],
  },
  'ct-cloudtrail-management-events-excluded': {
    positive: [
      cloudtrail(PUT_EVENT_SELECTORS_NO_MANAGEMENT),
      cloudtrail(PUT_EVENT_SELECTORS_NO_MANAGEMENT, (r) => (r.requestParameters!.eventSelectors = [{ readWriteType: 'ReadOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }])),
      cloudtrail(PUT_EVENT_SELECTORS_NO_MANAGEMENT, (r) => {
        r.requestParameters = {
          trailName: 'org-management',
          advancedEventSelectors: [{ name: 'S3 writes only', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] }],
        };
      }),
    ],
    negative: [
      cloudtrail(PUT_EVENT_SELECTORS_NO_MANAGEMENT, (r) => (r.requestParameters!.eventSelectors = [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }])),
      cloudtrail(PUT_EVENT_SELECTORS_NO_MANAGEMENT, (r) => {
        r.requestParameters = {
          trailName: 'org-management',
          advancedEventSelectors: [
            { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
            { name: 'S3 data', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] },
          ],
        };
      }),
    ],
  },
  'ct-cloudtrail-trail-scope-reduced': {
    positive: [cloudtrail(UPDATE_TRAIL_SINGLE_REGION), cloudtrail(UPDATE_TRAIL_SINGLE_REGION, (r) => (r.requestParameters = { name: 'org-management', includeGlobalServiceEvents: false }))],
    negative: [cloudtrail(UPDATE_TRAIL_SINGLE_REGION, (r) => (r.requestParameters = { name: 'org-management', s3BucketName: 'org-cloudtrail-111122223333', isMultiRegionTrail: true })), cloudtrail(UPDATE_TRAIL_SINGLE_REGION, (r) => (r.errorCode = 'AccessDeniedException'))],
  },
};
