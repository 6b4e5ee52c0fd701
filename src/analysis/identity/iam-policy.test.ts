import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../model/index.js';
import { evaluateClause, normaliseConditions } from './iam-conditions.js';
import { actionMatches, arnMatches, globMatches } from './iam-match.js';
import {
  allowedActions,
  clausesOn,
  conditionPath,
  evaluatePolicies,
  isAllowed,
  statementsOf,
  trustStatements,
  undecidedKeysOf,
} from './iam-policy.js';

const ACCOUNT = '111122223333';

function allow(action: string | string[], resource: string | string[] = '*', extra: Record<string, unknown> = {}): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] };
}

describe('wildcard matching', () => {
  it('matches actions case-insensitively with * and ?', () => {
    expect(actionMatches('s3:Get*', 's3:GetObject')).toBe(true);
    expect(actionMatches('S3:GETOBJECT', 's3:getobject')).toBe(true);
    expect(actionMatches('iam:?assRole', 'iam:PassRole')).toBe(true);
    expect(actionMatches('iam:?assRole', 'iam:XXassRole')).toBe(false);
    expect(actionMatches('*', 'anything:AtAll')).toBe(true);
    expect(actionMatches('s3:*', 's3express:CreateSession')).toBe(false);
    expect(actionMatches('ec2:Describe*', 'ec2:RunInstances')).toBe(false);
  });

  it('matches resources case-sensitively', () => {
    expect(arnMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key')).toBe(false);
    expect(arnMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c')).toBe(true);
    expect(arnMatches('arn:aws:iam::111122223333:user/Bob', 'arn:aws:iam::111122223333:user/bob')).toBe(false);
  });

  it('keeps a wildcard inside its ARN segment unless it ends the segment', () => {
    expect(arnMatches('arn:aws:iam::*:role/admin', 'arn:aws:iam::111122223333:role/admin')).toBe(true);
    expect(arnMatches('arn:aws:iam::1*3:role/admin', 'arn:aws:iam::111122223333:role/admin')).toBe(true);
    expect(arnMatches('arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc')).toBe(true);
    expect(arnMatches('arn:aws:iam::*', 'arn:aws:iam::111122223333:role/x')).toBe(true);
    expect(arnMatches('arn:aws:ecr:eu-*-1:111122223333:repository/app', 'arn:aws:ecr:eu-west-1:111122223333:repository/app')).toBe(true);
    // a mid-segment wildcard does not swallow the colon that follows
    expect(arnMatches('arn:aws:sqs:us-*st-1:1:q', 'arn:aws:sqs:us-east-1:x:1:q')).toBe(false);
  });

  it('matches plain strings as whole-string globs', () => {
    expect(globMatches('system:serviceaccount:*', 'system:serviceaccount:a:b', false)).toBe(true);
    expect(globMatches('system:serviceaccount:shop:*', 'system:serviceaccount:ops:b', false)).toBe(false);
    expect(globMatches('a.b', 'aXb', false)).toBe(false);
  });
});

describe('statements', () => {
  it('reads Statement as one object or a list, with paths', () => {
    const single: PolicyDocument = { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } };
    expect(statementsOf(single).map((s) => s.path)).toEqual([['Statement']]);
    const list = allow(['s3:GetObject']);
    expect(statementsOf(list).map((s) => s.path)).toEqual([['Statement', 0]]);
    expect(statementsOf(undefined)).toEqual([]);
    expect(statementsOf({})).toEqual([]);
  });

  it('ignores statements without a valid Effect or without Resource in an identity policy', () => {
    expect(isAllowed([{ Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }], 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(false);
    expect(isAllowed([{ Statement: [{ Effect: 'Allow', Action: '*' }] }], 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(false);
  });
});

describe('Allow and Deny', () => {
  it('allows what a statement names and nothing else', () => {
    const docs = [allow('s3:GetObject', 'arn:aws:s3:::reports/*')];
    expect(isAllowed(docs, 's3:GetObject', 'arn:aws:s3:::reports/2024.csv')).toBe(true);
    expect(isAllowed(docs, 's3:GetObject', 'arn:aws:s3:::payroll/2024.csv')).toBe(false);
    expect(isAllowed(docs, 's3:PutObject', 'arn:aws:s3:::reports/2024.csv')).toBe(false);
  });

  it('lets an explicit Deny win over Allow across documents', () => {
    const docs = [allow('*'), { Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }];
    expect(evaluatePolicies(docs, { action: 'iam:CreateUser', resource: '*' }).verdict).toBe('denied');
    expect(isAllowed(docs, 'ec2:RunInstances', '*')).toBe(true);
  });

  it('reads NotAction with Allow as everything but the listed actions (PowerUserAccess)', () => {
    const powerUser: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles'], Resource: '*' },
      ],
    };
    expect(isAllowed([powerUser], 'ec2:RunInstances', '*')).toBe(true);
    expect(isAllowed([powerUser], 'IAM:AttachRolePolicy', 'arn:aws:iam::111122223333:role/x')).toBe(false);
    expect(isAllowed([powerUser], 'iam:ListRoles', '*')).toBe(true);
  });

  it('reads NotAction with Deny as denying everything but the listed actions', () => {
    const docs = [allow('*'), { Statement: [{ Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], Resource: '*' }] }];
    expect(isAllowed(docs, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(true);
    expect(isAllowed(docs, 's3:DeleteObject', 'arn:aws:s3:::b/k')).toBe(false);
    expect(isAllowed(docs, 'iam:PassRole', '*')).toBe(false);
  });

  it('reads NotResource', () => {
    const docs = [{ Statement: [{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }] }];
    expect(isAllowed(docs, 's3:GetObject', 'arn:aws:s3:::public/x')).toBe(true);
    expect(isAllowed(docs, 's3:GetObject', 'arn:aws:s3:::secret/x')).toBe(false);
  });

  it('lists allowed actions among candidates', () => {
    const docs = [allow(['ecr:Get*', 'ecr:BatchGetImage'])];
    const found = allowedActions(docs, ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:PutImage'], '*').map((a) => a.action);
    expect(found).toEqual(['ecr:GetAuthorizationToken', 'ecr:BatchGetImage']);
  });

  it('points matches at the labelled policy and statement', () => {
    const decision = evaluatePolicies(
      [{ document: allow('s3:*'), label: 'inline policy app', path: ['InlinePolicies', 1, 'Document'] }],
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
    );
    expect(decision.allows[0]?.path).toEqual(['InlinePolicies', 1, 'Document', 'Statement', 0]);
    expect(decision.allows[0]?.policy.label).toBe('inline policy app');
  });
});

describe('conditions', () => {
  const clause = (condition: Record<string, Record<string, unknown>>) => normaliseConditions(condition)[0]!;

  it('splits qualifiers and IfExists off the operator', () => {
    const [c] = normaliseConditions({ 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['team*'] } });
    expect(c).toMatchObject({ base: 'StringLike', qualifier: 'ForAnyValue', ifExists: true, key: 'aws:TagKeys', values: ['team*'] });
  });

  it('compares keys case-insensitively and values by operator', () => {
    const c = clause({ StringEquals: { 'AWS:SourceAccount': '111122223333' } });
    expect(evaluateClause(c, { values: { 'aws:sourceaccount': '111122223333' } }).result).toBe(true);
    expect(evaluateClause(c, { values: { 'aws:SourceAccount': '999999999999' } }).result).toBe(false);
    expect(evaluateClause(clause({ StringEqualsIgnoreCase: { k: 'ABC' } }), { values: { k: 'abc' } }).result).toBe(true);
    expect(evaluateClause(clause({ StringLike: { k: 'a*c' } }), { values: { k: 'abbc' } }).result).toBe(true);
    expect(evaluateClause(clause({ StringNotLike: { k: 'a*c' } }), { values: { k: 'abbc' } }).result).toBe(false);
    expect(evaluateClause(clause({ ArnLike: { 'aws:SourceArn': 'arn:aws:eks:*:111122223333:cluster/*' } }), {
      values: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:111122223333:cluster/prod' },
    }).result).toBe(true);
    expect(evaluateClause(clause({ ArnEquals: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:111122223333:cluster/prod' } }), {
      values: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:111122223333:cluster/test' },
    }).result).toBe(false);
    expect(evaluateClause(clause({ Bool: { 'aws:SecureTransport': 'true' } }), { values: { 'aws:SecureTransport': 'TRUE' } }).result).toBe(true);
  });

  it('is undecided on keys it knows nothing about and on unsupported operators', () => {
    expect(evaluateClause(clause({ StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }), {}).result).toBe('undecided');
    expect(evaluateClause(clause({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), { values: { 'aws:SourceIp': '10.1.2.3' } }).result).toBe('undecided');
  });

  it('treats missing keys as IAM does', () => {
    const absent = { absent: 'all-others' as const };
    expect(evaluateClause(clause({ StringEquals: { k: 'v' } }), absent).result).toBe(false);
    expect(evaluateClause(clause({ StringNotEquals: { k: 'v' } }), absent).result).toBe(true);
    expect(evaluateClause(clause({ StringEqualsIfExists: { k: 'v' } }), absent).result).toBe(true);
    expect(evaluateClause(clause({ 'ForAllValues:StringEquals': { k: 'v' } }), absent).result).toBe(true);
    expect(evaluateClause(clause({ 'ForAnyValue:StringEquals': { k: 'v' } }), absent).result).toBe(false);
    expect(evaluateClause(clause({ Null: { k: 'true' } }), absent).result).toBe(true);
    expect(evaluateClause(clause({ Null: { k: 'false' } }), absent).result).toBe(false);
    expect(evaluateClause(clause({ Null: { k: 'false' } }), { values: { k: 'x' } }).result).toBe(true);
    expect(evaluateClause(clause({ StringEquals: { 'aws:PrincipalTag/team': 'a' } }), { absent: ['aws:PrincipalTag/*'] }).result).toBe(false);
  });

  it('applies ForAnyValue and ForAllValues to multi-valued keys', () => {
    const context = { values: { 'aws:TagKeys': ['team', 'cost-center'] } };
    expect(evaluateClause(clause({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }), context).result).toBe(true);
    expect(evaluateClause(clause({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }), context).result).toBe(false);
    expect(evaluateClause(clause({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost-center', 'x'] } }), context).result).toBe(true);
    expect(evaluateClause(clause({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['owner'] } }), context).result).toBe(true);
    expect(evaluateClause(clause({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team'] } }), context).result).toBe(true);
  });

  it('resolves policy variables from the context, or leaves the clause undecided', () => {
    const c = clause({ StringEquals: { 's3:prefix': 'home/${aws:username}/' } });
    expect(evaluateClause(c, { values: { 's3:prefix': 'home/alice/', 'aws:username': 'alice' } }).result).toBe(true);
    expect(evaluateClause(c, { values: { 's3:prefix': 'home/alice/' } }).result).toBe('undecided');
    const withDefault = clause({ StringEquals: { k: "${aws:PrincipalTag/team, 'none'}" } });
    expect(evaluateClause(withDefault, { values: { k: 'none' }, absent: ['aws:PrincipalTag/*'] }).result).toBe(true);
  });

  it('makes a statement conditional when a condition is undecided, and names the key', () => {
    const docs = [allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } } })];
    const decision = evaluatePolicies(docs, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(decision.verdict).toBe('conditional');
    expect(undecidedKeysOf(decision)).toEqual(['aws:ResourceTag/team']);
  });

  it('evaluates conditions it can decide', () => {
    const docs = [allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })];
    expect(isAllowed(docs, 'iam:PassRole', 'arn:aws:iam::1:role/x', { values: { 'iam:PassedToService': 'ec2.amazonaws.com' } })).toBe(true);
    expect(evaluatePolicies(docs, { action: 'iam:PassRole', resource: 'x', context: { values: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }).verdict).toBe(
      'not-allowed',
    );
  });

  it('lets an undecided Deny make an Allow conditional', () => {
    const docs = [
      allow('*'),
      { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }] },
    ];
    expect(evaluatePolicies(docs, { action: 'ec2:RunInstances', resource: '*' }).verdict).toBe('conditional');
    expect(evaluatePolicies(docs, { action: 'ec2:RunInstances', resource: '*', context: { values: { 'aws:RequestedRegion': 'us-east-1' } } }).verdict).toBe(
      'denied',
    );
    expect(evaluatePolicies(docs, { action: 'ec2:RunInstances', resource: '*', context: { values: { 'aws:RequestedRegion': 'eu-west-1' } } }).verdict).toBe(
      'allowed',
    );
  });

  it('leaves a resource with a policy variable undecided', () => {
    const docs = [allow('s3:*', 'arn:aws:s3:::home/${aws:username}/*')];
    expect(evaluatePolicies(docs, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/x' }).verdict).toBe('conditional');
    expect(isAllowed(docs, 's3:GetObject', 'arn:aws:s3:::home/bob/x', { values: { 'aws:username': 'bob' } })).toBe(true);
  });
});

describe('principals and trust policies', () => {
  const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/5C6DE2E1F8A64A3B9C1D0E2F3A4B5C6D';
  const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`;
  const irsaTrust: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:shop:api', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
    ],
  };

  it('lists the Allow statements and the assume actions they grant', () => {
    const statements = trustStatements(irsaTrust);
    expect(statements.map((s) => s.actions)).toEqual([['sts:AssumeRoleWithWebIdentity'], ['sts:AssumeRole']]);
    expect(statements[0]?.principal.Federated).toEqual([provider]);
    expect(clausesOn(statements[0]!.statement, `${issuer.toUpperCase()}:SUB`)).toHaveLength(1);
    expect(conditionPath({ path: statements[0]!.statement.path, statement: statements[0]!.statement })).toEqual(['Statement', 0, 'Condition']);
  });

  it('decides web-identity requests by provider and sub/aud', () => {
    const request = (sub: string) => ({
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: `arn:aws:iam::${ACCOUNT}:role/shop-api`,
      principal: { type: 'Federated' as const, id: provider },
      context: { values: { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: 'sts.amazonaws.com' } },
    });
    expect(evaluatePolicies([irsaTrust], request('system:serviceaccount:shop:api')).verdict).toBe('allowed');
    expect(evaluatePolicies([irsaTrust], request('system:serviceaccount:shop:other')).verdict).toBe('not-allowed');
    const otherProvider = { ...request('system:serviceaccount:shop:api'), principal: { type: 'Federated' as const, id: `${provider}X` } };
    expect(evaluatePolicies([irsaTrust], otherProvider).verdict).toBe('not-allowed');
  });

  it('matches AWS principals by ARN, by account root and by bare account id', () => {
    const role = { type: 'AWS' as const, id: `arn:aws:iam::${ACCOUNT}:role/ci`, account: ACCOUNT };
    expect(evaluatePolicies([irsaTrust], { action: 'sts:AssumeRole', resource: 'r', principal: role }).verdict).toBe('allowed');
    const foreign = { type: 'AWS' as const, id: 'arn:aws:iam::999999999999:role/ci', account: '999999999999' };
    expect(evaluatePolicies([irsaTrust], { action: 'sts:AssumeRole', resource: 'r', principal: foreign }).verdict).toBe('not-allowed');
    const bare: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] };
    expect(evaluatePolicies([bare], { action: 'sts:AssumeRole', resource: 'r', principal: role }).verdict).toBe('allowed');
  });

  it('treats "*" and {"AWS": "*"} as every principal, and NotPrincipal as everyone else', () => {
    const open: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] };
    const openAws: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'ecr:*' }] };
    const anyone = { type: 'AWS' as const, id: 'arn:aws:iam::999999999999:user/x', account: '999999999999' };
    expect(evaluatePolicies([open], { action: 'ecr:BatchGetImage', resource: 'r', principal: anyone }).verdict).toBe('allowed');
    expect(evaluatePolicies([openAws], { action: 'ecr:PutImage', resource: 'r', principal: anyone }).verdict).toBe('allowed');
    const denyOthers: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: '*', Resource: '*' },
      ],
    };
    expect(evaluatePolicies([denyOthers], { action: 's3:GetObject', resource: 'x', principal: anyone }).verdict).toBe('denied');
    const insider = { type: 'AWS' as const, id: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT };
    expect(evaluatePolicies([denyOthers], { action: 's3:GetObject', resource: 'x', principal: insider }).verdict).toBe('allowed');
  });

  it('matches service principals without regard to case', () => {
    const podIdentity: PolicyDocument = {
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    };
    const service = { type: 'Service' as const, id: 'PODS.eks.amazonaws.com' };
    expect(evaluatePolicies([podIdentity], { action: 'sts:TagSession', resource: 'r', principal: service }).verdict).toBe('allowed');
    expect(trustStatements(podIdentity)[0]?.actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });
});
