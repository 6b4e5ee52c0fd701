/**
 * The resources an AWS call acted on, as ARNs for a policy's Resource element: those CloudTrail
 * names in `resources[]`, else derived from well-known request parameters in the record's
 * region and account. Undefined when the record does not tell (the proposal then says `*`).
 */
import { parseArn } from '../../analysis/identity/iam-arn.js';
import type { ObservedAwsCall } from '../observed.js';

export interface CallContext {
  partition: string;
  /** The account the call ran in (the record's, else the role's). */
  account: string;
  region: string;
}

function param(call: ObservedAwsCall, key: string): string | undefined {
  const value = call.requestParameters?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function params(call: ObservedAwsCall, key: string): string[] {
  const value = call.requestParameters?.[key];
  if (typeof value === 'string' && value !== '') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

/**
 * Object keys may hold `*`, `?` and `$`, which a policy's Resource reads as wildcards and
 * variables: written as the policy variables `${*}`, `${?}` and `${$}` they match themselves.
 */
export function literalArnText(text: string): string {
  return text.replace(/[$*?]/g, (char) => `\${${char}}`);
}

/** `arn:aws:s3:::bucket/key` with the key made literal. */
function s3ObjectArn(arn: string): string {
  const slash = arn.indexOf('/', arn.indexOf(':::') + 3);
  return slash < 0 ? arn : `${arn.slice(0, slash + 1)}${literalArnText(arn.slice(slash + 1))}`;
}

/** S3 actions on objects take an object ARN (`bucket/key`); the others a bucket ARN, and ListAllMyBuckets none. */
function isS3ObjectAction(name: string): boolean {
  return (/Object/.test(name) && !name.startsWith('GetBucket') && !name.startsWith('PutBucket')) || name === 'AbortMultipartUpload' || name === 'ListMultipartUploadParts';
}

function s3Resources(call: ObservedAwsCall, actionName: string, ctx: CallContext, copySource: boolean): string[] | undefined {
  if (actionName === 'ListAllMyBuckets') return ['*'];
  if (copySource) {
    // The object a copy reads: `x-amz-copy-source` is `bucket/key`, URL-encoded, maybe with `?versionId=`.
    const source = param(call, 'x-amz-copy-source');
    if (!source) return undefined;
    let path = source.replace(/^\//, '').split('?')[0] ?? '';
    try {
      path = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    return path.includes('/') ? [s3ObjectArn(`arn:${ctx.partition}:s3:::${path}`)] : undefined;
  }
  const object = isS3ObjectAction(actionName);
  const named = call.resources.filter((arn) => parseArn(arn)?.service === 's3' && arn.slice(arn.indexOf(':::') + 3).includes('/') === object);
  if (named.length > 0) return named.map(s3ObjectArn);
  const bucket = param(call, 'bucketName');
  if (!bucket) return undefined;
  if (!object) return [`arn:${ctx.partition}:s3:::${bucket}`];
  const key = param(call, 'key');
  return key ? [s3ObjectArn(`arn:${ctx.partition}:s3:::${bucket}/${key}`)] : undefined;
}

/** `https://sqs.eu-west-1.amazonaws.com/111122223333/orders` → the queue's ARN. */
function queueArn(url: string, ctx: CallContext): string | undefined {
  const match = /^https?:\/\/[^/]+\/(\d{12})\/([^/?]+)/.exec(url);
  return match ? `arn:${ctx.partition}:sqs:${ctx.region}:${match[1]}:${match[2]}` : undefined;
}

/**
 * Resource ARNs for one action of a call. `prefix` and `actionName` are the IAM action's
 * halves (`s3`, `GetObject`); `copySource` asks for the object an S3 copy read.
 */
export function resourcesOf(call: ObservedAwsCall, prefix: string, actionName: string, ctx: CallContext, copySource = false): string[] | undefined {
  const { partition: p, account: a, region: r } = ctx;
  if (prefix === 's3') return s3Resources(call, actionName, ctx, copySource);
  const named = call.resources.filter((arn) => parseArn(arn)?.service === prefix);
  // ReEncrypt names the source key, then the destination key.
  if (prefix === 'kms' && named.length === 2 && (actionName === 'ReEncryptFrom' || actionName === 'ReEncryptTo')) {
    return [named[actionName === 'ReEncryptFrom' ? 0 : 1] ?? ''];
  }
  const index = prefix === 'dynamodb' ? param(call, 'indexName') : undefined;
  if (named.length > 0 && !index) return [...new Set(named)];
  switch (prefix) {
    case 'dynamodb': {
      // A table may be named by its ARN (cross-account access); a Query or Scan of an index is
      // authorised on the index's ARN, which a grant on the table alone does not cover.
      const table = param(call, 'tableName');
      const tableArn = table?.startsWith('arn:') ? table : (named[0] ?? (table ? `arn:${p}:dynamodb:${r}:${a}:table/${table}` : undefined));
      if (!tableArn) return undefined;
      return [index ? `${tableArn}/index/${index}` : tableArn];
    }
    case 'sqs': {
      const url = param(call, 'queueUrl');
      const arn = url ? queueArn(url, ctx) : undefined;
      return arn ? [arn] : undefined;
    }
    case 'secretsmanager': {
      const id = param(call, 'secretId');
      if (!id) return undefined;
      // Secrets Manager ends every secret ARN with a hyphen and six random characters.
      return [id.startsWith('arn:') ? id : `arn:${p}:secretsmanager:${r}:${a}:secret:${id}-??????`];
    }
    case 'lambda': {
      const name = param(call, 'functionName');
      if (!name) return undefined;
      if (name.startsWith('arn:')) return [name];
      // A partial ARN (`111122223333:function:resize`) carries its own account.
      const partial = /^(\d{12}):function:(.+)$/.exec(name);
      return [partial ? `arn:${p}:lambda:${r}:${partial[1]}:function:${partial[2]}` : `arn:${p}:lambda:${r}:${a}:function:${name}`];
    }
    case 'sts': {
      const role = param(call, 'roleArn');
      return role ? [role] : undefined;
    }
    case 'sns': {
      const topic = param(call, 'topicArn');
      return topic ? [topic] : undefined;
    }
    case 'kms': {
      const key = param(call, 'keyId');
      return key && /^arn:[^:]+:kms:[^:]*:\d{12}:key\//.test(key) ? [key] : undefined;
    }
    case 'ssm': {
      const names = [...params(call, 'name'), ...params(call, 'names')];
      if (names.length === 0 || !/^(GetParameter|GetParameters|PutParameter|DeleteParameter|GetParameterHistory)$/.test(actionName)) return undefined;
      return names.map((name) => (name.startsWith('arn:') ? name : `arn:${p}:ssm:${r}:${a}:parameter/${name.replace(/^\//, '')}`));
    }
    default:
      return undefined;
  }
}
