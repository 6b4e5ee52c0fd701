/**
 * The IAM action a CloudTrail record stands for. Mostly `<service prefix>:<eventName>`, where
 * the prefix is the eventSource's first label; the exceptions below are those the AWS Service
 * Authorization Reference and the Amazon S3 "required permissions for API operations" page
 * document: service prefixes that differ from the endpoint name, S3, SQS, SNS, KMS and DynamoDB
 * operations authorised by actions of other names, Lambda's versioned event names, and STS calls
 * that need no permission.
 */

/** eventSource host label → IAM service prefix, where they differ. */
const PREFIX_OF_SOURCE: Record<string, string> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  // The Resource Groups Tagging API answers at tagging.<region>.amazonaws.com; its actions are `tag:`.
  tagging: 'tag',
};

/**
 * API operations authorised by actions of other names, outside S3 and Lambda: SQS and SNS batch
 * calls by their single-message actions, KMS ReEncrypt by ReEncryptFrom (source key) and
 * ReEncryptTo (destination key), DynamoDB TransactGetItems by GetItem on each table.
 */
const AUTHORISED_BY: Record<string, string[]> = {
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
  'sqs:DeleteMessageBatch': ['sqs:DeleteMessage'],
  'sqs:ChangeMessageVisibilityBatch': ['sqs:ChangeMessageVisibility'],
  'sns:PublishBatch': ['sns:Publish'],
  'kms:ReEncrypt': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  'dynamodb:TransactGetItems': ['dynamodb:GetItem'],
};

/** TransactWriteItems members (as the request names them) → the item action each needs. */
const TRANSACT_WRITE: Record<string, string> = {
  put: 'dynamodb:PutItem',
  update: 'dynamodb:UpdateItem',
  delete: 'dynamodb:DeleteItem',
  conditioncheck: 'dynamodb:ConditionCheckItem',
};

/**
 * Whether CloudTrail text can name an IAM action: AWS operation names and endpoint hosts use
 * letters, digits and a few separators. Anything else (`*`, `?`, `:`, spaces, control
 * characters) comes from a damaged or forged record and would widen or break a policy.
 */
export function isCallName(eventSource: string, eventName: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{0,127}$/i.test(eventSource) && /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(eventName);
}

/** S3 API operation (CloudTrail eventName) → the IAM action that authorises it, where not the same name. */
const S3_ACTION: Record<string, string> = {
  HeadObject: 'GetObject',
  SelectObjectContent: 'GetObject',
  HeadBucket: 'ListBucket',
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  ListMultipartUploads: 'ListBucketMultipartUploads',
  ListParts: 'ListMultipartUploadParts',
  ListBuckets: 'ListAllMyBuckets',
  CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  UploadPartCopy: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  CopyObject: 'PutObject',
  DeleteObjects: 'DeleteObject',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  DeleteBucketEncryption: 'PutEncryptionConfiguration',
  GetBucketLifecycle: 'GetLifecycleConfiguration',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycle: 'PutLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  DeleteBucketLifecycle: 'PutLifecycleConfiguration',
  GetBucketCors: 'GetBucketCORS',
  PutBucketCors: 'PutBucketCORS',
  DeleteBucketCors: 'PutBucketCORS',
  GetBucketReplication: 'GetReplicationConfiguration',
  PutBucketReplication: 'PutReplicationConfiguration',
  DeleteBucketReplication: 'PutReplicationConfiguration',
  GetBucketNotificationConfiguration: 'GetBucketNotification',
  PutBucketNotificationConfiguration: 'PutBucketNotification',
  DeleteBucketTagging: 'PutBucketTagging',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
  GetBucketAnalyticsConfiguration: 'GetAnalyticsConfiguration',
  GetBucketInventoryConfiguration: 'GetInventoryConfiguration',
  GetBucketMetricsConfiguration: 'GetMetricsConfiguration',
  GetBucketAccelerateConfiguration: 'GetAccelerateConfiguration',
  GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
  PutObjectLockConfiguration: 'PutBucketObjectLockConfiguration',
};

/** Operations a CopyObject/UploadPartCopy also needs on its source object, as the S3 guide lists them. */
const S3_ALSO: Record<string, string[]> = {
  CopyObject: ['GetObject'],
  UploadPartCopy: ['GetObject'],
};

