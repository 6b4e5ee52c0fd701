import { describe, expect, it } from 'vitest';
import type { ObservedAwsCall } from '../observed.js';
import { iamActionsFor, isDataEventAction, servicePrefix } from './iam-actions.js';
import { proposeIam } from './iam-proposal.js';
import { iamPolicyJson, iamSummary } from './iam-render.js';
import { fixtureCalls } from './test-support/read-fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/workloads/prod-payments-api';
const BUCKET = 'arn:aws:s3:::acme-prod-payments-statements';

describe('iam least-privilege proposal from the fixture CloudTrail files', () => {
  it('reads the records, the IRSA session and the record without eventName', async () => {
    const { calls, stats } = await fixtureCalls();
    expect(stats.issues.map((issue) => issue.message)).toEqual(['Records[7]: CloudTrail record: eventName: missing']);
    expect(calls).toHaveLength(9);
    const session = calls.find((call) => call.eventName === 'AssumeRoleWithWebIdentity');
    expect(session?.session).toEqual({ roleArn: ROLE, subject: 'system:serviceaccount:payments:payments-api' });
    expect(session?.roleArn).toBeUndefined();
  });

  it('proposes the actions used on the resources the records name', async () => {
    const { calls } = await fixtureCalls();
    const proposal = proposeIam(calls, ROLE);
    expect(proposal.calls).toEqual({ total: 7, allowed: 5, denied: 1, noPermission: 1, sessions: 1, outsideWindow: 0, malformed: 0 });
    expect(JSON.parse(iamPolicyJson(proposal))).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DynamodbPutItem', Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'] },
        { Sid: 'KmsDecrypt', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['arn:aws:kms:eu-west-1:111122223333:key/9abc0def-90ab-12cd-34ef-9abc01234567'] },
        { Sid: 'S3GetObject', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${BUCKET}/statements/2025/05/acct-1001.pdf`, `${BUCKET}/statements/2025/05/acct-1002.pdf`] },
        // ListObjects is authorised by s3:ListBucket, on the bucket.
        { Sid: 'S3ListBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [BUCKET] },
      ],
    });
    expect(proposal.sessions).toEqual([
      { eventName: 'AssumeRoleWithWebIdentity', subject: 'system:serviceaccount:payments:payments-api', count: 1, first: '2025-05-12T10:00:02Z', last: '2025-05-12T10:00:02Z' },
    ]);
    expect(proposal.denied).toEqual([
      {
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'GetSecretValue',
        actions: ['secretsmanager:GetSecretValue'],
        errorCode: 'AccessDenied',
        count: 1,
        first: '2025-05-12T10:04:30Z',
        last: '2025-05-12T10:04:30Z',
        resources: ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/stripe-??????'],
      },
    ]);
    expect(proposal.notes).toContain('sts:GetCallerIdentity needs no permission');
    expect(iamSummary(proposal)).toContain('CloudTrail records data events');
  });

  it('finds the role without its path, and keeps to the window', async () => {
    const { calls } = await fixtureCalls();
    const proposal = proposeIam(calls, 'arn:aws:iam::111122223333:role/prod-payments-api', { window: { until: new Date('2025-05-12T12:00:00Z') } });
    expect(proposal.calls.outsideWindow).toBe(1);
    expect(proposal.actions.map((use) => use.action)).toEqual(['dynamodb:PutItem', 'kms:Decrypt', 's3:GetObject']);
    expect(proposeIam(calls, 'arn:aws:iam::111122223333:role/Admin').actions.map((use) => use.action)).toEqual(['eks:DescribeCluster']);
  });

  it('says * where a record names no resource, and folds many objects into a prefix', () => {
    const base = { principalArn: 'arn:aws:sts::111122223333:assumed-role/app/s', roleArn: 'arn:aws:iam::111122223333:role/app', awsRegion: 'eu-west-1', accountId: '111122223333', time: '2025-05-12T10:00:00Z' };
    const calls: ObservedAwsCall[] = [
      { ...base, eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', resources: [] },
      ...['a', 'b', 'c'].map((key): ObservedAwsCall => ({ ...base, eventSource: 's3.amazonaws.com', eventName: 'PutObject', resources: [], requestParameters: { bucketName: 'logs', key: `app/2025/${key}.gz` } })),
      { ...base, eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', resources: [], requestParameters: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders' } },
      { ...base, eventSource: 'lambda.amazonaws.com', eventName: 'GetFunction20150331v2', resources: [], requestParameters: { functionName: 'resize' } },
      { ...base, eventSource: 'monitoring.amazonaws.com', eventName: 'PutMetricAlarm', resources: [] },
    ];
    const proposal = proposeIam(calls, 'arn:aws:iam::111122223333:role/app', { maxObjects: 2 });
    expect(proposal.policy.Statement).toEqual([
      { Sid: 'CloudwatchPutMetricAlarm', Effect: 'Allow', Action: ['cloudwatch:PutMetricAlarm'], Resource: ['*'] },
      { Sid: 'Ec2DescribeInstances', Effect: 'Allow', Action: ['ec2:DescribeInstances'], Resource: ['*'] },
      { Sid: 'LambdaGetFunction', Effect: 'Allow', Action: ['lambda:GetFunction'], Resource: ['arn:aws:lambda:eu-west-1:111122223333:function:resize'] },
      { Sid: 'S3PutObject', Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::logs/app/2025/*'] },
      { Sid: 'SqsSendMessage', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:eu-west-1:111122223333:orders'] },
    ]);
    expect(proposal.notes).toContain('3 objects of arn:aws:s3:::logs were used: proposed as arn:aws:s3:::logs/app/2025/*');
    expect(proposal.notes.some((note) => note.startsWith('ec2:DescribeInstances: Resource "*" because 1 call(s) named no resource'))).toBe(true);
  });
});

describe('hostile and unusual records', () => {
  const base = { principalArn: 'arn:aws:sts::111122223333:assumed-role/app/s', roleArn: 'arn:aws:iam::111122223333:role/app', awsRegion: 'eu-west-1', accountId: '111122223333', time: '2025-05-12T10:00:00Z' };

  it('leaves out a record whose event name is no operation, rather than grant s3:*', () => {
    const calls: ObservedAwsCall[] = [
      { ...base, eventSource: 's3.amazonaws.com', eventName: '*', resources: [], requestParameters: { bucketName: 'logs' }, source: 'f.json:3' },
      { ...base, eventSource: 'kms.amazonaws.com', eventName: 'Decrypt\u001b[2J', resources: [], source: 'f.json:4' },
      { ...base, eventSource: 's3.amazonaws.com', eventName: 'GetObject', resources: [], requestParameters: { bucketName: 'logs', key: 'a.gz' } },
    ];
    const proposal = proposeIam(calls, base.roleArn);
    expect(proposal.actions.map((use) => use.action)).toEqual(['s3:GetObject']);
    expect(proposal.calls).toMatchObject({ total: 1, allowed: 1, malformed: 2 });
    expect(proposal.notes[0]).toMatch(/^2 record\(s\) as the role name no AWS operation .*: f\.json:3, f\.json:4$/);
  });

  it('writes wildcard characters of an object key as policy variables that match themselves', () => {
    const call: ObservedAwsCall = {
      ...base,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      resources: ['arn:aws:s3:::logs/reports/*', 'arn:aws:s3:::logs'],
      requestParameters: { bucketName: 'logs', key: 'reports/*' },
    };
    expect(proposeIam([call], base.roleArn).policy.Statement[0]?.Resource).toEqual(['arn:aws:s3:::logs/reports/${*}']);
    const derived = proposeIam([{ ...call, resources: [], requestParameters: { bucketName: 'logs', key: 'a?b$c' } }], base.roleArn);
    expect(derived.policy.Statement[0]?.Resource).toEqual(['arn:aws:s3:::logs/a${?}b${$}c']);
  });

  it('grants a Query of an index on the index, a table named by ARN as is, a partial Lambda ARN in its account', () => {
    const calls: ObservedAwsCall[] = [
      { ...base, eventSource: 'dynamodb.amazonaws.com', eventName: 'Query', resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'], requestParameters: { tableName: 'orders', indexName: 'by-customer' } },
      { ...base, eventSource: 'dynamodb.amazonaws.com', eventName: 'GetItem', resources: [], requestParameters: { tableName: 'arn:aws:dynamodb:eu-west-1:444455556666:table/prices' } },
      { ...base, eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', resources: [], requestParameters: { functionName: '444455556666:function:resize' } },
    ];
    expect(proposeIam(calls, base.roleArn).policy.Statement.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [['dynamodb:GetItem'], ['arn:aws:dynamodb:eu-west-1:444455556666:table/prices']],
      [['dynamodb:Query'], ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/by-customer']],
      [['lambda:InvokeFunction'], ['arn:aws:lambda:eu-west-1:444455556666:function:resize']],
    ]);
  });

  it('gives ReEncrypt its source key to ReEncryptFrom and its destination key to ReEncryptTo', () => {
    const source = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const destination = 'arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';
    const proposal = proposeIam([{ ...base, eventSource: 'kms.amazonaws.com', eventName: 'ReEncrypt', resources: [source, destination] }], base.roleArn);
    expect(proposal.policy.Statement.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [['kms:ReEncryptFrom'], [source]],
      [['kms:ReEncryptTo'], [destination]],
    ]);
  });

  it('never matches the same role name in another account or partition', () => {
    const call: ObservedAwsCall = { ...base, roleArn: 'arn:aws:iam::444455556666:role/team/app', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', resources: [] };
    expect(proposeIam([call], 'arn:aws:iam::111122223333:role/app').calls.total).toBe(0);
    expect(proposeIam([call], 'arn:aws:iam::444455556666:role/app').calls.total).toBe(1);
    expect(proposeIam([{ ...call, roleArn: 'arn:aws-cn:iam::444455556666:role/app' }], 'arn:aws:iam::444455556666:role/app').calls.total).toBe(0);
    const bySession: ObservedAwsCall = { principalArn: 'arn:aws:sts::444455556666:assumed-role/app/s', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', awsRegion: 'eu-west-1', resources: [], time: base.time };
    expect(proposeIam([bySession], 'arn:aws:iam::111122223333:role/app').calls.total).toBe(0);
  });
});

describe('CloudTrail event names to IAM actions', () => {
  it('maps the operations authorised by actions of other names', () => {
    expect(servicePrefix('tagging.amazonaws.com')).toBe('tag');
    expect(iamActionsFor('sqs.amazonaws.com', 'SendMessageBatch').actions).toEqual(['sqs:SendMessage']);
    expect(iamActionsFor('sqs.amazonaws.com', 'DeleteMessageBatch').actions).toEqual(['sqs:DeleteMessage']);
    expect(iamActionsFor('sqs.amazonaws.com', 'ChangeMessageVisibilityBatch').actions).toEqual(['sqs:ChangeMessageVisibility']);
    expect(iamActionsFor('sns.amazonaws.com', 'PublishBatch').actions).toEqual(['sns:Publish']);
    expect(iamActionsFor('kms.amazonaws.com', 'ReEncrypt').actions).toEqual(['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
    expect(iamActionsFor('dynamodb.amazonaws.com', 'TransactGetItems').actions).toEqual(['dynamodb:GetItem']);
    expect(iamActionsFor('dynamodb.amazonaws.com', 'TransactWriteItems', { transactItems: [{ put: { tableName: 'orders' } }, { conditionCheck: { tableName: 'stock' } }] }).actions).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:PutItem',
    ]);
    expect(iamActionsFor('dynamodb.amazonaws.com', 'TransactWriteItems').actions).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('maps the documented exceptions', () => {
    expect(servicePrefix('monitoring.amazonaws.com')).toBe('cloudwatch');
    expect(servicePrefix('email.amazonaws.com')).toBe('ses');
    expect(iamActionsFor('s3.amazonaws.com', 'HeadObject').actions).toEqual(['s3:GetObject']);
    expect(iamActionsFor('s3.amazonaws.com', 'HeadBucket').actions).toEqual(['s3:ListBucket']);
    expect(iamActionsFor('s3.amazonaws.com', 'CopyObject').actions).toEqual(['s3:PutObject', 's3:GetObject']);
    expect(iamActionsFor('s3.amazonaws.com', 'GetBucketEncryption').actions).toEqual(['s3:GetEncryptionConfiguration']);
    expect(iamActionsFor('s3.amazonaws.com', 'GetObject')).toEqual({ actions: ['s3:GetObject'] });
    expect(iamActionsFor('lambda.amazonaws.com', 'Invoke').actions).toEqual(['lambda:InvokeFunction']);
    expect(iamActionsFor('kms.amazonaws.com', 'Decrypt')).toEqual({ actions: ['kms:Decrypt'] });
    expect(iamActionsFor('sts.amazonaws.com', 'GetCallerIdentity').actions).toEqual([]);
    expect(iamActionsFor('sts.amazonaws.com', 'AssumeRole').actions).toEqual(['sts:AssumeRole']);
  });

  it('knows which actions CloudTrail logs only as data events', () => {
    expect(isDataEventAction('s3:GetObject')).toBe(true);
    expect(isDataEventAction('s3:*')).toBe(true);
    expect(isDataEventAction('s3:ListAllMyBuckets')).toBe(false);
    expect(isDataEventAction('dynamodb:PutItem')).toBe(true);
    expect(isDataEventAction('dynamodb:CreateTable')).toBe(false);
    expect(isDataEventAction('kms:Decrypt')).toBe(false);
  });
});
