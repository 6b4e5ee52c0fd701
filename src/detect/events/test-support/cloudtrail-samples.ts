/**
 * CloudTrail records of EKS, ECR, GuardDuty and CloudTrail API calls, written for the built-in
 * rule tests. Shapes follow CloudTrail's record format; request parameters use the APIs' JSON
 * member names in lower camel case, as CloudTrail logs them. Account ids, keys and addresses
 * are documentation values.
 *
 * EKS operations log their URI parameters under the URI label, as published CloudTrail records
 * of CreateAccessEntry and AssociateAccessPolicy show: the cluster is `name` (POST
 * /clusters/{name}/…), and a principalArn taken from the path is URL-encoded. Not verified
 * against a captured record: GuardDuty `UpdateDetector` `features[]` as `{ name, status }`; the
 * exact `responseElements` of DeleteTrail / StopLogging (null here, as for other calls without
 * a response body).
 */
import type { CloudTrailRecord } from '../cloudtrail-record.js';

/** An access entry created for a role in another account. */
export const CREATE_ACCESS_ENTRY: CloudTrailRecord = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE1234567890:alice',
    arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLEKEY123456',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE1234567890', arn: 'arn:aws:iam::111122223333:role/Admin', accountId: '111122223333', userName: 'Admin' },
      attributes: { creationDate: '2025-05-12T09:58:01Z', mfaAuthenticated: 'false' },
    },
  },
  eventTime: '2025-05-12T10:02:17Z',
  eventSource: 'eks.amazonaws.com',
  eventName: 'CreateAccessEntry',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.45',
  userAgent: 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 exec-env/CloudShell cfg/retry-mode#standard md/command#eks.create-access-entry',
  requestParameters: {
    name: 'prod',
    principalArn: 'arn:aws:iam::444455556666:role/external-ci',
    type: 'STANDARD',
    clientRequestToken: '3f6a1d2e-9b8c-4e7f-a5d4-2c1b0e9f8a76',
  },
  responseElements: {
    accessEntry: {
      clusterName: 'prod',
      principalArn: 'arn:aws:iam::444455556666:role/external-ci',
      kubernetesGroups: [],
      accessEntryArn: 'arn:aws:eks:eu-west-1:111122223333:access-entry/prod/role/444455556666/external-ci/4ac7b3e2-1d9f-8a06-5e2b-7c4d9f1a3b58',
      createdAt: 1715508137.412,
      modifiedAt: 1715508137.412,
      tags: {},
      username: 'arn:aws:sts::444455556666:assumed-role/external-ci/{{SessionName}}',
      type: 'STANDARD',
    },
  },
  requestID: 'a1e7c3d9-5b2f-4e68-9c0a-7d3b1f5e2a84',
  eventID: 'f2d8b4a6-0c1e-4973-8b5d-6a2e9c7f3d10',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'eks.eu-west-1.amazonaws.com' },
  sessionCredentialFromConsole: 'true',
};

