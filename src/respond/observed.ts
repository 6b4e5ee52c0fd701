/**
 * What the least-privilege and NetworkPolicy generators learn from logs, in their own terms:
 * the CLI reads Kubernetes audit events and CloudTrail records (detect/events) and hands these
 * on, so respond/ depends on no log format.
 */

/** One request a Kubernetes user made, from an audit event at stage ResponseComplete. */
export interface ObservedApiRequest {
  /** `system:serviceaccount:shop:api`, an IAM-mapped user, … (the impersonated user when there was one). */
  user: string;
  groups: string[];
  /** Audit verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb: string;
  /** '' for the core group. */
  apiGroup: string;
  /** Plural resource (`pods`); empty for non-resource URLs. */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** For non-resource requests (`/healthz`, `/version`). */
  nonResourceURL?: string;
  /** HTTP status the API server answered (403 means the request was denied). */
  code?: number;
  /** RFC 3339. */
  time: string;
  /** File and line (or record index) it came from, for evidence. */
  source?: string;
}

/** One AWS API call a principal made, from a CloudTrail record. */
export interface ObservedAwsCall {
  /** The role ARN the call ran as (`arn:aws:iam::111122223333:role/shop-api`), from the session issuer. */
  roleArn?: string;
  /** The caller's ARN as CloudTrail gives it (assumed-role session ARN, user ARN). */
  principalArn: string;
  /** `s3.amazonaws.com`. */
  eventSource: string;
  /** `GetObject`. */
  eventName: string;
  awsRegion: string;
  accountId?: string;
  /** ARNs CloudTrail names in `resources[]`. */
  resources: string[];
  /** As CloudTrail records it (may be null or absent); used to derive resource ARNs. */
  requestParameters?: Record<string, unknown>;
  /**
   * Set on a call that started a session of a role (sts AssumeRole*, eks-auth
   * AssumeRoleForPodIdentity): the role, and the identity the session is for when the record
   * names it (for IRSA and Pod Identity the service account, `system:serviceaccount:ns:name`).
   */
  session?: { roleArn: string; subject?: string };
  /** Set when the call was denied (AccessDenied, UnauthorizedOperation, …). */
  errorCode?: string;
  /** RFC 3339. */
  time: string;
  source?: string;
}