/** Calls that need no IAM permission at all (STS answers GetCallerIdentity even under an explicit Deny). */
const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

export interface ActionMapping {
  /** IAM actions the call needed; empty when it needs none. */
  actions: string[];
  /** Why the mapping is not `<prefix>:<eventName>`, for the proposal's notes. */
  note?: string;
}

/** `s3.amazonaws.com` → `s3`; `monitoring.amazonaws.com` → `cloudwatch`. */
export function servicePrefix(eventSource: string): string {
  const label = eventSource.toLowerCase().replace(/\.amazonaws\.com(\.cn)?$/, '').split('.')[0] ?? '';
  return PREFIX_OF_SOURCE[label] ?? label;
}

/** The item actions a TransactWriteItems call needed, from its request; all four when the record does not say. */
function transactWriteActions(requestParameters: Record<string, unknown> | undefined): ActionMapping {
  const items: unknown = requestParameters?.transactItems;
  const found = new Set<string>();
  if (Array.isArray(items)) {
    for (const item of items as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      for (const key of Object.keys(item)) {
        const action = TRANSACT_WRITE[key.toLowerCase()];
        if (action) found.add(action);
      }
    }
  }
  if (found.size > 0) return { actions: [...found].sort(), note: 'DynamoDB TransactWriteItems is authorised by the item action of each member' };
  return {
    actions: Object.values(TRANSACT_WRITE).sort(),
    note: 'DynamoDB TransactWriteItems is authorised by the item action of each member; a record that does not list them gets all four',
  };
}

export function iamActionsFor(eventSource: string, eventName: string, requestParameters?: Record<string, unknown>): ActionMapping {
  const prefix = servicePrefix(eventSource);
  if (prefix === 's3') {
    const action = S3_ACTION[eventName];
    const also = (S3_ALSO[eventName] ?? []).map((name) => `s3:${name}`);
    if (!action) return { actions: [`s3:${eventName}`] };
    return { actions: [`s3:${action}`, ...also], note: `S3 ${eventName} is authorised by s3:${action}${also.length > 0 ? ` (and ${also.join(', ')} on the source)` : ''}` };
  }
  if (prefix === 'lambda') {
    // Lambda records management calls with its API version in the name (GetFunction20150331v2).
    const bare = eventName.replace(/\d{8}(v\d+)?$/, '');
    if (bare === 'Invoke') return { actions: ['lambda:InvokeFunction'], note: 'Lambda Invoke is authorised by lambda:InvokeFunction' };
    return bare === eventName ? { actions: [`lambda:${bare}`] } : { actions: [`lambda:${bare}`], note: `Lambda ${eventName} is the API ${bare}` };
  }
  const action = `${prefix}:${eventName}`;
  if (NO_PERMISSION.has(action)) return { actions: [], note: `${action} needs no permission` };
  if (action === 'dynamodb:TransactWriteItems') return transactWriteActions(requestParameters);
  const by = AUTHORISED_BY[action];
  if (by) return { actions: by, note: `${action} is authorised by ${by.join(' and ')}` };
  return { actions: [action] };
}

/**
 * Actions CloudTrail logs only as data events, which a trail records only when data event
 * selectors ask for them: an action of these that looks unused may be in use.
 */
export function isDataEventAction(action: string): boolean {
  const [prefix = '', name = ''] = action.split(':');
  const lower = prefix.toLowerCase();
  // A wildcard such as `s3:*` or `s3:Get*` covers the data actions of its service too.
  if (name.includes('*') || name.includes('?')) return ['s3', 'lambda', 'dynamodb', 'sqs', 'sns'].includes(lower);
  switch (lower) {
    case 's3':
      return /Object|MultipartUpload/.test(name) && !/^(Get|Put)BucketObjectLock/.test(name);
    case 'lambda':
      return name === 'InvokeFunction' || name === 'InvokeFunctionUrl';
    case 'dynamodb':
      return /^(GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem|ConditionCheckItem|PartiQL\w+)$/.test(name);
    case 'sqs':
      return /^(SendMessage|ReceiveMessage|DeleteMessage|ChangeMessageVisibility)$/.test(name);
    case 'sns':
      return name === 'Publish';
    default:
      return false;
  }
}
