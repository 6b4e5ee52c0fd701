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
    expect(proposal.calls).toEqual({ total: 7, allowed: 5, denied: 1, noPermission: 1, sessions: 1, outsideWindow: 0 });
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

describe('CloudTrail event names to IAM actions', () => {
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
