/**
 * One CloudTrail record, as in the `Records` array of a CloudTrail log file, in an EventBridge
 * `detail`, or as a CloudWatch Logs message. Field names as in the CloudTrail record contents
 * reference. Unknown fields are kept on the object at runtime and ignored here.
 */

export interface CloudTrailSessionIssuer {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
}

export interface CloudTrailWebIdFederationData {
  federatedProvider?: string;
  attributes?: Record<string, string>;
}

export interface CloudTrailSessionContext {
  sessionIssuer?: CloudTrailSessionIssuer;
  webIdFederationData?: CloudTrailWebIdFederationData;
  attributes?: { creationDate?: string; mfaAuthenticated?: string };
  sourceIdentity?: string;
  ec2RoleDelivery?: string;
  assumedRoot?: string;
}

export interface CloudTrailUserIdentity {
  /** Root, IAMUser, AssumedRole, Role, FederatedUser, Directory, AWSAccount, AWSService, IdentityCenterUser, Unknown, SAMLUser, WebIdentityUser. */
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  credentialId?: string;
  identityProvider?: string;
  sessionContext?: CloudTrailSessionContext;
  /** Seen on some records outside `sessionContext`; CloudTrail documents it inside it. */
  webIdFederationData?: CloudTrailWebIdFederationData;
}

export interface CloudTrailResource {
  ARN?: string;
  accountId?: string;
  type?: string;
}

export interface CloudTrailRecord {
  eventVersion?: string;
  userIdentity?: CloudTrailUserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID?: string;
  readOnly?: boolean;
  resources?: CloudTrailResource[];
  /** AwsApiCall, AwsServiceEvent, AwsConsoleAction, AwsConsoleSignIn, AwsCloudTrailInsight. */
  eventType?: string;
  apiVersion?: string;
  managementEvent?: boolean;
  recipientAccountId?: string;
  sharedEventID?: string;
  vpcEndpointId?: string;
  eventCategory?: string;
  sessionCredentialFromConsole?: string;
  tlsDetails?: { tlsVersion?: string; cipherSuite?: string; clientProvidedHostHeader?: string };
}

/** Whether a value looks like a CloudTrail record; not a validation. */
export function looksLikeCloudTrailRecord(value: Record<string, unknown>): boolean {
  return 'eventVersion' in value || ('eventSource' in value && 'eventName' in value);
}
