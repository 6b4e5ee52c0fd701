export { collectAws, type CollectAwsOptions, type CollectAwsResult } from './collect-aws.js';
export { AWS_OPERATIONS, type AwsOperationId, type AwsService } from './operations.js';
export type { AwsProgressEvent } from './session.js';
export type { RetryOptions } from './retry.js';
export type { AwsCredentials } from './clients.js';