const OIDC_PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** IRSA: a service account's projected token exchanged for role credentials. */
export const ASSUME_ROLE_WEB_IDENTITY: CloudTrailRecord = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'WebIdentityUser',
    principalId: `${OIDC_PROVIDER}:sts.amazonaws.com:system:serviceaccount:payments:api`,
    userName: 'system:serviceaccount:payments:api',
    identityProvider: OIDC_PROVIDER,
  },
  eventTime: '2025-05-12T10:40:02Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRoleWithWebIdentity',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.77',
  userAgent: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.3',
  requestParameters: {
    roleArn: 'arn:aws:iam::111122223333:role/payments-api',
    roleSessionName: '1715510402123456789',
  },
  responseElements: {
    credentials: { accessKeyId: 'ASIAEXAMPLEKEY654321', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE', expiration: 'May 12, 2025, 11:40:02 AM' },
    subjectFromWebIdentityToken: 'system:serviceaccount:payments:api',
    assumedRoleUser: { assumedRoleId: 'AROAEXAMPLE0987654321:1715510402123456789', arn: 'arn:aws:sts::111122223333:assumed-role/payments-api/1715510402123456789' },
    provider: OIDC_PROVIDER,
    audience: 'sts.amazonaws.com',
  },
  requestID: '7c2e9a4b-3d1f-4a8e-b6c5-0f9d2e7a1b35',
  eventID: 'd4b1e8f2-6a3c-4097-8e2d-5b7c1a9f0e63',
  readOnly: true,
  resources: [{ accountId: '111122223333', type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::111122223333:role/payments-api' }],
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'sts.eu-west-1.amazonaws.com' },
};

/** AmazonEKSClusterAdminPolicy associated with an access entry, cluster-wide. */
export const ASSOCIATE_ACCESS_POLICY: CloudTrailRecord = {
  ...CREATE_ACCESS_ENTRY,
  eventTime: '2025-05-12T10:03:40Z',
  eventName: 'AssociateAccessPolicy',
  userAgent: 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/command#eks.associate-access-policy',
  // The cluster name and principalArn are URI labels (POST /clusters/{name}/access-entries/{principalArn}/access-policies):
  // CloudTrail logs them by label, the ARN URL-encoded.
  requestParameters: {
    name: 'prod',
    principalArn: 'arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2Fexternal-ci',
    policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
    accessScope: { type: 'cluster' },
  },
  responseElements: {
    clusterName: 'prod',
    principalArn: 'arn:aws:iam::444455556666:role/external-ci',
    associatedAccessPolicy: {
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      accessScope: { type: 'cluster', namespaces: [] },
      associatedAt: 1715508220.117,
      modifiedAt: 1715508220.117,
    },
  },
  requestID: 'b3f9d1e7-2a4c-4b86-9e0d-6c1a8f5b3d92',
  eventID: '0e6c2a8f-4d1b-49e3-a7c5-8b3f1d9e2a47',
};

/** `aws eks update-cluster-config --logging` turning every control-plane log type off. */
export const UPDATE_CLUSTER_CONFIG_LOGGING: CloudTrailRecord = {
  ...CREATE_ACCESS_ENTRY,
  eventTime: '2025-05-12T10:50:12Z',
  eventName: 'UpdateClusterConfig',
  userAgent: 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/command#eks.update-cluster-config',
  requestParameters: {
    name: 'prod',
    logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false }] },
    clientRequestToken: '5c8e1a3f-7d2b-4e94-b6a0-3f9c2d7e1b58',
  },
  responseElements: {
    update: {
      id: '9a3d5f7b-1c2e-3d4f-8a6b-0e2c4d6f8a1b',
      status: 'InProgress',
      type: 'LoggingUpdate',
      params: [
        { type: 'ClusterLogging', value: '{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":false}]}' },
      ],
      createdAt: 1715510412.603,
      errors: [],
    },
  },
  requestID: 'e5a7c9b1-3d2f-4e08-b6a4-1c8d0f2e9b37',
  eventID: '6b2d8f0a-5c3e-4a91-8d7b-2f4e6a0c9d15',
};

export const CLOUDTRAIL_RECORDS = [CREATE_ACCESS_ENTRY, ASSUME_ROLE_WEB_IDENTITY];

const ALICE = CREATE_ACCESS_ENTRY.userIdentity;
const CLI = (command: string) => `aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 cfg/retry-mode#standard md/command#${command}`;
const tls = (host: string) => ({ tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host });

/** The common envelope of a management write call by alice from 203.0.113.45. */
function managementCall(eventSource: string, eventName: string, fields: Partial<CloudTrailRecord> & { eventID: string; requestID: string; eventTime: string }): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: ALICE,
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.45',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    tlsDetails: tls(`${eventSource.replace('.amazonaws.com', '')}.eu-west-1.amazonaws.com`),
    ...fields,
  };
}

/** `aws eks create-pod-identity-association` giving payments/api the role payments-admin. */
export const CREATE_POD_IDENTITY_ASSOCIATION = managementCall('eks.amazonaws.com', 'CreatePodIdentityAssociation', {
  eventTime: '2025-05-12T11:02:41Z',
  userAgent: CLI('eks.create-pod-identity-association'),
  requestParameters: {
    name: 'prod',
    namespace: 'payments',
    serviceAccount: 'api',
    roleArn: 'arn:aws:iam::111122223333:role/payments-admin',
    clientRequestToken: '8d1f3b5a-7c9e-4a20-b6d8-1e3f5a7c9b02',
  },
  responseElements: {
    association: {
      clusterName: 'prod',
      namespace: 'payments',
      serviceAccount: 'api',
      roleArn: 'arn:aws:iam::111122223333:role/payments-admin',
      associationArn: 'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-4k7ymbqzcdlzmx2h6',
      associationId: 'a-4k7ymbqzcdlzmx2h6',
      tags: {},
      createdAt: 1715511761.204,
      modifiedAt: 1715511761.204,
      disableSessionTags: false,
    },
  },
  requestID: '2b7d9f1a-3c5e-4f86-a0b2-4d6f8a0c2e14',
  eventID: '5e9a1c3d-7f2b-4d68-8a0c-6e2f4a8c1d37',
});

/** `aws eks delete-cluster --name prod`. */
export const DELETE_CLUSTER = managementCall('eks.amazonaws.com', 'DeleteCluster', {
  eventTime: '2025-05-12T11:30:09Z',
  userAgent: CLI('eks.delete-cluster'),
  requestParameters: { name: 'prod' },
  responseElements: {
    cluster: {
      name: 'prod',
      arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      createdAt: 1709290801.123,
      version: '1.30',
      status: 'DELETING',
      platformVersion: 'eks.8',
    },
  },
  requestID: '4c8e0a2b-6d1f-4b79-9c3e-8a0d2f4b6c58',
  eventID: '7a1c3e5f-9b2d-4f80-a6c8-0e2a4c6e8b79',
});

/** `aws eks update-cluster-config --resources-vpc-config endpointPrivateAccess=false,endpointPublicAccess=true`. */
export const UPDATE_CLUSTER_CONFIG_ENDPOINT = managementCall('eks.amazonaws.com', 'UpdateClusterConfig', {
  eventTime: '2025-05-12T11:12:55Z',
  userAgent: CLI('eks.update-cluster-config'),
  requestParameters: {
    name: 'prod',
    resourcesVpcConfig: { endpointPrivateAccess: false, endpointPublicAccess: true },
    clientRequestToken: '0f2b4d6e-8a1c-4e35-b7d9-2c4e6a8b0d13',
  },
  responseElements: {
    update: {
      id: '3e5a7c9b-1d2f-4a64-8b0c-5e7a9c1b3d26',
      status: 'InProgress',
      type: 'EndpointAccessUpdate',
      params: [
        { type: 'EndpointPublicAccess', value: 'true' },
        { type: 'EndpointPrivateAccess', value: 'false' },
      ],
      createdAt: 1715512375.118,
      errors: [],
    },
  },
  requestID: '6a0c2e4b-8d1f-4c93-a5b7-9d1f3b5d7e40',
  eventID: '9c3e5a7d-1b2f-4d04-8e6a-2b4d6f8a0c51',
});

/** `aws eks delete-access-entry` for the platform team's admin role. */
export const DELETE_ACCESS_ENTRY = managementCall('eks.amazonaws.com', 'DeleteAccessEntry', {
  eventTime: '2025-05-12T11:20:33Z',
  userAgent: CLI('eks.delete-access-entry'),
  requestParameters: { name: 'prod', principalArn: 'arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fplatform-admin' },
  responseElements: null,
  requestID: '8e2a4c6d-0f1b-4e15-b9d3-4f6b8d0f2a62',
  eventID: '1e5c7a9f-3d2b-4f26-a0c8-4d6f8b0d2e73',
});

/** `aws eks create-nodegroup --remote-access ec2SshKey=ops` without source security groups. */
export const CREATE_NODEGROUP_SSH = managementCall('eks.amazonaws.com', 'CreateNodegroup', {
  eventTime: '2025-05-12T11:41:17Z',
  userAgent: CLI('eks.create-nodegroup'),
  requestParameters: {
    name: 'prod',
    nodegroupName: 'debug',
    scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
    subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
    instanceTypes: ['t3.large'],
    amiType: 'AL2023_x86_64_STANDARD',
    remoteAccess: { ec2SshKey: 'ops' },
    nodeRole: 'arn:aws:iam::111122223333:role/eks-node',
    clientRequestToken: '2a4c6e8f-0b1d-4f37-a9c5-6e8a0c2e4b84',
  },
  responseElements: {
    nodegroup: {
      nodegroupName: 'debug',
      nodegroupArn: 'arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/debug/6cc7b3e2-1d9f-8a06-5e2b-7c4d9f1a3b58',
      clusterName: 'prod',
      status: 'CREATING',
      remoteAccess: { ec2SshKey: 'ops' },
    },
  },
  requestID: '0a4c6e8b-2d1f-4a47-b1e5-8a0c2e4a6d95',
  eventID: '3a7e9c1b-5d2f-4b58-82ca-6f8b0d2f4c06',
});

/** `aws ecr set-repository-policy` granting pulls to everyone. */
export const SET_REPOSITORY_POLICY_PUBLIC = managementCall('ecr.amazonaws.com', 'SetRepositoryPolicy', {
  eventTime: '2025-05-12T12:03:48Z',
  userAgent: CLI('ecr.set-repository-policy'),
  requestParameters: {
    repositoryName: 'payments-api',
    policyText:
      '{"Version":"2012-10-17","Statement":[{"Sid":"AllowPull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"]}]}',
    force: false,
  },
  responseElements: {
    registryId: '111122223333',
    repositoryName: 'payments-api',
    policyText:
      '{\n  "Version" : "2012-10-17",\n  "Statement" : [ {\n    "Sid" : "AllowPull",\n    "Effect" : "Allow",\n    "Principal" : "*",\n    "Action" : [ "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability" ]\n  } ]\n}',
  },
  requestID: '2c6e8a0d-4f1b-4c69-93d7-0c2e4a6c8f17',
  eventID: '5c9a1e3d-7f2b-4d70-a4ec-8b0d2f4b6e28',
});

/** `aws guardduty update-detector --no-enable`. */
export const UPDATE_DETECTOR_DISABLE = managementCall('guardduty.amazonaws.com', 'UpdateDetector', {
  eventTime: '2025-05-12T12:15:02Z',
  userAgent: CLI('guardduty.update-detector'),
  requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false },
  responseElements: null,
  requestID: '4e8a0c2f-6b1d-4e81-a5f9-2e4a6c8e0b39',
  eventID: '7e1c3a5f-9d2b-4f92-b6ae-0d2f4b6d8a40',
});

/** `aws guardduty update-detector --features Name=EKS_AUDIT_LOGS,Status=DISABLED`. */
export const UPDATE_DETECTOR_FEATURES = managementCall('guardduty.amazonaws.com', 'UpdateDetector', {
  eventTime: '2025-05-12T12:16:40Z',
  userAgent: CLI('guardduty.update-detector'),
  requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', features: [{ name: 'EKS_AUDIT_LOGS', status: 'DISABLED' }] },
  responseElements: null,
  requestID: '6a0c2e4d-8f1b-4a03-b7c1-4a6c8e0a2d51',
  eventID: '9a3e5c7b-1f2d-4b14-88c0-2f4b6d8f0c62',
});

/** `aws cloudtrail stop-logging --name <trail ARN>`. */
export const STOP_LOGGING = managementCall('cloudtrail.amazonaws.com', 'StopLogging', {
  eventTime: '2025-05-12T12:30:27Z',
  userAgent: CLI('cloudtrail.stop-logging'),
  requestParameters: { name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-management' },
  responseElements: null,
  requestID: '8c2e4a6f-0d1b-4c25-a9e3-6c8e0a2c4f73',
  eventID: '1c5a7e9d-3b2f-4d36-aae2-4b6d8f0b2e84',
});

/** `aws cloudtrail put-event-selectors` keeping data events only: management events stop being logged. */
export const PUT_EVENT_SELECTORS_NO_MANAGEMENT = managementCall('cloudtrail.amazonaws.com', 'PutEventSelectors', {
  eventTime: '2025-05-12T12:33:51Z',
  userAgent: CLI('cloudtrail.put-event-selectors'),
  requestParameters: {
    trailName: 'org-management',
    eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payments-exports/'] }], excludeManagementEventSources: [] }],
  },
  responseElements: {
    trailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-management',
    eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payments-exports/'] }], excludeManagementEventSources: [] }],
  },
  requestID: '0e4a6c8b-2f1d-4e47-b3f5-8e0a2c4e6b95',
  eventID: '3e7c9a1f-5d2b-4f58-8c04-6d8f0b2d4a06',
});

/** `aws cloudtrail update-trail --no-is-multi-region-trail`. */
export const UPDATE_TRAIL_SINGLE_REGION = managementCall('cloudtrail.amazonaws.com', 'UpdateTrail', {
  eventTime: '2025-05-12T12:36:14Z',
  userAgent: CLI('cloudtrail.update-trail'),
  requestParameters: { name: 'org-management', isMultiRegionTrail: false },
  responseElements: {
    name: 'org-management',
    s3BucketName: 'org-cloudtrail-111122223333',
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: false,
    trailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-management',
    logFileValidationEnabled: true,
    isOrganizationTrail: false,
  },
  requestID: '2a6c8e0b-4d1f-4a69-95b7-0a2c4e6a8d17',
  eventID: '5a9e1c3d-7b2f-4d70-a6e4-8f0b2d4f6c28',
});
